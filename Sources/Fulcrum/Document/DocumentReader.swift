import Yams

/// Reads a YAML text into a `DocumentNode` tree, turning every YAML problem into a
/// positioned diagnostic.
public enum DocumentReader {
    /// Deeper flow nesting than this is refused before Yams (which recurses) sees it.
    static let maximumNesting = 64

    public static func read(_ text: String, file: String) throws(Diagnostics) -> DocumentNode {
        if let deep = firstOverlyNestedPosition(in: text) {
            throw Diagnostics([Diagnostic(
                "YAML is nested more than \(maximumNesting) levels deep",
                at: SourceLocation(file: file, line: deep.line, column: deep.column))])
        }
        if let anchor = AnchorScan.firstAnchor(in: text) {
            throw Diagnostics([Diagnostic(
                "YAML anchors and aliases ('&\(anchor.name)', '*\(anchor.name)') are not supported in scenarios: write the value out",
                at: SourceLocation(file: file, line: anchor.line, column: anchor.column))])
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let expressionGuard = FlowExpressionGuard(for: text)
        let root: Node?
        // The parser owns the anchors its nodes point at (weakly): it must outlive `convert`.
        let parser: Parser
        do {
            parser = try Parser(yaml: expressionGuard.protected(text))
            root = try parser.singleRoot()
        } catch let error as YamlError {
            var found = diagnostic(for: error, file: file)
            let line = found.location.line - 1
            if line >= 0, line < lines.count, lines[line].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                found.message += " (YAML indentation must use spaces, not tabs)"
            } else if let plain = IndentationMistake.explain(found.message, line: found.location.line, lines: lines) {
                found = Diagnostic(plain.message, at: SourceLocation(file: file, line: found.location.line, column: plain.column))
            }
            throw Diagnostics([found])
        } catch {
            throw Diagnostics([Diagnostic("cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let root else {
            throw Diagnostics([Diagnostic("the file is empty: a scenario needs at least 'name', 'horizon', 'primary' and 'inputs'", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        var conversion = Conversion(file: file, expressionGuard: expressionGuard)
        let node = withExtendedLifetime(parser) { conversion.convert(root) }
        try conversion.log.check()
        return node
    }

    /// Yams' nodes to `DocumentNode`s, collecting every problem on the way.
    private struct Conversion {
        let file: String
        let expressionGuard: FlowExpressionGuard
        var log = DiagnosticLog()
        /// Anchors already reported: each is refused once, however often it is used.
        var anchors = Set<ObjectIdentifier>()

        init(file: String, expressionGuard: FlowExpressionGuard) {
            self.file = file
            self.expressionGuard = expressionGuard
        }

        /// An anchored node is refused without reading inside it, so that an alias bomb (each
        /// level repeating the one before) costs one error, not an exponential walk.
        mutating func convert(_ node: Node) -> DocumentNode {
            let location = DocumentReader.position(node.mark, file: file)
            if let anchor = node.anchor {
                if anchors.insert(ObjectIdentifier(anchor)).inserted {
                    log.error("YAML anchors and aliases ('&\(anchor.rawValue)', '*\(anchor.rawValue)') are not supported in scenarios: write the value out",
                              at: location)
                }
                return .scalar(DocumentNode.Scalar(text: "", location: location, textStart: nil, isQuoted: true))
            }
            switch node {
            case .scalar(let scalar):
                return .scalar(DocumentNode.Scalar(
                    text: expressionGuard.restore(scalar.string), location: location,
                    textStart: DocumentReader.textStart(of: scalar, at: location),
                    isQuoted: scalar.style != .plain && scalar.style != .any))
            case .mapping(let mapping):
                var entries: [DocumentNode.Mapping.Entry] = []
                for (key, value) in mapping {
                    let keyLocation = DocumentReader.position(key.mark, file: file)
                    guard case .scalar(let keyScalar) = key else {
                        log.error("a key must be a plain name, not \(convert(key).kindName)", at: keyLocation)
                        continue
                    }
                    // Yams checks duplicates on the guarded text; two keys can differ there and
                    // agree once restored (found by the fuzzer), so check again.
                    let name = expressionGuard.restore(keyScalar.string)
                    if let first = entries.first(where: { $0.key == name }) {
                        log.error("duplicate key '\(name)' in one mapping (first at line \(first.keyLocation.line)): each key may appear once", at: keyLocation)
                        continue
                    }
                    entries.append(.init(key: name, keyLocation: keyLocation, value: convert(value)))
                }
                return .mapping(DocumentNode.Mapping(entries: entries, location: location))
            case .sequence(let sequence):
                var items: [DocumentNode] = []
                for item in sequence { items.append(convert(item)) }
                return .sequence(items, location)
            case .alias:
                log.error("YAML aliases are not supported in scenarios: write the value out", at: location)
                return .scalar(DocumentNode.Scalar(text: "", location: location, textStart: nil, isQuoted: true))
            }
        }
    }

    private static func textStart(of scalar: Node.Scalar, at location: SourceLocation) -> SourceLocation? {
        guard !scalar.string.contains("\n") else { return nil }
        switch scalar.style {
        case .plain, .any: return location
        case .singleQuoted, .doubleQuoted:
            // Escapes shift later characters; positions stay exact up to the first one.
            return location.advanced(by: 1)
        default: return nil
        }
    }

    private static func position(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return Diagnostic("YAML: \(problem)", at: position(mark, file: file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic("duplicate key \(names) in one mapping: each key may appear once", at: position(context.mark, file: file))
        case .reader(let problem, _, _, _):
            return Diagnostic("cannot read the file as UTF-8 text: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return Diagnostic("YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The first `[` or `{` that opens more than `maximumNesting` flow levels, skipping
    /// comments and quoted text; block nesting costs a line per level and needs no guard.
    private static func firstOverlyNestedPosition(in text: String) -> (line: Int, column: Int)? {
        var depth = 0, line = 1, column = 0
        var scanner = YAMLLexicalScanner()
        for character in text {
            column += 1
            if character == "\n" { line += 1; column = 0 }
            if scanner.isLiteral(character) { continue }
            switch character {
            case "[", "{":
                depth += 1
                if depth > maximumNesting { return (line, column) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
