/// Matches a distribution call's arguments to one of its family's parameterizations.
struct DistributionCall {
    var family: DistributionFamily
    /// Index into `family.parameterizations`.
    var form: Int
    /// Argument expressions in the order of that parameterization.
    var arguments: [Expression]

    static func resolve(_ family: DistributionFamily, _ arguments: [Expression.Argument]) -> Result<DistributionCall, ExpressionError> {
        let positional = arguments.prefix { $0.label == nil }
        let named = arguments.dropFirst(positional.count)
        let accepted = "accepted: \(family.signatures)"
        if let stray = named.first(where: { $0.label == nil }) {
            return .failure(ExpressionError(message: "a positional argument cannot follow a named one in \(family.rawValue)(...)", offset: stray.value.offset))
        }
        let labels = named.map { $0.label! }
        for (i, label) in labels.enumerated() where labels[..<i].contains(label) {
            return .failure(ExpressionError(message: "argument '\(label)' is given twice in \(family.rawValue)(...)", offset: named[named.startIndex + i].labelOffset))
        }
        let forms = labels.isEmpty ? [0] : Array(family.parameterizations.indices)
        for form in forms {
            let names = family.parameterizations[form]
            guard positional.count + labels.count == names.count,
                  labels.allSatisfy({ names.dropFirst(positional.count).contains($0) }) else { continue }
            let ordered = names.enumerated().map { index, name in
                index < positional.count ? positional[index].value : named.first { $0.label == name }!.value
            }
            return .success(DistributionCall(family: family, form: form, arguments: ordered))
        }
        let allNames = Set(family.parameterizations.joined())
        if let unknown = named.first(where: { !allNames.contains($0.label!) }) {
            return .failure(ExpressionError(
                message: "unknown argument '\(unknown.label!)' for \(family.rawValue)\(NameSuggestion.hint(for: unknown.label!, among: allNames.sorted())); \(accepted)",
                offset: unknown.labelOffset))
        }
        let offset = arguments.first?.value.offset ?? 0
        return .failure(ExpressionError(message: "wrong arguments for \(family.rawValue): got \(arguments.count), \(accepted)", offset: offset))
    }
}
