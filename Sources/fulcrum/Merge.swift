import ArgumentParser
import Foundation
import Fulcrum

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the parts of a sharded run into its output, byte for byte what one machine would print.",
        discussion: """
            Give every shard's part (written with --shard I/N --output FILE), in any order. A run whose \
            later pass needs the total of an earlier one (voi, say) takes stages: the merge then writes \
            the merged stage to --stage FILE instead of the output, and each shard runs again with \
            --after FILE; merge those parts the same way.
            """)

    @Argument(help: "The part file of every shard of one run.")
    var parts: [String]

    @Option(help: "Output format: table, json, csv, markdown, or svg where the command draws charts.")
    var format: OutputFormat = .table

    @Option(help: "Write the output to this file instead of standard output (replaced only when the merge succeeds).")
    var output: String?

    @Option(help: ArgumentHelp("Where to write the merged stage when the run needs another stage of shards (written only then).", valueName: "file"))
    var stage: String?

    func run() throws {
        let set: ShardSet
        do {
            set = try ShardSet(try parts.map { (path: $0, file: try readShardFile($0)) })
        } catch let error as ShardError {
            Terminal.error(error.message)
            throw ExitCode.failure
        }
        let run = set.run
        // A part is a file like any other: merge runs only what a shard can write.
        guard ShardOptions.shardedCommands.contains(run.command), !run.arguments.contains("--record"),
              ShardOptions.numberArguments(run.arguments) == run.arguments else {
            Terminal.error("the parts name 'fulcrum \(run.command) \(run.arguments.joined(separator: " "))', which no shard runs: they are damaged or were not written by --shard")
            throw ExitCode.failure
        }
        guard FileManager.default.fileExists(atPath: run.scenario) else {
            Terminal.error("the shards ran '\(run.scenario)' from '\(run.directory)', and it is not there from here: run the merge in '\(run.directory)'")
            throw ExitCode.failure
        }
        var stageFile: OutputFile?
        if let stage {
            do {
                stageFile = try OutputFile(stage, protecting: [run.scenario] + parts)
            } catch {
                throw ValidationError(error.message.replacingOccurrences(of: "--output", with: "--stage"))
            }
        }
        if let output {
            do {
                _ = try OutputFile(output, protecting: [run.scenario] + parts)
            } catch {
                throw ValidationError(error.message)
            }
        }
        var command: ParsableCommand
        do {
            command = try FulcrumCommand.parseAsRoot([run.command] + run.arguments + ["--format", format.rawValue] + (output.map { ["--output", $0] } ?? []))
        } catch {
            throw ValidationError("the parts' command 'fulcrum \(run.command) \(run.arguments.joined(separator: " "))' does not take --format \(format.rawValue): \(FulcrumCommand.message(for: error))")
        }
        let session = ShardSession(merging: set)
        do {
            try ShardSession.$current.withValue(session) { try command.run() }
        } catch let stop as EvaluationError where stop.endsShardRun && session.needsAnotherStage {
            guard let stageFile, let path = stage else {
                Terminal.error("'\(run.command)' needs another pass over the samples after the one these parts hold: give --stage FILE, run every shard again with --after FILE, and merge their parts")
                throw ExitCode.failure
            }
            let merged = session.stage(run: run)
            try writeShardFile(merged, to: stageFile)
            StreamWriter.writeStandardError("'\(run.command)' needs another stage: merged \(merged.completedPasses) pass(es) into \(path); run every shard again with --after \(path) and merge their parts.\n")
        }
    }
}
