import Foundation
import Testing

/// A long run says how far it is on a terminal, and nowhere else.
@Suite(.serialized) struct ProgressTests {
    static let long = ["rank", ScenarioFiles.directory + "/subscription-app.yaml", "--samples", "2000000", "--threads", "1"]

    /// The command's standard error as a terminal shows it (`script` gives it a pty); its
    /// standard output goes to a file.
    private func onTerminal(_ arguments: [String]) throws -> (status: Int32, terminal: String, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-progress-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let command = ([Binary.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ") + " > '\(output.path)'"
        let run = try Binary.launch(URL(fileURLWithPath: "/usr/bin/script"), ["-qfec", command, "/dev/null"])
        return (run.status, run.stdout, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func aLongRunShowsProgressOnATerminalAndErasesIt() throws {
        let run = try onTerminal(Self.long)
        #expect(run.status == 0)
        #expect(run.terminal.contains("rank: pass 1, ") && run.terminal.contains("%"), "\(run.terminal.prefix(200))")
        #expect(run.terminal.hasSuffix("\r\u{1B}[2K"), "the line is erased when the run ends")
        #expect(!run.output.contains("pass 1"), "never in the output")
    }

    @Test func jsonAndRedirectedRunsShowNothing() throws {
        let json = try onTerminal(Self.long + ["--format", "json"])
        #expect(json.status == 0 && json.terminal.isEmpty, "\(json.terminal.prefix(200))")
        let redirected = try Binary.run(Self.long)
        #expect(redirected.status == 0 && redirected.stderr.isEmpty)
    }
}
