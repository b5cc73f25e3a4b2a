import Foundation
import Testing
@testable import Fulcrum

/// Shards: which chunks each computes, and which index a batch system gives it.
struct ShardIndexTests {
    @Test func theShardsOfAPassCoverEveryChunkOnceInOrder() {
        for chunkCount in [0, 1, 2, 3, 7, 16, 123, 1000] {
            for count in [1, 2, 3, 4, 7, 50] {
                let ranges = (1...count).map { ShardIndex(index: $0, count: count).chunks(of: chunkCount) }
                #expect(ranges.first!.lowerBound == 0 && ranges.last!.upperBound == chunkCount)
                for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
                let lengths = ranges.map(\.count)
                #expect(lengths.max()! - lengths.min()! <= 1, "\(chunkCount) chunks in \(count) shards: \(lengths)")
            }
        }
    }

    @Test func anIndexComesFromTheCommandLineOrTheBatchSystem() throws {
        #expect(try ShardIndex(parsing: "2/5", environment: [:]) == ShardIndex(index: 2, count: 5))
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(try ShardIndex(parsing: "auto/4", environment: slurm) == ShardIndex(index: 3, count: 4))
        let rerunAlone = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_COUNT": "1"]
        #expect(try ShardIndex(parsing: "auto/4", environment: rerunAlone) == ShardIndex(index: 3, count: 4))
        #expect(try ShardIndex(parsing: "auto/4", environment: ["JOB_COMPLETION_INDEX": "0"]) == ShardIndex(index: 1, count: 4))
    }

    @Test(arguments: [
        ("0/3", [String: String](), "shard 0 is not one of 1 to 3"),
        ("4/3", [:], "shard 4 is not one of 1 to 3"),
        ("x/3", [:], "'x' is not a shard number"),
        ("3", [:], "takes I/N"),
        ("1/0", [:], "between 1 and 10000"),
        ("auto/3", [:], "neither SLURM_ARRAY_TASK_ID"),
        ("auto/3", ["SLURM_ARRAY_TASK_ID": "0"], "submit the array with --array=1-3"),
        ("auto/3", ["SLURM_ARRAY_TASK_ID": "4"], "shard 4 is not one of 1 to 3"),
        ("auto/3", ["JOB_COMPLETION_INDEX": "3"], "shard 4 is not one of 1 to 3"),
        ("auto/3", ["JOB_COMPLETION_INDEX": "one"], "not a number"),
    ])
    func aBadIndexIsRefused(_ text: String, _ environment: [String: String], _ message: String) {
        do {
            _ = try ShardIndex(parsing: text, environment: environment)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

/// `--shard I/N` and `fulcrum merge`, end to end: shards run as separate processes, in any
/// order, and their merge prints what one process prints.
@Suite(.serialized) struct ShardCommandLineTests {
    let directory: String

    init() throws {
        directory = try TestSupport.temporaryDirectory()
        for file in ["online-store.yaml", "subscription-app.yaml", "growth-to-profit.yaml", "b2b-saas.yaml", "b2b-saas-backlog.csv"] {
            try FileManager.default.copyItem(atPath: ScenarioFiles.directory + "/" + file, toPath: directory + "/" + file)
        }
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    /// Runs every stage of `arguments` in `count` shards (in `order`), merging each stage,
    /// and returns the merged output and the number of stages.
    private func sharded(_ arguments: [String], count: Int, order: [Int], format: String = "json",
                         threads: [Int] = [2]) throws -> (output: String, stages: Int) {
        var after: [String] = []
        for stage in 1... {
            let parts = (1...count).map { path("part-\(stage)-\($0)") }
            for (position, index) in order.enumerated() {
                let run = try Binary.run(arguments + ["--shard", "\(index)/\(count)", "--output", parts[index - 1],
                                                      "--threads", "\(threads[position % threads.count])"] + after)
                #expect(run.status == 0, "shard \(index) of stage \(stage): \(run.stderr)")
            }
            let stageFile = path("stage-\(stage)")
            let merge = try Binary.run(["merge"] + parts.reversed() + ["--format", format, "--stage", stageFile])
            #expect(merge.status == 0, "\(merge.stderr)")
            guard FileManager.default.fileExists(atPath: stageFile) else { return (merge.stdout, stage) }
            #expect(merge.stdout.isEmpty, "a stage prints no output")
            after = ["--after", stageFile]
        }
        fatalError("unreachable")
    }

    private func whole(_ arguments: [String], format: String = "json") throws -> String {
        let run = try Binary.run(arguments + ["--format", format])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test(arguments: [
        (["simulate", "online-store.yaml", "--samples", "30000"], 1),
        (["rank", "subscription-app.yaml", "--samples", "30000"], 1),
        (["rank", "b2b-saas.yaml", "--samples", "20000", "--by", "shapley"], 1),
        (["compare", "online-store.yaml", "--samples", "30000"], 1),
        (["sensitivity", "subscription-app.yaml", "--samples", "20000"], 2),
        (["sensitivity", "growth-to-profit.yaml", "--samples", "5000"], 1),
        (["sensitivity", "online-store.yaml", "--samples", "20000", "--method", "regression"], 3),
        (["voi", "online-store.yaml", "--samples", "30000"], 2),
    ])
    func aMergedRunPrintsWhatOneProcessPrints(_ command: [String], _ stages: Int) throws {
        let arguments = [command[0], path(command[1])] + command.dropFirst(2)
        let merged = try sharded(arguments, count: 3, order: [3, 1, 2], threads: [1, 2])
        #expect(merged.stages == stages)
        #expect(merged.output == (try whole(arguments)), "byte-identical JSON, provenance included")
        #expect(merged.output.contains("\"provenance\""))
    }

    /// Past ten features Shapley values are sampled, one ordering per share of the blocks:
    /// 49 passes that a shard computes in one stage.
    @Test func aSampledShapleyRankMergesToWhatOneProcessPrints() throws {
        let features = (0..<14).map { i in
            "  f\(i): {effort: \(i % 4 + 1), launch: \(i % 3 + 1)\(i > 0 && i % 5 == 0 ? ", requires: [f\(i - 1)]" : ""), effects: {total: {lift: normal(0.0\(i % 9 + 1), 0.02)}}}"
        }
        let yaml = "name: wide\nhorizon: 4\nprimary: {metric: total}\ninputs: {base: normal(100, 5)}\nmetrics:\n  total: base\nfeatures:\n"
            + features.joined(separator: "\n") + "\n"
        try yaml.write(toFile: path("wide.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["rank", path("wide.yaml"), "--samples", "30000", "--by", "shapley"]
        let merged = try sharded(arguments, count: 3, order: [2, 3, 1], threads: [1, 2])
        #expect(merged.stages == 1)
        let one = try whole(arguments)
        #expect(merged.output == one)
        #expect(one.contains("\"shapley_method\": \"permutations:48\""))
    }

    @Test func everyFormatMergesToTheSameBytes() throws {
        let arguments = ["rank", path("online-store.yaml"), "--samples", "20000"]
        for format in ["table", "csv", "markdown", "svg"] {
            let merged = try sharded(arguments, count: 4, order: [2, 4, 1, 3], format: format)
            #expect(merged.output == (try whole(arguments, format: format)), "\(format)")
        }
    }

    /// Shard files and merged output keep a seed beyond 2^63 exactly.
    @Test func theLargestSeedMergesToWhatOneProcessPrints() throws {
        let arguments = ["simulate", path("online-store.yaml"), "--samples", "3000", "--seed", "18446744073709551615"]
        let merged = try sharded(arguments, count: 2, order: [2, 1])
        #expect(merged.output == (try whole(arguments)))
        #expect(merged.output.contains("\"seed\": 18446744073709551615,"))
    }

    @Test func moreShardsThanChunksStillMerge() throws {
        let arguments = ["simulate", path("online-store.yaml"), "--samples", "3000"]
        let merged = try sharded(arguments, count: 5, order: [5, 4, 3, 2, 1])
        #expect(merged.output == (try whole(arguments)))
    }

    /// A shard stopped at any moment (SIGTERM, as a batch system stops a job) leaves no part
    /// or a whole one, and no temporary file; rerunning that shard alone completes the set.
    /// SIGKILL cannot be caught, so a kill during the final write may leave a temporary file.
    @Test func aFailedShardRerunAloneCompletesTheSet() throws {
        let arguments = ["simulate", path("online-store.yaml"), "--samples", "400000"]
        let parts = (1...3).map { path("part-\($0)") }
        for index in [1, 3] {
            #expect(try Binary.run(arguments + ["--shard", "\(index)/3", "--output", parts[index - 1]]).status == 0)
        }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments + ["--shard", "2/3", "--output", parts[1]]
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(150_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".part") }
        #expect(left.isEmpty, "no temporary file is left: \(left)")

        let incomplete = try Binary.run(["merge"] + parts.filter { FileManager.default.fileExists(atPath: $0) } + ["--output", path("out.json")])
        if !FileManager.default.fileExists(atPath: parts[1]) {
            #expect(incomplete.status == 1)
            #expect(incomplete.stderr.contains("shard 2/3 is missing; run it with --shard 2/3"), "\(incomplete.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path("out.json")))
        }
        #expect(try Binary.run(arguments + ["--shard", "2/3", "--output", parts[1]]).status == 0)
        let merged = try Binary.run(["merge"] + parts + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == (try whole(arguments)))
    }

    @Test func setsThatAreNotOneRunAreRefusedAndNothingIsWritten() throws {
        let scenario = path("online-store.yaml")
        let base = ["rank", scenario, "--samples", "5000"]
        func part(_ name: String, _ shard: String, _ extra: [String] = []) throws -> String {
            let run = try Binary.run(base + extra + ["--shard", shard, "--output", path(name)])
            #expect(run.status == 0, "\(run.stderr)")
            return path(name)
        }
        let one = try part("one", "1/2"), two = try part("two", "2/2")
        let otherSeed = try part("seed", "2/2", ["--seed", "99"])
        let otherSet = try part("set", "2/2", ["--set", "traffic=normal(510000, 40000)"])
        let otherSplit = try part("split", "2/3")
        var older = try ShardFile.read(two)
        older.run.version = "0.0.1"
        try Data(try older.encoded()).write(to: URL(fileURLWithPath: path("older")))
        var recording = try ShardFile.read(one), recordingTwo = try ShardFile.read(two)
        recording.run.arguments.append("--record")
        recordingTwo.run.arguments.append("--record")
        try Data(try recording.encoded()).write(to: URL(fileURLWithPath: path("rec1")))
        try Data(try recordingTwo.encoded()).write(to: URL(fileURLWithPath: path("rec2")))
        try Data("not a part".utf8).write(to: URL(fileURLWithPath: path("text")))
        let whole = try Data(contentsOf: URL(fileURLWithPath: two))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path("cut")))

        let output = path("merged.json")
        let cases: [([String], String)] = [
            ([one], "shard 2/2 is missing; run it with --shard 2/2"),
            ([one, two, two], "are both shard 2/2: give each shard's part once"),
            ([one, otherSeed], "parts of different runs (seed 99 vs 7)"),
            ([one, otherSet], "parts of different runs (the options"),
            ([one, otherSplit], "is shard 2/3 and"),
            ([one, path("older")], "parts of different runs (Fulcrum 0.0.1 vs"),
            ([one, path("text")], "is not a Fulcrum shard part"),
            ([one, path("cut")], "is not a Fulcrum shard part"),
            ([one, path("missing")], "cannot read"),
            ([path("rec1"), path("rec2")], "which no shard runs"),
        ]
        for (parts, message) in cases {
            let run = try Binary.run(["merge"] + parts + ["--output", output])
            #expect(run.status == 1, "\(message)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }

        let onScenario = try Binary.run(["merge", one, two, "--output", scenario])
        #expect(onScenario.status == 64 && onScenario.stderr.contains("is the scenario file"), "\(onScenario.stderr)")
        let onPart = try Binary.run(["merge", one, two, "--output", two])
        #expect(onPart.status == 64, "a part is never overwritten by its merge")
        #expect(try Data(contentsOf: URL(fileURLWithPath: two)) == whole)

        try (String(contentsOfFile: scenario, encoding: .utf8) + "\n# edited\n").write(toFile: scenario, atomically: true, encoding: .utf8)
        let edited = try Binary.run(["merge", one, two, "--output", output])
        #expect(edited.status == 1 && edited.stderr.contains("the shards ran on a different"), "\(edited.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func stagesAreContinuedOnlyByTheirOwnRun() throws {
        let arguments = ["voi", path("online-store.yaml"), "--samples", "5000"]
        let parts = [path("p1"), path("p2")]
        for (index, part) in zip(1..., parts) {
            #expect(try Binary.run(arguments + ["--shard", "\(index)/2", "--output", part]).status == 0)
        }
        let noStage = try Binary.run(["merge"] + parts + ["--output", path("out")])
        #expect(noStage.status == 1 && noStage.stderr.contains("needs another pass over the samples"), "\(noStage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("out")))
        #expect(try Binary.run(["merge"] + parts + ["--stage", path("stage")]).status == 0)

        let asPart = try Binary.run(["merge", path("stage")])
        #expect(asPart.status == 1 && asPart.stderr.contains("is a merged stage, not a shard's part"), "\(asPart.stderr)")
        let partAsStage = try Binary.run(arguments + ["--shard", "1/2", "--output", path("q"), "--after", parts[0]])
        #expect(partAsStage.status == 64 && partAsStage.stderr.contains("not a merged stage"), "\(partAsStage.stderr)")
        let otherRun = try Binary.run(["voi", path("online-store.yaml"), "--samples", "6000", "--shard", "1/2", "--output", path("q"),
                                       "--after", path("stage")])
        #expect(otherRun.status == 64 && otherRun.stderr.contains("is a stage of another run"), "\(otherRun.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("q")))
    }

    @Test func aShardTakesNoReportOptions() throws {
        let scenario = path("online-store.yaml")
        let cases: [([String], String)] = [
            (["rank", scenario, "--shard", "1/2"], "--shard needs --output FILE"),
            (["rank", scenario, "--shard", "1/2", "--output", path("p"), "--format", "json"], "leave out --format"),
            (["rank", scenario, "--after", path("p"), "--output", path("p")], "--after goes with --shard"),
            (["simulate", scenario, "--shard", "1/2", "--output", path("p"), "--record"], "--record records a whole run"),
            (["rank", scenario, "--shard", "1/2", "--output", scenario], "is the scenario file"),
            (["rank", scenario, "--shard", "auto/2", "--output", path("p")], "neither SLURM_ARRAY_TASK_ID"),
        ]
        for (arguments, message) in cases {
            let run = try Binary.launch(Binary.url, arguments, environment: ["PATH": "/usr/bin:/bin"])
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path("p")))
        }
    }

    @Test func aKubernetesIndexPicksTheShard() throws {
        let arguments = ["simulate", path("online-store.yaml"), "--samples", "20000"]
        for index in 0..<2 {
            let run = try Binary.launch(Binary.url, arguments + ["--shard", "auto/2", "--output", path("k\(index)")],
                                        environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(run.status == 0 && run.stderr.contains("Shard \(index + 1)/2"), "\(run.stderr)")
        }
        let merged = try Binary.run(["merge", path("k1"), path("k0"), "--format", "json"])
        #expect(merged.stdout == (try whole(arguments)))
    }

    @Test func aOneLetterOutputNameIsAFile() throws {
        let run = try Binary.run(viaShell: "cd '\(directory)' && \"$FULCRUM\" simulate online-store.yaml --samples 1000 --output x && test -s x")
        #expect(run.status == 0, "\(run.stderr)")
    }
}
