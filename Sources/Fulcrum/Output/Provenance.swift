import Foundation

/// Where a result came from: the scenario file and a hash of its text, every option that
/// changed what was computed, the seed, the samples and Fulcrum's version. A finance
/// partner holding a number months later can rerun exactly what produced it.
public struct Provenance: Sendable {
    public var file: String
    /// SHA-256 of the scenario's text as loaded (`sha256sum FILE` gives the same).
    public var sha256: String
    /// The `features_from` tables, with their hashes.
    public var tables: [Scenario.Table]
    public var overrides: [String]
    public var shocks: [String]
    public var goal: String?
    public var target: Double?
    public var horizon: Int?
    public var seed: UInt64
    public var samples: Int
    public var version: String

    public init(scenario: Scenario, overrides: [String], shocks: [String] = [], goal: String?, target: Double?, horizon: Int?,
                seed: UInt64, samples: Int) {
        file = scenario.file
        sha256 = scenario.sourceSHA256
        tables = scenario.tables
        self.overrides = overrides
        self.shocks = shocks
        self.goal = goal
        self.target = target
        self.horizon = horizon
        self.seed = seed
        self.samples = samples
        version = FulcrumVersion.current
    }

    var json: JSONValue {
        .object([
            ("file", .string(file)), ("sha256", .string(sha256)),
            ("features_from", .array(tables.map { .object([("file", .string($0.file)), ("sha256", .string($0.sha256))]) })),
            ("set", .array(overrides.map { .string($0) })), ("shocks", .array(shocks.map { .string($0) })),
            ("goal", goal.map { .string($0) } ?? .null), ("target", .number(target)),
            ("horizon", horizon.map { .number(Double($0)) } ?? .null),
            ("seed", .integer(seed)), ("samples", .number(Double(samples))), ("version", .string(version)),
        ])
    }

    /// One line for the end of a table or Markdown report.
    func line(markdown: Bool) -> String {
        "\n" + (markdown ? "_\(sentence)_" : Prose.wrapped(sentence, bullet: nil)) + "\n"
    }

    /// "Provenance: FILE (sha256 ...), seed 7, 100,000 samples, ... Fulcrum 0.3.0."
    var sentence: String {
        var parts = ["\(file) (sha256 \(sha256.prefix(12)))"] + tables.map { "\($0.file) (sha256 \($0.sha256.prefix(12)))" }
        parts += ["seed \(seed)", "\(NumberFormat.grouped(Double(samples), decimals: 0)) samples"]
        if let goal { parts.append("--goal \(goal)") }
        if let target { parts.append("--target \(NumberFormat.auto(target))") }
        if let horizon { parts.append("--horizon \(horizon)") }
        parts += overrides.map { "--set \($0)" } + shocks.map { "--shock \($0)" }
        parts.append("Fulcrum \(version)")
        return "Provenance: " + parts.joined(separator: ", ") + "."
    }
}

extension JSONValue {
    /// The object with `provenance` as its last member, when there is one.
    func with(_ provenance: Provenance?) -> JSONValue {
        guard let provenance, case .object(let members) = self else { return self }
        return .object(members + [("provenance", provenance.json)])
    }
}
