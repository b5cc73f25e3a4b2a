import Foundation
import Testing

/// The README and the tutorial are run, not trusted: every command they show must work as
/// written, and every excerpt of a shipped file must still be in that file.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: ScenarioFiles.directory).deletingLastPathComponent()
    static let documents = ["README.md", "docs/TUTORIAL.md"]

    /// The fenced blocks of `language` in a Markdown file, in order.
    static func blocks(_ language: String, in document: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The shell commands of `document`, in order, without `make`.
    static func commands(in document: String) -> [String] {
        ((try? blocks("sh", in: document)) ?? []).flatMap { $0.split(separator: "\n").map(String.init) }
            .filter { !$0.hasPrefix("make ") && !$0.isEmpty }
    }

    static var commands: [String] {
        documents.flatMap { document in commands(in: document).map { "\(document): \($0)" } }
    }

    @Test func theDocumentsHaveCommands() {
        #expect(Self.commands.count >= 30, "\(Self.commands.count)")
        #expect(Self.commands.allSatisfy { $0.contains(": fulcrum ") }, "a shell block holds only make and fulcrum commands")
    }

    /// Each document's commands in order, as a reader would type them, from a fresh folder
    /// that holds a copy of the shipped scenarios: `--output` files and the ledger that
    /// `record` keeps next to its scenario land in scratch space, never in the checkout, and
    /// `review` finds the forecast that the commands before it recorded.
    @Test(arguments: documents)
    func everyDocumentedCommandRuns(_ document: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-docs-\(UUID())")
        let scenarios = folder.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in try FileManager.default.contentsOfDirectory(atPath: ScenarioFiles.directory)
        where name.hasSuffix(".yaml") || name.hasSuffix(".csv") {
            try FileManager.default.copyItem(at: URL(fileURLWithPath: ScenarioFiles.directory).appendingPathComponent(name),
                                             to: scenarios.appendingPathComponent(name))
        }
        for line in Self.commands(in: document) {
            let entry = "\(document): \(line)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", line]
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = Binary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            let (out, err) = (Pipe(), Pipe())
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(entry)\n\(stderr)")
            let output = line.range(of: "--output ").map { String(line[$0.upperBound...].prefix { $0 != " " }) }
            // A shard says where its part went and what to do next; nothing else may be said.
            if line.contains(" --shard "), let output {
                #expect(stderr.hasPrefix("Shard ") && stderr.contains("wrote its part to \(output);"), "\(entry) printed on stderr: \(stderr)")
                #expect(stderr.split(separator: "\n").count == 1, "\(entry) printed on stderr: \(stderr)")
            } else {
                #expect(stderr.isEmpty, "\(entry) printed on stderr: \(stderr)")
            }
            if let output {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(output).path), "\(entry) wrote \(output)")
            } else {
                #expect(!stdout.isEmpty, "\(entry) printed nothing")
            }
        }
    }

    /// The tutorial quotes the shipped examples and backlog; a quote that no longer matches
    /// the file would teach the wrong thing.
    @Test func theTutorialQuotesTheShippedFiles() throws {
        let scenarios = try ScenarioFiles.all.map { try String(contentsOfFile: ScenarioFiles.directory + "/" + $0, encoding: .utf8) }
        let backlog = try String(contentsOfFile: ScenarioFiles.directory + "/b2b-saas-backlog.csv", encoding: .utf8)
        let yaml = try Self.blocks("yaml", in: "docs/TUTORIAL.md"), csv = try Self.blocks("csv", in: "docs/TUTORIAL.md")
        #expect(yaml.count >= 8 && csv.count == 1)
        for block in yaml { #expect(scenarios.contains { $0.contains(block + "\n") }, "not in a shipped scenario:\n\(block)") }
        for block in csv { #expect(backlog.hasPrefix(block + "\n"), "not the start of b2b-saas-backlog.csv:\n\(block)") }
    }

    /// The reference stands alone: it links only to files of the repository.
    @Test func theReferencePointsNowhereOutsideTheRepository() throws {
        for document in ["docs/FORMAT.md", "docs/TUTORIAL.md"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
            #expect(!text.contains("SCENARIO-FORMAT") && !text.contains("../shared") && !text.contains("http"), "\(document)")
            for link in text.matches(of: /\]\(([^)#]+)\)/).map({ String($0.1) }) {
                let target = Self.root.appendingPathComponent(document).deletingLastPathComponent().appendingPathComponent(link)
                #expect(FileManager.default.fileExists(atPath: target.path), "\(document) links to \(link)")
            }
        }
    }
}
