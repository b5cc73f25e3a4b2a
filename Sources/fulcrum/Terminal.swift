import ArgumentParser
import Foundation
import Fulcrum

/// Diagnostics on standard error, coloured only when it is a terminal.
enum Terminal {
    static let colours = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func error(_ message: String, at location: SourceLocation? = nil) {
        report(message, at: location, label: colours ? "\u{1B}[1;31merror:\u{1B}[0m" : "error:")
    }

    static func warning(_ message: String, at location: SourceLocation? = nil) {
        report(message, at: location, label: colours ? "\u{1B}[1;33mwarning:\u{1B}[0m" : "warning:")
    }

    private static func report(_ message: String, at location: SourceLocation?, label: String) {
        let prefix = location.map { colours ? "\u{1B}[1m\($0):\u{1B}[0m " : "\($0): " } ?? ""
        StreamWriter.writeStandardError("\(prefix)\(label) \(message)\n")
    }
}

enum NameSuggestionHint {
    static func text(for name: String, among candidates: [String]) -> String {
        Fulcrum.suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}

/// Prints every diagnostic and exits 1 when loading or evaluating a scenario fails.
func reportingDiagnostics<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let diagnostics as Diagnostics {
        for diagnostic in diagnostics.all { Terminal.error(diagnostic.message, at: diagnostic.location) }
        throw ExitCode.failure
    } catch let stop as EvaluationError where stop.endsShardRun {
        throw stop
    } catch let failure as EvaluationError {
        Terminal.error(failure.diagnostic.message, at: failure.diagnostic.location)
        throw ExitCode.failure
    }
}
