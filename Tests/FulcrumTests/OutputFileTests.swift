import Foundation
import Testing
@testable import Fulcrum

/// `--output` must never cost a file: the library's checks, then the binary end to end.
@Suite(.serialized) struct OutputFileTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-output-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    private func refusal(_ output: String, protecting inputs: [String] = []) -> String? {
        do {
            _ = try OutputFile(output, protecting: inputs)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func replacesAnExistingFileAndKeepsItsPermissions() throws {
        let target = path("result.txt")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o640)
        try OutputFile(target, protecting: []).write("new")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        var status = stat()
        stat(target, &status)
        #expect(status.st_mode & 0o7777 == 0o640)
        #expect(try contents() == ["result.txt"], "no temporary file is left behind")
    }

    @Test func aNewFileGetsTheUmasksPermissions() throws {
        let target = path("fresh.txt")
        let mask = umask(0o027)
        defer { umask(mask) }
        try OutputFile(target, protecting: []).write("x")
        var status = stat()
        stat(target, &status)
        #expect(status.st_mode & 0o777 == 0o640)
    }

    @Test func writesThroughALinkToARegularFile() throws {
        let target = path("real.txt")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("link.txt"), withDestinationPath: target)
        try OutputFile(path("link.txt"), protecting: []).write("new")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.txt")) == target)
    }

    @Test func refusesEverythingThatIsNotARegularFileOrIsAnInput() throws {
        let scenario = path("s.yaml")
        try "name: x".write(toFile: scenario, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("alias.yaml"), withDestinationPath: scenario)
        try FileManager.default.linkItem(atPath: scenario, toPath: path("hard.yaml"))
        try FileManager.default.createSymbolicLink(atPath: path("dangling"), withDestinationPath: path("nowhere/x"))
        try FileManager.default.createDirectory(atPath: path("folder"), withIntermediateDirectories: false)
        mkfifo(path("fifo"), 0o600)
        let cases: [(String, String)] = [
            (scenario, "is the scenario file"), (path("alias.yaml"), "is the scenario file"),
            (path("hard.yaml"), "is the scenario file"), (path("folder"), "is a directory"),
            (path("folder") + "/", "names a directory"), (directory.path, "is a directory"), (".", "is a directory"),
            ("", "needs a file name"), ("/dev/null", "is a device"), (path("fifo"), "is a pipe"),
            (path("dangling"), "symbolic link to a file that does not exist"), (path("missing/out.json"), "does not exist"),
        ]
        for (output, reason) in cases {
            let message = refusal(output, protecting: [scenario])
            #expect(message?.contains(reason) == true, "\(output): \(message ?? "accepted")")
        }
        #expect(try String(contentsOfFile: scenario, encoding: .utf8) == "name: x")
    }

    /// Random sequences of writes, refusals and failed writes: whatever happens, the file
    /// holds the last text that was completely written, and nothing else is left beside it.
    @Test func anySequenceOfWritesLeavesTheLastCompleteOne() throws {
        var generator = SplitMix(seed: 20261130)
        let target = path("out.json")
        var expected: String?
        for step in 0..<200 {
            switch generator.next() % 4 {
            case 0, 1:
                let text = String(repeating: "\(step),", count: Int(generator.next() % 5000))
                try OutputFile(target, protecting: []).write(text)
                expected = text
            case 2:
                let mode = mode_t([0o600, 0o644, 0o640, 0o444][Int(generator.next() % 4)])
                if expected != nil { chmod(target, mode) }
                if expected != nil, mode == 0o444 {
                    try OutputFile(target, protecting: []).write("read-only is replaced, as a rename does")
                    expected = "read-only is replaced, as a rename does"
                    var status = stat()
                    stat(target, &status)
                    #expect(status.st_mode & 0o777 == 0o444)
                }
            default:
                #expect(refusal(target, protecting: [target]) != nil || expected == nil)
            }
            #expect(try contents() == (expected == nil ? [] : ["out.json"]))
            if let expected { #expect(try String(contentsOfFile: target, encoding: .utf8) == expected) }
        }
    }
}

/// A small seeded generator for property tests that must be reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
