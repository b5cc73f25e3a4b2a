import Foundation

/// What one shard of a run computed (a part), or what a merge of parts computed for a run
/// that needs another pass over the samples (a stage): every pass so far as mergeable
/// accumulators (moments, counts, quantile sketches), encoded exactly.
///
/// A binary property list: doubles keep every bit, and any `Codable` accumulator encodes
/// without a format of its own. `formatVersion` changes whenever the layout does.
public struct ShardFile: Codable, Sendable {
    public static let format = "fulcrum-shard"
    public static let formatVersion = 2

    public var format = ShardFile.format
    public var formatVersion = ShardFile.formatVersion
    public var run: ShardedRun
    /// Set in a part: which shard computed `passes`.
    public var shard: ShardIndex?
    /// Passes every shard replayed from a stage, merged.
    var earlier: [MergedPass]
    /// A part's own passes (one, or several independent ones): its chunks and tallies.
    var passes: [ShardPass]

    public var isPart: Bool { shard != nil }
    /// The passes this file holds whole.
    public var completedPasses: Int { earlier.count }

    public func encoded() throws(ShardError) -> [UInt8] {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        do {
            return Array(try encoder.encode(self))
        } catch {
            throw ShardError("cannot encode the shard's state: \(error)")
        }
    }

    /// Reads a part or stage file, refusing anything else with what it is.
    public static func read(_ path: String) throws(ShardError) -> ShardFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ShardError("cannot read '\(path)': \((error as NSError).localizedDescription)")
        }
        guard data.starts(with: Array("bplist00".utf8)) else {
            throw ShardError("'\(path)' is not a Fulcrum shard part: write parts with --shard I/N --output FILE")
        }
        struct Envelope: Decodable { var format: String?; var formatVersion: Int? }
        let envelope = try? PropertyListDecoder().decode(Envelope.self, from: data)
        guard let envelope, envelope.format == format, let version = envelope.formatVersion else {
            throw ShardError("'\(path)' is not a Fulcrum shard part: write parts with --shard I/N --output FILE")
        }
        guard version == formatVersion else {
            throw ShardError("'\(path)' is a shard part of format \(version), and this Fulcrum reads format \(formatVersion): merge with the Fulcrum that wrote it")
        }
        do {
            return try PropertyListDecoder().decode(ShardFile.self, from: data)
        } catch {
            throw ShardError("'\(path)' is a damaged shard part: \(error)")
        }
    }
}

/// What makes parts belong together: the same command, options, scenario, seed, samples
/// and Fulcrum. Parts that differ in any of these would merge into a number nobody ran.
public struct ShardedRun: Codable, Sendable, Equatable {
    public var version: String
    public var command: String
    /// The command's arguments without those that do not change a number (`--shard`,
    /// `--after`, `--output`, `--format`, `--threads`).
    public var arguments: [String]
    /// Where the command ran: relative paths in `arguments` are from here.
    public var directory: String
    public var scenario: String
    public var sha256: String
    public var tables: [String]
    public var seed: UInt64
    public var samples: Int

    public init(version: String, command: String, arguments: [String], directory: String, scenario: String, sha256: String,
                tables: [String], seed: UInt64, samples: Int) {
        self.version = version
        self.command = command
        self.arguments = arguments
        self.directory = directory
        self.scenario = scenario
        self.sha256 = sha256
        self.tables = tables
        self.seed = seed
        self.samples = samples
    }

    /// The first difference from `other`, said as "FIELD: this vs that", or nil.
    public func difference(from other: ShardedRun) -> String? {
        if version != other.version { return "Fulcrum \(version) vs \(other.version)" }
        if command != other.command { return "the command '\(command)' vs '\(other.command)'" }
        if sha256 != other.sha256 { return "the scenario's sha256 \(sha256.prefix(12)) vs \(other.sha256.prefix(12))" }
        if tables != other.tables { return "the features_from tables' sha256 \(tables.joined(separator: ",")) vs \(other.tables.joined(separator: ","))" }
        if seed != other.seed { return "seed \(seed) vs \(other.seed)" }
        if samples != other.samples { return "\(samples) vs \(other.samples) samples" }
        if arguments != other.arguments {
            return "the options '\(arguments.joined(separator: " "))' vs '\(other.arguments.joined(separator: " "))'"
        }
        return nil
    }
}

/// One pass as one shard computed it: each of its chunks' partial, and its workers' tallies.
struct ShardPass: Codable, Sendable, Equatable {
    var seed: UInt64
    var samples: Int
    var chunkCount: Int
    var chunks: Range<Int>
    var partials: [Data]
    var tallies: [Data]
}

/// One pass as a merge of every shard computed it: the total and every worker's tallies.
struct MergedPass: Codable, Sendable, Equatable {
    var seed: UInt64
    var samples: Int
    var chunkCount: Int
    var total: Data
    var tallies: [Data]
}
