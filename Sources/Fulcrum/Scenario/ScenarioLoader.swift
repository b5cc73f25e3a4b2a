import Foundation

/// Reads a scenario file into a checked `Scenario`, reporting every problem it finds.
public enum ScenarioLoader {
    /// An input overridden from the command line: `--set name=expression`.
    public struct Override: Sendable {
        public var name: String
        public var expression: String
        /// Which `--set` this was, for positions (`--set#2:1:COLUMN`).
        public var index: Int

        public init(name: String, expression: String, index: Int) {
            self.name = name
            self.expression = expression
            self.index = index
        }

        /// Parses `name=expression`.
        public init(argument: String, index: Int) throws(Diagnostics) {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw Diagnostics([Diagnostic("--set expects name=expression, got '\(argument)'",
                                              at: SourceLocation(file: "--set", line: 1, column: 1))])
            }
            self.init(name: String(argument[..<equals]).trimmingCharacters(in: .whitespaces),
                      expression: String(argument[argument.index(after: equals)...]), index: index)
        }
    }

    public static func load(path: String, overrides: [Override] = []) throws(Diagnostics) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file"
            throw Diagnostics([Diagnostic("\(reason): \(path)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return try load(text: text, file: path, overrides: overrides)
    }

    /// Where `features_from` tables come from: the file system, or (for the fuzzer) the input.
    public typealias TableSource = @Sendable (_ resolvedPath: String) -> Data?

    /// Reads a regular file only: a pipe or a device named `x.csv` would block or never end.
    public static let tablesOnDisk: TableSource = { path in
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    public static func load(text: String, file: String, overrides: [Override] = [],
                            tables: TableSource = tablesOnDisk) throws(Diagnostics) -> Scenario {
        let document = try DocumentReader.read(text, file: file)
        var log = DiagnosticLog()
        var scenario = read(document, file: file, tables: tables, log: &log)
        scenario.sourceSHA256 = SHA256.hex(text.utf8)
        apply(overrides, to: &scenario, log: &log)
        ScenarioChecker.check(scenario, log: &log)
        try log.check()
        scenario.warnings = ScenarioWarnings.check(scenario)
        return scenario
    }

    static let topLevelKeys = ["name", "description", "horizon", "period", "start", "samples", "seed", "goals", "primary",
                               "segments", "inputs", "correlations", "metrics", "features", "features_from", "budget", "plans"]

    private static func read(_ document: DocumentNode, file: String, tables source: TableSource, log: inout DiagnosticLog) -> Scenario {
        let root = MappingReader(document, context: "the scenario", allowedKeys: topLevelKeys, log: &log)
        let name = root.require("name", log: &log) != nil ? root.string("name", log: &log) : nil
        _ = root.require("horizon", log: &log)
        let horizon = root.integer("horizon", minimum: 1, maximum: 100_000, log: &log)
        var seed: UInt64 = 1
        if let entry = root["seed"], MappingReader.number(entry.value, named: "'seed'", log: &log) != nil,
           case .scalar(let scalar) = entry.value {
            if let value = Seed.parse(scalar.text) { seed = value } else {
                log.error("'seed' must be \(Seed.range), got \(scalar.text)", at: scalar.location)
            }
        }
        var budget: Double?, costBudget: Double?
        if let entry = root["budget"] {
            if case .mapping = entry.value {
                // Version 2: `{effort: 16, cost: 150000}`; a roadmap must fit every limit given.
                let limits = MappingReader(entry.value, context: "'budget'", allowedKeys: ["effort", "cost"], log: &log)
                if limits.mapping.entries.isEmpty { log.error("'budget' needs 'effort', 'cost' or both", at: entry.value.location) }
                budget = limits.number("effort", log: &log).flatMap { Self.nonNegative($0, "the effort budget", log: &log) }
                costBudget = limits.number("cost", log: &log).flatMap { Self.nonNegative($0, "the cost budget", log: &log) }
            } else {
                budget = root.number("budget", log: &log).flatMap { Self.nonNegative($0, "'budget'", log: &log) }
            }
        }
        let goals = root["goals"].map { readGoals($0.value, log: &log) } ?? []
        let primary = root.require("primary", log: &log).flatMap { entry -> Primary? in
            // Version 2: `primary: growth` names one of the goals.
            guard case .scalar(let scalar) = entry.value, !scalar.text.isEmpty else { return readPrimary(entry.value, log: &log) }
            if let goal = goals.first(where: { $0.name == scalar.text }) { return goal.primary }
            let hint = NameSuggestion.hint(for: scalar.text, among: goals.map(\.name))
            log.error(goals.isEmpty
                ? "'primary' names a goal, '\(scalar.text)', but there are no 'goals': write primary as a mapping such as {metric: revenue}, or add 'goals'"
                : "'primary' names '\(scalar.text)', which is not one of the goals\(hint); goals: \(goals.map(\.name).joined(separator: ", "))",
                      at: scalar.location)
            return nil
        }
        _ = root.require("inputs", log: &log)
        let dimensions = root["segments"].map { readSegments($0.value, log: &log) } ?? []
        let rawInputs = root["inputs"].map { readInputs($0.value, dimensions: dimensions, log: &log) } ?? []
        let rawMetrics = root["metrics"].map { readMetrics($0.value, dimensions: dimensions, log: &log) } ?? []
        var features = root["features"].map { readFeatures($0.value, log: &log) } ?? []
        var tables: [Scenario.Table] = []
        if let entry = root["features_from"] {
            for path in MappingReader.names(entry.value, named: "'features_from'", log: &log) {
                if let (table, entries) = FeatureTable.read(path.name, at: path.location, besideScenario: file, from: source, log: &log) {
                    tables.append(table)
                    features += entries.compactMap { readFeature($0, alreadyDefined: features, log: &log) }
                }
            }
        }
        let segments = SegmentFlattening(dimensions: dimensions, inputs: rawInputs, metrics: rawMetrics)
        checkSegmentNames(dimensions, inputs: rawInputs.map(\.name), metrics: rawMetrics.map(\.name), log: &log)
        let fits = segments.nodeCount <= SegmentFlattening.nodeLimit
        if !fits, let first = dimensions.first {
            log.error("the segments make \(segments.nodeCount) inputs and metrics, more than \(SegmentFlattening.nodeLimit): use fewer segments, or fewer dimensions on each name",
                      at: first.location)
        }
        var scenario = Scenario(
            file: file,
            name: name ?? "",
            description: root.string("description", log: &log),
            horizon: horizon ?? 1,
            period: root.string("period", log: &log) ?? "period",
            samples: root.integer("samples", minimum: 1, log: &log) ?? 100_000,
            seed: seed,
            primary: primary ?? Primary(metric: "", metricLocation: root.location, aggregate: .sum),
            goals: goals,
            inputs: fits ? segments.inputs(rawInputs, log: &log) : [],
            correlations: root["correlations"].map { readCorrelations($0.value, log: &log) } ?? [],
            metrics: fits ? segments.metrics(rawMetrics, log: &log) : [],
            features: fits ? segments.features(features, log: &log) : [],
            budget: budget,
            plans: root["plans"].map { readPlans($0.value, log: &log) } ?? [])
        scenario.tables = tables
        scenario.costBudget = costBudget
        scenario.calendar = readCalendar(root, period: scenario.period, log: &log)
        scenario.dimensions = dimensions
        return scenario
    }

    /// `start:` an ISO date, with a period of day, week, month, quarter or year.
    private static func readCalendar(_ root: MappingReader, period: String, log: inout DiagnosticLog) -> ScenarioCalendar? {
        guard let entry = root["start"], let text = root.string("start", log: &log) else { return nil }
        guard let date = ScenarioCalendar.date(text) else {
            log.error("'start' must be a date written YYYY-MM-DD, such as 2027-01-01, got '\(text)'", at: entry.value.location)
            return nil
        }
        guard let unit = ScenarioCalendar.Unit(rawValue: period) else {
            log.error("'start' needs a calendar period (day, week, month, quarter or year); the scenario's period is '\(period)'", at: entry.value.location)
            return nil
        }
        return ScenarioCalendar(start: date, unit: unit)
    }

    private static func nonNegative(_ number: (value: Double, location: SourceLocation), _ what: String, log: inout DiagnosticLog) -> Double? {
        guard number.value >= 0 else {
            log.error("\(what) must be >= 0, got \(DistributionFamily.short(number.value))", at: number.location)
            return nil
        }
        return number.value
    }

    private static func readGoals(_ node: DocumentNode, log: inout DiagnosticLog) -> [Goal] {
        entries(node, of: "goals", log: &log).compactMap { entry in
            readPrimary(entry.value, context: "goal '\(entry.key)'", log: &log).map { primary in
                var named = primary
                named.goal = entry.key
                return Goal(name: entry.key, primary: named, location: entry.keyLocation)
            }
        }
    }

    private static func readPrimary(_ node: DocumentNode, context: String = "'primary'", log: inout DiagnosticLog) -> Primary? {
        let map = MappingReader(node, context: context, allowedKeys: ["metric", "aggregate", "discount", "target", "unit"], log: &log)
        guard let metricEntry = map.require("metric", log: &log), let metric = map.string("metric", log: &log) else { return nil }
        guard !metric.trimmingCharacters(in: .whitespaces).isEmpty else {
            log.error("'metric' of \(context) is empty: name the input or metric that roadmaps are judged by", at: metricEntry.value.location)
            return nil
        }
        var aggregate = Aggregate.sum
        if let text = map.string("aggregate", log: &log) {
            if let value = Aggregate(rawValue: text) { aggregate = value } else {
                log.error("unknown aggregate '\(text)'\(NameSuggestion.hint(for: text, among: Aggregate.allCases.map(\.rawValue))); use sum, mean, last or npv",
                          at: map["aggregate"]!.value.location)
            }
        }
        let discount = map.number("discount", log: &log)
        if aggregate == .npv && discount == nil {
            log.error("aggregate 'npv' needs 'discount', the per-period discount rate (for example 1%)", at: map["aggregate"]!.value.location)
        }
        if let discount, discount.value <= -1 {
            log.error("'discount' must be greater than -1, got \(DistributionFamily.short(discount.value))", at: discount.location)
        }
        return Primary(metric: SegmentName.canonical(metric), metricLocation: metricEntry.value.location, aggregate: aggregate,
                       discount: discount?.value, target: map.number("target", log: &log)?.value,
                       unit: map.string("unit", log: &log))
    }

    static func formula(_ node: DocumentNode, named name: String, log: inout DiagnosticLog) -> Formula? {
        guard case .scalar(let scalar) = node else {
            log.error("\(name) must be an expression, not \(node.kindName)", at: node.location)
            return nil
        }
        do {
            return Formula(text: scalar.text, expression: try ExpressionParser.parse(scalar.text), scalar: scalar)
        } catch {
            log.error("in \(name): \(error.message)", at: scalar.location(ofOffset: error.offset))
            // A placeholder keeps the name defined, so later checks report no knock-on errors.
            return Formula(text: scalar.text, expression: Expression(.number(0), offset: 0), scalar: scalar)
        }
    }

    static func entries(_ node: DocumentNode, of section: String, log: inout DiagnosticLog) -> [DocumentNode.Mapping.Entry] {
        guard case .mapping(let mapping) = node else {
            if case .scalar(let scalar) = node, scalar.text.isEmpty, !scalar.isQuoted { return [] }
            log.error("'\(section)' must be a mapping of names to entries, not \(node.kindName)", at: node.location)
            return []
        }
        return mapping.entries
    }

    /// `[low, high]`, either side `null` for no limit on that side.
    static func readBounds(_ node: DocumentNode, log: inout DiagnosticLog) -> Bounds? {
        guard case .sequence(let items, let location) = node, items.count == 2 else {
            log.error("'bounds' is written [low, high], for example [0, 1] or [0, null]", at: node.location)
            return nil
        }
        var limits: [Double?] = []
        for item in items {
            if case .scalar(let scalar) = item, !scalar.isQuoted, ["null", "~", ""].contains(scalar.text) {
                limits.append(nil)
            } else if let value = MappingReader.number(item, named: "a bound", log: &log) {
                guard value.isFinite else {
                    log.error("a bound must be finite; write null for no limit on that side", at: item.location)
                    return nil
                }
                limits.append(value)
            } else {
                return nil
            }
        }
        if let low = limits[0], let high = limits[1], low > high {
            log.error("'bounds' [\(DistributionFamily.short(low)), \(DistributionFamily.short(high))]: the lower bound is above the upper", at: location)
            return nil
        }
        if limits == [nil, nil] {
            log.error("'bounds' [null, null] limits nothing: remove it, or give at least one side", at: location)
            return nil
        }
        return Bounds(lower: limits[0], upper: limits[1], location: location)
    }

    private static func readCorrelations(_ node: DocumentNode, log: inout DiagnosticLog) -> [Correlation] {
        guard case .sequence(let items, _) = node else {
            log.error("'correlations' must be a list of [a, b, rho] entries, not \(node.kindName)", at: node.location)
            return []
        }
        return items.compactMap { item in
            guard case .sequence(let parts, let location) = item, parts.count == 3,
                  case .scalar(let first) = parts[0], case .scalar(let second) = parts[1] else {
                log.error("a correlation is written [a, b, rho], for example [conversion, aov, -0.4]", at: item.location)
                return nil
            }
            guard let rho = MappingReader.number(parts[2], named: "a correlation's rho", log: &log) else { return nil }
            guard rho > -1 && rho < 1 else {
                log.error("correlation rho must lie strictly between -1 and 1, got \(DistributionFamily.short(rho))", at: parts[2].location)
                return nil
            }
            return Correlation(first: SegmentName.canonical(first.text), second: SegmentName.canonical(second.text), rho: rho, location: location,
                               firstLocation: first.location, secondLocation: second.location)
        }
    }

    static let featureKeys = ["title", "effort", "cost", "focus", "launch", "ramp", "success", "requires", "requires_working", "excludes", "effects"]
    static let effectKeys = ["lift", "delta", "once", "half_life"]

    private static func readFeatures(_ node: DocumentNode, log: inout DiagnosticLog) -> [Feature] {
        entries(node, of: "features", log: &log).compactMap { readFeature($0, alreadyDefined: [], log: &log) }
    }

    private static func readFeature(_ entry: DocumentNode.Mapping.Entry, alreadyDefined: [Feature], log: inout DiagnosticLog) -> Feature? {
        if let defined = alreadyDefined.first(where: { $0.id == entry.key }) {
            log.error("feature '\(entry.key)' is defined twice: at \(defined.location) and here; give each feature one home, the scenario or a table",
                      at: entry.keyLocation)
            return nil
        }
        let context = "feature '\(entry.key)'"
        let map = MappingReader(entry.value, context: context, allowedKeys: featureKeys, log: &log)
        _ = map.require("effort", log: &log)
        var effort = 0.0
        if let (value, location) = map.number("effort", log: &log) {
            if value >= 0 { effort = value } else { log.error("'effort' must be >= 0, got \(DistributionFamily.short(value))", at: location) }
        }
        var success = 1.0
        if let (value, location) = map.number("success", log: &log) {
            if value > 0 && value <= 1 { success = value } else {
                log.error("'success' is a probability in (0, 1], got \(DistributionFamily.short(value))", at: location)
            }
        }
        var effects: [Effect] = []
        if let effectsEntry = map.require("effects", log: &log) {
            for effect in self.entries(effectsEntry.value, of: "effects", log: &log) {
                let effectContext = "the effect of '\(entry.key)' on '\(effect.key)'"
                let effectMap = MappingReader(effect.value, context: effectContext, allowedKeys: effectKeys, log: &log)
                let kinds = effectMap.mapping.entries.filter { $0.key == "lift" || $0.key == "delta" }
                guard kinds.count == 1, let kind = Effect.Kind(rawValue: kinds[0].key) else {
                    log.error("\(effectContext) needs exactly one of 'lift' (relative change) or 'delta' (absolute change)", at: effect.value.location)
                    continue
                }
                if let magnitude = formula(kinds[0].value, named: effectContext, log: &log) {
                    var read = Effect(target: effect.key, kind: kind, magnitude: magnitude, location: effect.keyLocation)
                    read.once = effectMap.boolean("once", log: &log) ?? false
                    if let (value, location) = effectMap.number("half_life", log: &log) {
                        if read.once {
                            log.error("a one-off effect (once: true) does not fade: give 'once' or 'half_life', not both", at: location)
                        } else if value > 0 {
                            read.halfLife = value
                        } else {
                            log.error("'half_life' must be > 0 (periods in which the effect halves), got \(DistributionFamily.short(value))", at: location)
                        }
                    }
                    effects.append(read)
                }
            }
        }
        let working = map.names("requires_working", log: &log)
        var requires = map.names("requires", log: &log)
        for id in working where !requires.contains(where: { $0.name == id.name }) { requires.append(id) }
        let excludes = map.names("excludes", log: &log)
        var feature = Feature(
            id: entry.key, title: map.string("title", log: &log) ?? entry.key, effort: effort,
            focus: map.string("focus", log: &log),
            launch: map.integer("launch", minimum: 1, log: &log) ?? 1,
            ramp: map.integer("ramp", minimum: 1, log: &log) ?? 1,
            success: success,
            requires: requires.map(\.name), excludes: excludes.map(\.name),
            effects: effects, location: entry.keyLocation,
            referenceLocations: Dictionary(requires.map { ("requires \($0.name)", $0.location) } + excludes.map { ("excludes \($0.name)", $0.location) },
                                           uniquingKeysWith: { first, _ in first }))
        feature.worksOnlyWith = working.map(\.name)
        feature.cost = map["cost"].flatMap { readCost($0.value, of: entry.key, log: &log) }
        return feature
    }

    /// A number, a range or one distribution with constant parameters: its mean is the cost
    /// (a budget is a plan, not a simulated outcome).
    private static func readCost(_ node: DocumentNode, of id: String, log: inout DiagnosticLog) -> Double? {
        guard let formula = formula(node, named: "the cost of '\(id)'", log: &log) else { return nil }
        guard let mean = formula.statedMoments(horizon: 1)?.mean else {
            log.error("the cost of '\(id)' must be a number, a range (80000 to 120000) or one distribution with constant parameters, whose mean is used",
                      at: formula.location)
            return nil
        }
        guard mean >= 0, mean.isFinite else {
            log.error("the cost of '\(id)' must be >= 0, got a mean of \(DistributionFamily.short(mean))", at: formula.location)
            return nil
        }
        return mean
    }

    private static func readPlans(_ node: DocumentNode, log: inout DiagnosticLog) -> [Plan] {
        entries(node, of: "plans", log: &log).map { entry in
            Plan(name: entry.key, features: MappingReader.names(entry.value, named: "plan '\(entry.key)'", log: &log).map(\.name),
                 location: entry.keyLocation)
        }
    }

    /// `--set input=expression`, and for a feature `id.target=expression` (an effect's
    /// magnitude), `id.success=p` and `id.launch=k`: any assumption can be tried without
    /// editing the file.
    private static func apply(_ overrides: [Override], to scenario: inout Scenario, log: inout DiagnosticLog) {
        for override in overrides {
            let location = SourceLocation(file: "--set#\(override.index)", line: 1, column: override.name.count + 2)
            let nameLocation = location.advanced(by: -override.name.count - 1)
            let scalar = DocumentNode.Scalar(text: override.expression, location: location, textStart: location, isQuoted: false)
            let parts = override.name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                applyToFeature(parts[0], parts[1], scalar, override: override, nameLocation: nameLocation, to: &scenario, log: &log)
                continue
            }
            let indices = scenario.inputIndices(named: override.name)
            guard !indices.isEmpty else {
                let candidates = scenario.inputs.map(\.name) + scenario.features.flatMap { f in
                    f.effects.map { "\(f.id).\($0.target)" } + ["\(f.id).success", "\(f.id).launch"]
                }
                log.error("--set names '\(override.name)', which is neither an input nor feature.target, feature.success or feature.launch\(NameSuggestion.hint(for: override.name, among: candidates))",
                          at: nameLocation)
                continue
            }
            if let formula = formula(.scalar(scalar), named: "--set \(override.name)", log: &log) {
                for index in indices {
                    scenario.inputs[index].formula = formula
                    scenario.inputs[index].series = nil
                }
            }
        }
    }

    private static func applyToFeature(_ id: String, _ key: String, _ scalar: DocumentNode.Scalar, override: Override,
                                       nameLocation: SourceLocation, to scenario: inout Scenario, log: inout DiagnosticLog) {
        guard let f = scenario.features.firstIndex(where: { $0.id == id }) else {
            log.error("--set names feature '\(id)', which is not a feature\(NameSuggestion.hint(for: id, among: scenario.features.map(\.id)))", at: nameLocation)
            return
        }
        let feature = scenario.features[f]
        switch key {
        case "success":
            guard let value = Scalar.number(override.expression), value > 0, value <= 1 else {
                log.error("--set \(override.name) must be a probability in (0, 1], got '\(override.expression)'", at: scalar.location)
                return
            }
            scenario.features[f].success = value
        case "launch":
            guard let value = Scalar.number(override.expression), value == value.rounded(), value >= 1, value < 1e9 else {
                log.error("--set \(override.name) must be a whole period >= 1, got '\(override.expression)'", at: scalar.location)
                return
            }
            scenario.features[f].launch = Int(value)
        default:
            let target = SegmentName.canonical(key)
            let effects = feature.effects.indices.filter { feature.effects[$0].target == target || feature.effects[$0].drawKey == target }
            guard !effects.isEmpty else {
                let keys = feature.effects.map(\.target) + ["success", "launch"]
                log.error("--set names '\(override.name)', but feature '\(id)' has no effect on '\(key)'\(NameSuggestion.hint(for: key, among: keys)); it takes \(keys.map { "\(id).\($0)" }.joined(separator: ", "))",
                          at: nameLocation)
                return
            }
            if let formula = formula(.scalar(scalar), named: "--set \(override.name)", log: &log) {
                for e in effects { scenario.features[f].effects[e].magnitude = formula }
            }
        }
    }
}
