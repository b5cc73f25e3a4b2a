/// A dimension a business is split along (`market: [home, de]`) and its segments.
public struct Dimension: Sendable, Equatable {
    public var name: String
    public var segments: [String]
    public var location: SourceLocation
}

/// A definition that may differ by segment: one value, or a mapping keyed by the segments of
/// one dimension (`{home: ..., de: ...}`, with `default` for the rest), nested for several.
indirect enum Segmented<Value: Sendable>: Sendable {
    case one(Value)
    case bySegment(dimension: Int, cases: [String: Segmented<Value>], location: SourceLocation)

    /// Every value written, for checks that do not depend on the segment.
    var leaves: [Value] {
        switch self {
        case .one(let value): [value]
        case .bySegment(_, let cases, _): cases.keys.sorted().flatMap { cases[$0]!.leaves }
        }
    }

    /// The dimensions the mapping itself is keyed by, at any depth.
    var declaredDimensions: Set<Int> {
        switch self {
        case .one: []
        case .bySegment(let dimension, let cases, _): cases.values.reduce([dimension]) { $0.union($1.declaredDimensions) }
        }
    }

    /// The value for one combination of segments (dimension index -> segment).
    func value(at combination: [Int: String]) -> Value? {
        switch self {
        case .one(let value): value
        case .bySegment(let dimension, let cases, _):
            combination[dimension].flatMap { cases[$0] ?? cases["default"] }?.value(at: combination)
        }
    }
}

extension Segmented {
    /// Reads `node` as per-segment values when it is a mapping keyed by one dimension's
    /// segments (and `default`); anything else is one value read by `leaf`. `describe` names
    /// the definition in messages ("input 'traffic'").
    static func read(_ node: DocumentNode, dimensions: [Dimension], describe: String, log: inout DiagnosticLog,
                     leaf: (DocumentNode, inout DiagnosticLog) -> Value?) -> Segmented<Value>? {
        guard case .mapping(let mapping) = node, mapping.entries.contains(where: { key in
            key.key == "default" || dimensions.contains { $0.segments.contains(key.key) }
        }) else {
            return leaf(node, &log).map { .one($0) }
        }
        let keys = mapping.entries.map(\.key).filter { $0 != "default" }
        guard let dimension = keys.first.flatMap({ key in dimensions.firstIndex { $0.segments.contains(key) } })
                ?? (keys.isEmpty ? nil : -1) else {
            log.error("\(describe) gives only 'default': name at least one segment, or write one value without a mapping", at: mapping.location)
            return nil
        }
        guard dimension >= 0 else {
            let all = dimensions.flatMap(\.segments)
            log.error("\(describe): '\(keys[0])' is not a segment\(NameSuggestion.hint(for: keys[0], among: all))", at: mapping.entries[0].keyLocation)
            return nil
        }
        let segments = dimensions[dimension].segments
        var cases: [String: Segmented<Value>] = [:]
        var failed = false
        for entry in mapping.entries {
            guard entry.key == "default" || segments.contains(entry.key) else {
                let other = dimensions.firstIndex { $0.segments.contains(entry.key) }
                log.error(other.map { "\(describe) mixes \(dimensions[dimension].name) and \(dimensions[$0].name) in one mapping: nest one inside the other" }
                          ?? "\(describe): '\(entry.key)' is not a \(dimensions[dimension].name) segment\(NameSuggestion.hint(for: entry.key, among: segments)); segments: \(segments.joined(separator: ", "))",
                          at: entry.keyLocation)
                failed = true
                continue
            }
            guard let value = read(entry.value, dimensions: dimensions, describe: "\(describe) for \(entry.key)", log: &log, leaf: leaf) else {
                failed = true
                continue
            }
            if value.declaredDimensions.contains(dimension) {
                log.error("\(describe) splits by \(dimensions[dimension].name) twice", at: entry.value.location)
                failed = true
            }
            cases[entry.key] = value
        }
        if cases["default"] == nil, let missing = segments.first(where: { cases[$0] == nil }), !failed {
            log.error("\(describe) gives no value for \(dimensions[dimension].name) '\(missing)': give every segment, or a 'default'", at: mapping.location)
            return nil
        }
        return failed ? nil : .bySegment(dimension: dimension, cases: cases, location: mapping.location)
    }
}
