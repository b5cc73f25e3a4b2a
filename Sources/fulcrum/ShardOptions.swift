import ArgumentParser
import Foundation
import Fulcrum

/// `--shard I/N` and `--after STAGE`: one machine's share of a run, for `fulcrum merge`.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Compute only shard I of N (counted from 1; auto/N reads SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX) and write its part to --output, for 'fulcrum merge'.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("With --shard: continue from the merged stage that 'fulcrum merge --stage' wrote.", valueName: "stage"))
    var after: String?

    /// The commands that take `--shard`.
    static let shardedCommands: Set<String> = ["simulate", "rank", "compare", "sensitivity", "voi"]

    /// Options that change where or how a result is shown, never its numbers: a shard
    /// leaves them out of what its part must match.
    static let presentationOptions: Set<String> = ["--shard", "--after", "--output", "--format", "--threads"]

    func validate() throws {
        if after != nil && shard == nil { throw ValidationError("--after goes with --shard") }
        if let shard, !shard.hasPrefix("auto/") { _ = try index(shard) }
    }

    /// Runs `body` as it is, or, with `--shard`, as that shard: its part goes to `output`.
    func run(_ command: String, output: String?, scenario: ScenarioOptions, _ body: () throws -> Void) throws {
        guard let shard else { return try body() }
        let index = try index(shard)
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        if arguments.contains(where: { $0 == "--format" || $0.hasPrefix("--format=") }) {
            throw ValidationError("a shard writes its part, not a report: leave out --format and choose it in 'fulcrum merge'")
        }
        guard let output else { throw ValidationError("--shard needs --output FILE for the shard's part") }
        let stage = try after.map { path in
            let file = try readShardFile(path)
            guard !file.isPart else {
                throw ValidationError("--after '\(path)' is shard \(file.shard!)'s part, not a merged stage: merge the parts with --stage FILE and continue from that")
            }
            guard file.run.command == command, file.run.arguments == Self.numberArguments(arguments), file.run.version == FulcrumVersion.current else {
                throw ValidationError("--after '\(path)' is a stage of another run ('fulcrum \(file.run.command) \(file.run.arguments.joined(separator: " "))' with Fulcrum \(file.run.version)): continue each run from its own stage")
            }
            return file
        }
        let destination: OutputFile
        do {
            destination = try OutputFile(output, protecting: [scenario.scenario] + (after.map { [$0] } ?? []))
        } catch {
            throw ValidationError(error.message)
        }
        let session = ShardSession(shard: index, continuing: stage)
        do {
            try ShardSession.$current.withValue(session) { try body() }
        } catch let stop as EvaluationError where stop.endsShardRun {
            let run = ShardedRun(session: session, command: command, arguments: Self.numberArguments(arguments))
            guard let part = session.part(run: run) else { throw stop }
            try writeShardFile(part, to: destination)
            StreamWriter.writeStandardError("Shard \(index) of '\(command)' wrote its part to \(output); merge every shard's part with 'fulcrum merge'.\n")
            return
        }
        preconditionFailure("a shard ends at the first pass its stage does not hold")
    }

    private func index(_ text: String) throws -> ShardIndex {
        do {
            return try ShardIndex(parsing: text, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// `arguments` without the presentation options and their values.
    static func numberArguments(_ arguments: [String]) -> [String] {
        var kept: [String] = [], skipNext = false, positionalOnly = false
        for argument in arguments {
            if skipNext {
                skipNext = false
            } else if positionalOnly {
                kept.append(argument)
            } else if argument == "--" {
                positionalOnly = true
                kept.append(argument)
            } else if presentationOptions.contains(argument) {
                skipNext = true
            } else if let equals = argument.firstIndex(of: "="), presentationOptions.contains(String(argument[..<equals])) {
                continue
            } else {
                kept.append(argument)
            }
        }
        return kept
    }
}

/// A part or stage file, or a clear error.
func readShardFile(_ path: String) throws -> ShardFile {
    do {
        return try ShardFile.read(path)
    } catch {
        Terminal.error(error.message)
        throw ExitCode.failure
    }
}

/// Writes a part or stage, replacing `destination` only when the whole file is written.
func writeShardFile(_ file: ShardFile, to destination: OutputFile) throws {
    do {
        try destination.write(try file.encoded())
    } catch let error as ShardError {
        Terminal.error(error.message)
        throw ExitCode.failure
    } catch let error as OutputFileError {
        Terminal.error(error.message)
        throw ExitCode.failure
    }
}

extension ShardedRun {
    init(session: ShardSession, command: String, arguments: [String]) {
        let scenario = session.scenario ?? (file: "", sha256: "", tables: [])
        self.init(version: FulcrumVersion.current, command: command, arguments: arguments,
                  directory: FileManager.default.currentDirectoryPath, scenario: scenario.file, sha256: scenario.sha256,
                  tables: scenario.tables, seed: session.seed, samples: session.samples)
    }
}
