import Foundation
import Fulcrum

/// A command whose runs can be long enough to deserve a progress line.
protocol ShowsProgress {
    /// False for JSON output, which other programs read, stderr included.
    var showsProgress: Bool { get }
}

/// One line on standard error saying how far a run is: only on a terminal, only once the
/// run has taken a second, at most ten times a second, and erased when the run ends, so a
/// redirected or piped run never sees it.
final class ProgressLine: @unchecked Sendable {
    private let command: String
    private let started = Date()
    private var lastDrawn: Date?
    private let lock = NSLock()

    private init(command: String) {
        self.command = command
    }

    static func start(for command: String, showing: Bool) -> ProgressLine? {
        guard showing, isatty(STDERR_FILENO) == 1 else { return nil }
        let line = ProgressLine(command: command)
        RunProgress.observe { pass, fraction in line.draw(pass: pass, fraction: fraction) }
        return line
    }

    private func draw(pass: Int, fraction: Double) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(started) >= 1, lastDrawn.map({ now.timeIntervalSince($0) >= 0.1 }) ?? true else { return }
        lastDrawn = now
        let seconds = String(format: "%.0f", now.timeIntervalSince(started))
        StreamWriter.writeStandardError("\r\u{1B}[2K\(command): pass \(pass), \(Int((fraction * 100).rounded(.down)))% (\(seconds) s)")
    }

    func finish() {
        RunProgress.observe(nil)
        lock.lock()
        defer { lock.unlock() }
        if lastDrawn != nil { StreamWriter.writeStandardError("\r\u{1B}[2K") }
    }
}

extension Simulate: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Rank: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Compare: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Optimize: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Align: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Stress: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension SensitivityCommand: ShowsProgress { var showsProgress: Bool { options.format != .json } }
extension Voi: ShowsProgress { var showsProgress: Bool { options.format != .json } }
