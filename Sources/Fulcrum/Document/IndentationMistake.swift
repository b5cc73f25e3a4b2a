/// libyaml's words for a mis-indented line ("mapping values are not allowed in this
/// context", "did not find expected key") say what the parser met, not what the user did.
/// Comparing the line's indentation with the line above tells which it was.
enum IndentationMistake {
    static func explain(_ message: String, line: Int, lines: [Substring]) -> (message: String, column: Int)? {
        let deeper = message.hasSuffix("mapping values are not allowed in this context")
        guard deeper || message.hasSuffix("did not find expected key"), line >= 2, line <= lines.count else { return nil }
        let text = lines[line - 1]
        let indent = text.prefix { $0 == " " }.count
        guard let above = lines[..<(line - 1)].last(where: { isContent($0) }) else { return nil }
        let aboveIndent = above.prefix { $0 == " " }.count
        let key = name(of: text), aboveKey = name(of: above)
        if deeper && indent > aboveIndent {
            return ("'\(key)' is indented more than '\(aboveKey)' on the line above, so YAML reads it as part of that value: indent it as far as the keys it belongs with (\(aboveIndent) spaces, like '\(aboveKey)', or less)",
                    indent + 1)
        }
        if !deeper && indent != aboveIndent {
            let levels = Set(lines[..<(line - 1)].filter(isContent).map { $0.prefix { $0 == " " }.count }).filter { $0 < indent || $0 == aboveIndent }
            let choices = levels.sorted().map { "\($0)" }.joined(separator: ", ")
            return ("'\(key)' is indented \(indent) space\(indent == 1 ? "" : "s"), which lines up with no key above it: indent it as far as the keys it belongs with (\(choices) spaces)",
                    indent + 1)
        }
        return nil
    }

    private static func isContent(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    private static func name(of line: Substring) -> String {
        let trimmed = line.drop { $0 == " " || $0 == "-" }
        return String(trimmed.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
    }
}
