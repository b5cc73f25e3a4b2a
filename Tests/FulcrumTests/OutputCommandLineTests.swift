import Foundation
import Testing

/// The binary's writes: `--output`, a full or closed standard output, a closed pipe, Ctrl-C.
@Suite(.serialized) struct OutputCommandLineTests {
    static let store = ScenarioFiles.directory + "/online-store.yaml"
    static let commands: [[String]] = [
        ["simulate"], ["rank"], ["compare"], ["optimize"], ["align", "--plan", "checkout_first"], ["stress"], ["sensitivity"], ["voi"], ["report"],
    ]

    private func shell(_ script: String) throws -> Binary.Run {
        try Binary.run(viaShell: script)
    }

    @Test func runningTheSameCommandTwiceReplacesTheResult() throws {
        let directory = try TestSupport.temporaryDirectory()
        let target = directory + "/result.json"
        for _ in 0..<2 {
            let run = try Binary.run(["simulate", Self.store, "--samples", "500", "--format", "json", "--output", target])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["result.json"])
    }

    @Test(arguments: commands)
    func outputNamingTheScenarioOrADirectoryIsRefusedBeforeTheRun(_ command: [String]) throws {
        let directory = try TestSupport.temporaryDirectory()
        let scenario = directory + "/store.yaml"
        try FileManager.default.copyItem(atPath: Self.store, toPath: scenario)
        let before = try Data(contentsOf: URL(fileURLWithPath: scenario))
        for output in [scenario, directory, ".", "", "/dev/null"] {
            let run = try Binary.run(command + [scenario, "--samples", "200", "--output", output])
            #expect(run.status == 64, "\(command) --output '\(output)': \(run.stderr)")
            #expect(run.stderr.contains("error: --output"), "\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scenario)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["store.yaml"])
    }

    @Test(arguments: commands + [["validate"]])
    func aFullStandardOutputIsAnErrorNotACrash(_ command: [String]) throws {
        let run = try shell("\"$FULCRUM\" \(command.joined(separator: " ")) \(Self.store) \(command == ["validate"] ? "" : "--samples 200") > /dev/full")
        #expect(run.status == 1, "\(command): \(run.stderr)")
        #expect(run.stderr.contains("error: cannot write to standard output: No space left on device"), "\(run.stderr)")
    }

    @Test func helpToAFullStandardOutputIsAnError() throws {
        let full = try shell("\"$FULCRUM\" rank --help > /dev/full")
        #expect(full.status == 1 && full.stderr.contains("cannot write to standard output"), "\(full.status): \(full.stderr)")
        let piped = try shell("\"$FULCRUM\" rank --help | head -c 10 > /dev/null; exit ${PIPESTATUS[0]}")
        #expect(piped.status == 0 && piped.stderr.isEmpty)
    }

    @Test func aClosedStandardOutputIsAnError() throws {
        let run = try shell("\"$FULCRUM\" validate \(Self.store) >&-")
        #expect(run.status == 1 && run.stderr.contains("cannot write to standard output"), "\(run.stderr)")
    }

    @Test func aReaderThatStopsEarlyEndsTheRunQuietly() throws {
        let run = try shell("\"$FULCRUM\" rank \(Self.store) --samples 500 --format csv | head -c 20 > /dev/null; exit ${PIPESTATUS[0]}")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.status): \(run.stderr)")
    }

    @Test func anInterruptedRunLeavesThePreviousResult() throws {
        let directory = try TestSupport.temporaryDirectory()
        let target = directory + "/result.csv"
        try "previous".write(toFile: target, atomically: false, encoding: .utf8)
        let run = try shell("""
            "$FULCRUM" rank \(Self.store) --samples 50000000 --format csv --output \(target) & pid=$!
            sleep 1; kill -TERM $pid; wait $pid
            """)
        #expect(run.status != 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["result.csv"])
    }

    /// Random sequences of runs against random destinations: whatever the sequence, the
    /// scenario is untouched, a refused or failed run changes nothing, a good run leaves its
    /// complete output, and no temporary file is ever left behind.
    @Test func anySequenceOfRunsKeepsEveryFileWhole() throws {
        let directory = try TestSupport.temporaryDirectory()
        let scenario = directory + "/store.yaml"
        try FileManager.default.copyItem(atPath: Self.store, toPath: scenario)
        let broken = directory + "/broken.yaml"
        try "name: b\nhorizon: 2\nprimary: {metric: r}\ninputs: {x: 1}\nmetrics: {r: x / (t - 2)}\n"
            .write(toFile: broken, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/folder", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.yaml", withDestinationPath: scenario)
        let originals = try [scenario, broken].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        var generator = SplitMix(seed: 11)
        var expected: [String: String] = [:]
        let destinations = ["a.json", "b.csv", "store.yaml", "link.yaml", "folder", ".", "broken.yaml"]
        for step in 0..<16 {
            let name = destinations[Int(generator.next() % UInt64(destinations.count))]
            let input = generator.next() % 4 == 0 ? broken : scenario
            let format = ["json", "csv", "markdown", "table"][Int(generator.next() % 4)]
            let run = try Binary.run(["simulate", input, "--samples", "300", "--seed", "\(step)", "--format", format,
                                      "--output", directory + "/" + name])
            let writable = ["a.json", "b.csv"].contains(name) || (name == "broken.yaml" && input == scenario)
            if writable && input == scenario {
                #expect(run.status == 0, "step \(step): \(run.stderr)")
                let direct = try Binary.run(["simulate", input, "--samples", "300", "--seed", "\(step)", "--format", format])
                expected[name] = direct.stdout
            } else {
                #expect(run.status != 0, "step \(step): \(name) from \(input) was accepted")
            }
            for (file, text) in expected {
                #expect(try String(contentsOfFile: directory + "/" + file, encoding: .utf8) == text, "step \(step): \(file)")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "step \(step): \(leftovers)")
            if expected["broken.yaml"] == nil {
                #expect(try Data(contentsOf: URL(fileURLWithPath: broken)) == originals[1])
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scenario)) == originals[0])
    }
}

extension Binary {
    /// Runs a bash script with `$FULCRUM` set to the binary, for redirections a Process cannot make.
    static func run(viaShell script: String) throws -> Run {
        try launch(URL(fileURLWithPath: "/bin/bash"), ["-c", script],
                   environment: ProcessInfo.processInfo.environment.merging(["FULCRUM": url.path]) { $1 })
    }
}
