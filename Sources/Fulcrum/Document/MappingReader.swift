/// Typed access to a YAML mapping that reports wrong types, missing keys and unknown keys
/// (with "did you mean"), so a typo such as `featurs:` can never silently drop a section.
struct MappingReader {
    let mapping: DocumentNode.Mapping
    /// What the mapping is, for messages: "the scenario", "feature 'x'".
    let context: String
    let allowedKeys: [String]

    init(_ node: DocumentNode, context: String, allowedKeys: [String], log: inout DiagnosticLog) {
        if case .mapping(let mapping) = node {
            self.mapping = mapping
        } else {
            log.error("\(context) must be a mapping of keys to values, not \(node.kindName)", at: node.location)
            self.mapping = DocumentNode.Mapping(entries: [], location: node.location)
        }
        self.context = context
        self.allowedKeys = allowedKeys
        for (position, entry) in mapping.entries.enumerated() where !allowedKeys.contains(entry.key) {
            // `{target: 100,000}`: YAML splits the number at its comma and reads '000' as a key.
            if position > 0, entry.key.count == 3, entry.key.allSatisfy({ $0.isASCII && $0.isNumber }),
               case .scalar(let previous) = mapping.entries[position - 1].value, previous.text.last.map({ $0.isASCII && $0.isNumber }) == true {
                log.error("'\(previous.text),\(entry.key)' was split at its comma, as YAML does inside { }: write numbers without thousands separators, as \(previous.text)\(entry.key) or \(previous.text)_\(entry.key)",
                          at: previous.location)
                continue
            }
            log.error("unknown key '\(entry.key)' in \(context)\(NameSuggestion.hint(for: entry.key, among: allowedKeys)); allowed keys: \(allowedKeys.joined(separator: ", "))",
                      at: entry.keyLocation)
        }
    }

    var location: SourceLocation { mapping.location }

    subscript(key: String) -> DocumentNode.Mapping.Entry? { mapping[key] }

    func require(_ key: String, log: inout DiagnosticLog) -> DocumentNode.Mapping.Entry? {
        if let entry = mapping[key] { return entry }
        log.error("\(context) is missing the required key '\(key)'", at: mapping.location)
        return nil
    }

    func string(_ key: String, log: inout DiagnosticLog) -> String? {
        guard let entry = mapping[key] else { return nil }
        guard case .scalar(let scalar) = entry.value else {
            log.error("'\(key)' must be text, not \(entry.value.kindName)", at: entry.value.location)
            return nil
        }
        return scalar.text
    }

    /// `true` or `false`; YAML 1.1's yes/no/on/off are refused, since they read as words.
    func boolean(_ key: String, log: inout DiagnosticLog) -> Bool? {
        guard let entry = mapping[key] else { return nil }
        guard case .scalar(let scalar) = entry.value else {
            log.error("'\(key)' is true or false, not \(entry.value.kindName)", at: entry.value.location)
            return nil
        }
        guard scalar.text == "true" || scalar.text == "false" else {
            log.error("'\(key)' is true or false, got '\(scalar.text)'", at: scalar.location)
            return nil
        }
        return scalar.text == "true"
    }

    /// A number written as in expressions: `12`, `0.5`, `1e6`, `1_000_000`, `2.5%`, `-3`.
    func number(_ key: String, log: inout DiagnosticLog) -> (value: Double, location: SourceLocation)? {
        guard let entry = mapping[key] else { return nil }
        guard let value = Self.number(entry.value, named: "'\(key)'", log: &log) else { return nil }
        return (value, entry.value.location)
    }

    func integer(_ key: String, minimum: Int, maximum: Int = 1_000_000_000, log: inout DiagnosticLog) -> Int? {
        guard let (value, location) = number(key, log: &log) else { return nil }
        guard value == value.rounded(), value >= Double(minimum), value <= Double(maximum) else {
            let range = maximum == 1_000_000_000 ? ">= \(minimum)" : "from \(minimum) to \(maximum)"
            log.error("'\(key)' must be a whole number \(range), got \(DistributionFamily.short(value))", at: location)
            return nil
        }
        return Int(value)
    }

    static func number(_ node: DocumentNode, named name: String, log: inout DiagnosticLog) -> Double? {
        guard case .scalar(let scalar) = node, !scalar.text.isEmpty else {
            log.error("\(name) must be a number, not \(node.kindName)", at: node.location)
            return nil
        }
        if let expression = try? ExpressionParser.parse(scalar.text), let value = expression.constantValue {
            return value
        }
        let grouped = scalar.text.contains(",") && scalar.text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." || $0 == "-" }
        let hint = grouped ? ": write it without thousands separators, as \(scalar.text.replacingOccurrences(of: ",", with: "_"))" : ""
        log.error("\(name) must be a number, got '\(scalar.text)'\(hint)", at: node.location)
        return nil
    }

    /// A list of names, written `[a, b]` or as a single name.
    func names(_ key: String, log: inout DiagnosticLog) -> [(name: String, location: SourceLocation)] {
        guard let entry = mapping[key] else { return [] }
        return Self.names(entry.value, named: "'\(key)'", log: &log)
    }

    static func names(_ node: DocumentNode, named name: String, log: inout DiagnosticLog) -> [(name: String, location: SourceLocation)] {
        switch node {
        case .scalar(let scalar):
            return [(scalar.text, scalar.location)]
        case .sequence(let items, _):
            return items.compactMap { item in
                guard case .scalar(let scalar) = item else {
                    log.error("\(name) must list names, not \(item.kindName)", at: item.location)
                    return nil
                }
                return (scalar.text, scalar.location)
            }
        case .mapping:
            log.error("\(name) must be a list of names such as [a, b], not a mapping", at: node.location)
            return []
        }
    }
}
