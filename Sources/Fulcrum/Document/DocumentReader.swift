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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let root: Node?
        do {
            root = try Yams.compose(yaml: FlowExpressionGuard.protected(text))
        } catch let error as YamlError {
            var found = diagnostic(for: error, file: file)
            let line = found.location.line - 1
            if line >= 0, line < lines.count, lines[line].prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                found.message += " (YAML indentation must use spaces, not tabs)"
            }
            throw Diagnostics([found])
        } catch {
            throw Diagnostics([Diagnostic("cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let root else {
            throw Diagnostics([Diagnostic("the file is empty: a scenario needs at least 'name', 'horizon', 'primary' and 'inputs'", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        var log = DiagnosticLog()
        let node = convert(root, file: file, log: &log)
        try log.check()
        return node
    }

    private static func convert(_ node: Node, file: String, log: inout DiagnosticLog) -> DocumentNode {
        let location = position(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            return .scalar(DocumentNode.Scalar(
                text: FlowExpressionGuard.restore(scalar.string), location: location,
                textStart: textStart(of: scalar, at: location),
                isQuoted: scalar.style != .plain && scalar.style != .any))
        case .mapping(let mapping):
            var entries: [DocumentNode.Mapping.Entry] = []
            for (key, value) in mapping {
                let keyLocation = position(key.mark, file: file)
                guard case .scalar(let keyScalar) = key else {
                    log.error("a key must be a plain name, not \(convert(key, file: file, log: &log).kindName)", at: keyLocation)
                    continue
                }
                entries.append(.init(key: FlowExpressionGuard.restore(keyScalar.string), keyLocation: keyLocation,
                                     value: convert(value, file: file, log: &log)))
            }
            return .mapping(DocumentNode.Mapping(entries: entries, location: location))
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file, log: &log) }, location)
        case .alias:
            log.error("YAML aliases are not supported in scenarios: write the value out", at: location)
            return .scalar(DocumentNode.Scalar(text: "", location: location, textStart: nil, isQuoted: true))
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
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        for character in text {
            column += 1
            defer { previous = character }
            if character == "\n" {
                line += 1; column = 0; inComment = false
                continue
            }
            if inComment { continue }
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "#" where previous == " " || previous == "\t" || previous == "\n": inComment = true
            case "\"", "'":
                if " \t[{,:\n".contains(previous) { quote = character }
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
