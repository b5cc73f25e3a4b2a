/// Reading inputs and metrics, which may be defined per segment, and the segments themselves.
extension ScenarioLoader {
    /// `segments: {market: [home, de]}`: each dimension and its segments, in file order.
    static func readSegments(_ node: DocumentNode, log: inout DiagnosticLog) -> [Dimension] {
        var dimensions: [Dimension] = []
        var seen: [String: SourceLocation] = [:]
        for entry in entries(node, of: "segments", log: &log) {
            let names = MappingReader.names(entry.value, named: "dimension '\(entry.key)'", log: &log)
            guard !names.isEmpty else {
                log.error("dimension '\(entry.key)' has no segments: list them, as [home, de]", at: entry.value.location)
                continue
            }
            for (name, location) in [(entry.key, entry.keyLocation)] + names.map({ ($0.name, $0.location) }) {
                if !ScenarioChecker.isValidName(name) || name == "default" || ExpressionParser.reservedWords.contains(name)
                    || BuiltinFunction.allNames.contains(name) || SegmentFlattening.isReduction(name) {
                    log.error("'\(name)' cannot name a segment or dimension: use letters, digits and '_', not a reserved word or 'default'", at: location)
                } else if let first = seen[name] {
                    log.error("'\(name)' is named twice among the segments and dimensions (first at line \(first.line)): each names one thing", at: location)
                }
                seen[name] = seen[name] ?? location
            }
            dimensions.append(Dimension(name: entry.key, segments: names.map(\.name), location: entry.keyLocation))
        }
        return dimensions
    }

    /// A segment or dimension read in a formula must not be mistaken for an input or metric.
    static func checkSegmentNames(_ dimensions: [Dimension], inputs: [String], metrics: [String], log: inout DiagnosticLog) {
        let names = Set(inputs + metrics)
        for dimension in dimensions {
            for name in [dimension.name] + dimension.segments where names.contains(name) {
                log.error("'\(name)' names both a segment or dimension and an input or metric: rename one", at: dimension.location)
            }
        }
    }

    static func readInputs(_ node: DocumentNode, dimensions: [Dimension], log: inout DiagnosticLog) -> [SegmentFlattening.RawInput] {
        entries(node, of: "inputs", log: &log).compactMap { entry in
            let definition = Segmented<Input>.read(entry.value, dimensions: dimensions, describe: "input '\(entry.key)'", log: &log) { value, log in
                if case .sequence(let items, let location) = value { return readSeries(entry, items, at: location, log: &log) }
                return formula(value, named: "input '\(entry.key)'", log: &log).map { Input(name: entry.key, formula: $0, location: entry.keyLocation) }
            }
            return definition.map { SegmentFlattening.RawInput(name: entry.key, location: entry.keyLocation, definition: $0) }
        }
    }

    /// `seasonality: [0.9, 0.85, 1.3]`: one element per period, repeating.
    private static func readSeries(_ entry: DocumentNode.Mapping.Entry, _ items: [DocumentNode], at location: SourceLocation,
                                   log: inout DiagnosticLog) -> Input? {
        guard !items.isEmpty else {
            log.error("input '\(entry.key)' is an empty list: a series needs at least one value, one per period", at: location)
            return nil
        }
        let elements = items.enumerated().compactMap { index, item in
            formula(item, named: "element \(index + 1) of input '\(entry.key)'", log: &log)
        }
        guard elements.count == items.count else { return nil }
        let text = "[" + elements.map(\.text).joined(separator: ", ") + "]"
        return Input(name: entry.key, formula: Formula(text: text, expression: elements[0].expression, scalar: elements[0].scalar),
                     location: entry.keyLocation, series: elements)
    }

    static func readMetrics(_ node: DocumentNode, dimensions: [Dimension], log: inout DiagnosticLog) -> [SegmentFlattening.RawMetric] {
        entries(node, of: "metrics", log: &log).compactMap { entry in
            let name = "metric '\(entry.key)'"
            func segmented(_ node: DocumentNode, _ describe: String, log: inout DiagnosticLog) -> Segmented<Formula>? {
                Segmented<Formula>.read(node, dimensions: dimensions, describe: describe, log: &log) { value, log in
                    formula(value, named: describe, log: &log)
                }
            }
            let segmentKeys = Set(dimensions.flatMap(\.segments) + ["default"])
            if case .mapping(let mapping) = entry.value, !mapping.entries.contains(where: { segmentKeys.contains($0.key) }) {
                let keys = ["formula", "initial", "unit", "bounds"]
                let map = MappingReader(entry.value, context: name, allowedKeys: keys, log: &log)
                guard let formulaEntry = map.require("formula", log: &log),
                      let formula = segmented(formulaEntry.value, name, log: &log) else { return nil }
                let initial = map["initial"].flatMap { segmented($0.value, "the initial value of '\(entry.key)'", log: &log) }
                return SegmentFlattening.RawMetric(name: entry.key, location: entry.keyLocation, formula: formula, initial: initial,
                                                   unit: map.string("unit", log: &log),
                                                   bounds: map["bounds"].flatMap { readBounds($0.value, log: &log) })
            }
            return segmented(entry.value, name, log: &log).map {
                SegmentFlattening.RawMetric(name: entry.key, location: entry.keyLocation, formula: $0, initial: nil, unit: nil, bounds: nil)
            }
        }
    }
}
