import Foundation
import Testing

/// The terminal and Markdown outputs of every report, pinned byte for byte, so that the
/// Output layer can be rebuilt (one document, many renderers) without changing what users
/// read. After an intended change, regenerate with `FULCRUM_UPDATE_GOLDEN=1 swift test
/// -c release -Xswiftc -enable-testing --filter GoldenOutputTests` and review the diff.
@Suite struct GoldenOutputTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static let runs: [(name: String, arguments: [String])] = {
        let app = "scenarios/subscription-app.yaml", store = "scenarios/store-second-market.yaml"
        let common = ["--samples", "3000"]
        return [
            ("validate", ["validate", app]),
            ("tree", ["tree", app]),
            ("simulate", ["simulate", app, "--plan", "monetize"] + common),
            ("simulate-segments", ["simulate", store, "--plan", "go_to_germany"] + common),
            ("rank", ["rank", app] + common),
            ("compare", ["compare", app] + common),
            ("optimize", ["optimize", store] + common),
            ("align", ["align", app, "--plan", "grow_top_of_funnel"] + common),
            ("align-goal", ["align", "scenarios/growth-to-profit.yaml", "--plan", "grow_fast", "--goal", "profit"] + common),
            ("stress", ["stress", app, "--shock", "signups=-10%", "--solve", "churn", "--probability", "0.5"] + common),
            ("sensitivity", ["sensitivity", app, "--plan", "monetize"] + common),
            ("voi", ["voi", app] + common),
        ]
    }()

    @Test(arguments: runs.indices, ["table", "markdown"])
    func outputIsPinned(_ index: Int, _ format: String) throws {
        let (name, arguments) = Self.runs[index]
        guard name != "validate" || format == "table" else { return }
        let root = Self.directory.deletingLastPathComponent().deletingLastPathComponent()
        // Relative paths, so the provenance line does not depend on where the clone lives.
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments + (name == "validate" ? [] : ["--format", format])
        process.currentDirectoryURL = root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let golden = Self.directory.appendingPathComponent("\(name).\(format == "table" ? "txt" : "md")")
        if ProcessInfo.processInfo.environment["FULCRUM_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try text.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "\(name) \(format) differs from \(golden.lastPathComponent)")
    }
}
