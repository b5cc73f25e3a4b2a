import Foundation

/// `fulcrum learn`: each effect an experiment measured, updated from its prior in the
/// scenario to the posterior given the result, and the ranking before and after.
///
/// The result is taken as the true magnitude plus a normal error with the reported
/// standard error. A prior written `normal(m, s)` is updated exactly (the conjugate normal
/// update); any other prior by importance reweighting of its draws, summarised as a normal
/// with the posterior's mean and sd.
public struct EffectLearning: Sendable {
    public enum Method: Sendable, Equatable {
        case conjugate
        case reweighting(draws: Int, effectiveSamples: Double)
    }

    public struct Update: Sendable {
        public var feature: String
        public var target: String
        public var priorText: String
        public var prior: (mean: Double, sd: Double)
        public var estimate: Double
        public var standardError: Double
        public var posterior: (mean: Double, sd: Double)
        public var method: Method
        public var source: String
        public var posteriorText: String { "normal(\(Self.short(posterior.mean)), \(Self.short(posterior.sd)))" }

        static func short(_ x: Double) -> String { String(format: "%.6g", x) }
    }

    public var updates: [Update]
    public var updatedText: String
    public var before: Ranking
    public var after: Ranking

    /// Prior draws for reweighting.
    static let draws = 200_000

    public static func run(_ scenario: Scenario, text: String, results: [ExperimentsTable.Result], settings: SamplingSettings) throws -> EffectLearning {
        var updates: [Update] = []
        var lines = text.components(separatedBy: "\n")
        var edits: [(location: SourceLocation, written: String, update: Update)] = []
        for result in results {
            let effect = scenario.feature(withID: result.feature)!.effects.first { $0.target == result.target }!
            let magnitude = effect.magnitude
            let (prior, posterior, method) = try update(magnitude.text, estimate: result.estimate, standardError: result.standardError, seed: settings.seed)
            let update = Update(feature: result.feature, target: result.target, priorText: magnitude.text, prior: prior, estimate: result.estimate,
                                standardError: result.standardError, posterior: posterior, method: method, source: result.source)
            guard magnitude.location.file == scenario.file, magnitude.location.line >= 1, magnitude.location.line <= lines.count else {
                throw LearningError("\(result.feature).\(result.target) is defined in \(magnitude.location.file), not in the scenario: enter its posterior, \(update.posteriorText), there")
            }
            edits.append((magnitude.location, magnitude.text, update))
            updates.append(update)
        }
        // Right to left and bottom up, so that each edit leaves the positions of the others.
        var comments: [(line: Int, text: String)] = []
        for edit in edits.sorted(by: { ($0.location.line, $0.location.column) > ($1.location.line, $1.location.column) }) {
            let (location, update) = (edit.location, edit.update)
            var line = Array(lines[location.line - 1])
            let start = location.column - 1
            let written = Array(edit.written)
            let quoted = start < line.count && (line[start] == "\"" || line[start] == "'")
            let length = quoted ? (line[(start + 1)...].firstIndex(of: line[start]).map { $0 - start + 1 } ?? 0) : written.count
            guard start + length <= line.count, quoted || Array(line[start..<start + length]) == written else {
                throw LearningError("\(update.feature).\(update.target): cannot find its magnitude '\(edit.written)' at \(location) to replace")
            }
            line.replaceSubrange(start..<start + length, with: Array(update.posteriorText))
            lines[location.line - 1] = String(line)
            let indent = String(lines[location.line - 1].prefix { $0 == " " })
            let how = update.method == .conjugate ? "conjugate normal update" : "importance reweighting of \(draws) prior draws"
            comments.append((location.line - 1, "\(indent)# \(update.feature).\(update.target) learned from \(update.source) (estimate \(Update.short(update.estimate)), std error \(Update.short(update.standardError))): was \(edit.written), \(how)"))
        }
        for comment in comments.sorted(by: { $0.line > $1.line }) { lines.insert(comment.text, at: comment.line) }
        let updatedText = lines.joined(separator: "\n")
        let updated = try ScenarioLoader.load(text: updatedText, file: scenario.file)
        let rankSettings = Ranking.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)
        return EffectLearning(updates: updates, updatedText: updatedText, before: try Ranking.run(try Model(scenario), settings: rankSettings),
                              after: try Ranking.run(try Model(updated), settings: rankSettings))
    }

    /// Prior moments and the posterior for one magnitude.
    static func update(_ prior: String, estimate: Double, standardError: Double, seed: UInt64) throws
        -> (prior: (mean: Double, sd: Double), posterior: (mean: Double, sd: Double), method: Method) {
        if let (m, s) = normalParameters(prior), s > 0 {
            let precision = 1 / (s * s) + 1 / (standardError * standardError)
            let mean = (m / (s * s) + estimate / (standardError * standardError)) / precision
            return ((m, s), (mean, (1 / precision).squareRoot()), .conjugate)
        }
        let values = try priorDraws(prior, seed: seed)
        let logWeights = values.map { -0.5 * (($0 - estimate) / standardError) * (($0 - estimate) / standardError) }
        let largest = logWeights.max() ?? 0
        let weights = logWeights.map { exp($0 - largest) }
        let sum = weights.reduce(0, +), squares = weights.reduce(0) { $0 + $1 * $1 }
        let priorMean = values.reduce(0, +) / Double(values.count)
        let priorSD = (values.reduce(0) { $0 + ($1 - priorMean) * ($1 - priorMean) } / Double(values.count - 1)).squareRoot()
        let mean = zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 } / sum
        let sd = (zip(weights, values).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) } / sum).squareRoot()
        return ((priorMean, priorSD), (mean, sd), .reweighting(draws: values.count, effectiveSamples: sum * sum / squares))
    }

    /// `normal(m, s)` with two numbers.
    static func normalParameters(_ text: String) -> (Double, Double)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("normal("), trimmed.hasSuffix(")") else { return nil }
        let arguments = trimmed.dropFirst(7).dropLast().split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard arguments.count == 2, let m = arguments[0], let s = arguments[1] else { return nil }
        return (m, s)
    }

    /// Draws of a magnitude alone, through the engine: the magnitude as the only input.
    static func priorDraws(_ magnitude: String, seed: UInt64) throws -> [Double] {
        let yaml = "name: prior\nhorizon: 1\nprimary: {metric: m}\ninputs:\n  x: \"\(magnitude.replacingOccurrences(of: "\"", with: "\\\""))\"\nmetrics:\n  m: x\n"
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(text: yaml, file: "prior")
        } catch {
            throw LearningError("the prior '\(magnitude)' reads other quantities of the scenario; learn updates magnitudes written as distributions")
        }
        let model = try Model(scenario)
        let node = model.node(named: "x")!
        let (total, _) = try Engine.run(
            model: model, schedule: PlanSchedule(single: .baseline, model: model),
            settings: Engine.Settings(samples: draws, seed: seed, threads: 1), initial: [Double](), tally: 0,
            observe: { partial, _, block in partial = Array(block.values(plan: 0, node: node, period: 1)) },
            merge: { total, partial in total += partial })
        return total
    }
}

public struct LearningError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    init(_ message: String) { self.message = message }
}
