/// Renders a `DriverTree`: an indented tree in a terminal (and in Markdown, as a text
/// block), or JSON.
public enum DriverTreeReport {
    public static func render(_ tree: DriverTree, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(tree) }, json: { json(tree) }, csv: { csv(tree) })
    }

    static func document(_ tree: DriverTree) -> ReportDocument {
        let s = tree.scenario
        var doc = ReportDocument()
        doc.append(.title("\(s.name): the driver tree of \(s.primary.metric)"))
        var goal = (s.primary.goal.map { "Goal '\($0)': " } ?? "Goal: ") + SimulationReport.aggregateDescription(s)
        if let target = s.primary.target { goal += ", target \(NumberFormat.auto(target))\(s.primary.unit.map { " \($0)" } ?? "")" }
        doc += [.paragraph(goal + ". Each feature is shown under the node it moves."), .blank, .preformatted(treeLines(tree))]
        if !tree.unreachable.isEmpty || !tree.featuresWithoutPath.isEmpty {
            doc += [.blank, .byFormat(terminal: [.line("No path to this goal:")], markdown: [.line("**No path to this goal**")])]
            doc.append(.bullets((tree.unreachable.isEmpty ? [] : ["metrics and inputs: " + tree.unreachable.joined(separator: ", ")])
                + (tree.featuresWithoutPath.isEmpty ? [] : ["features (they cannot move it): " + tree.featuresWithoutPath.joined(separator: ", ")])))
        }
        return doc
    }

    /// Depth first from the goal; a node reached again is named, not repeated.
    static func treeLines(_ tree: DriverTree) -> [String] {
        let byName = Dictionary(uniqueKeysWithValues: tree.nodes.map { ($0.name, $0) })
        var printed = Set<String>()
        var lines: [String] = []
        func visit(_ name: String, lag: Bool, prefix: String, connector: String, childPrefix: String) {
            guard let node = byName[name] else { return }
            if lag {
                lines.append(prefix + connector + "\(name)[t-1]: " + (name == tree.nodes.first?.name ? "the goal itself, a period earlier" : "a period earlier"))
                return
            }
            if !printed.insert(name).inserted {
                lines.append(prefix + connector + "\(name) (shown above)")
                return
            }
            lines.append(prefix + connector + "\(name) = \(node.formula)  [\(node.kind.rawValue)]")
            let inner = prefix + childPrefix
            let children = node.reads.map { ($0, false) } + node.lagged.map { ($0, true) }
            for attachment in node.features {
                let focus = attachment.focus.map { " (\($0))" } ?? ""
                lines.append(inner + (children.isEmpty ? "   " : "│  ") + "◀ \(attachment.feature)\(focus): \(attachment.kind.rawValue) \(attachment.magnitude)")
            }
            for (index, (child, lagged)) in children.enumerated() {
                let last = index == children.count - 1
                visit(child, lag: lagged, prefix: inner, connector: last ? "└─ " : "├─ ", childPrefix: last ? "   " : "│  ")
            }
        }
        if let goal = tree.nodes.first { visit(goal.name, lag: false, prefix: "", connector: "", childPrefix: "") }
        return lines
    }

    static func json(_ tree: DriverTree) -> JSONValue {
        let s = tree.scenario
        return .object([
            ("scenario", .string(s.name)),
            ("goal", .object([("name", s.primary.goal.map { .string($0) } ?? .null), ("metric", .string(s.primary.metric)),
                              ("aggregate", .string(s.primary.aggregate.rawValue)), ("target", .number(s.primary.target))])),
            ("nodes", .array(tree.nodes.map { node in
                .object([("name", .string(node.name)), ("kind", .string(node.kind.rawValue)), ("formula", .string(node.formula)),
                         ("depth", .number(Double(node.depth))), ("reads", .array(node.reads.map { .string($0) })),
                         ("lagged", .array(node.lagged.map { .string($0) })),
                         ("features", .array(node.features.map { a in
                             .object([("id", .string(a.feature)), ("focus", a.focus.map { .string($0) } ?? .null),
                                      ("kind", .string(a.kind.rawValue)), ("magnitude", .string(a.magnitude))])
                         }))])
            })),
            ("unreachable", .array(tree.unreachable.map { .string($0) })),
            ("features_without_path", .array(tree.featuresWithoutPath.map { .string($0) })),
        ])
    }

    /// One row per node, then one per node with no path to the goal.
    static func csv(_ tree: DriverTree) -> String {
        var lines = [CSV.line(["name", "kind", "depth", "reads", "features"])]
        for node in tree.nodes {
            lines.append(CSV.line([node.name, node.kind.rawValue, String(node.depth), (node.reads + node.lagged.map { "\($0)[t-1]" }).joined(separator: " "),
                                   node.features.map(\.feature).joined(separator: " ")]))
        }
        for name in tree.unreachable { lines.append(CSV.line([name, tree.scenario.input(named: name) == nil ? "metric" : "input", "", "", ""])) }
        return lines.joined(separator: "\n") + "\n"
    }
}
