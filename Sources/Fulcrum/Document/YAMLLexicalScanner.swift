/// Follows a YAML text character by character far enough to know which characters are
/// comments or quoted scalars, which the pre-parsing passes (`FlowExpressionGuard`, the
/// nesting check) must leave alone.
///
/// A quote opens a quoted scalar only where a scalar can begin: at the start of a line
/// or after `:`, `-`, `?`, `[`, `{` or `,` and spaces. An apostrophe inside plain text
/// (`since the '90s`) is just a character, as it is to YAML.
struct YAMLLexicalScanner {
    private var quote: Character?
    private var escaped = false
    private var inComment = false
    private var previous: Character = "\n"
    private var lastSignificant: Character = "\n"

    /// Feeds one character; true when it belongs to a comment or a quoted scalar (its quotes
    /// included). `quotesMayOpen` is false where the caller knows a quote is not YAML's
    /// (inside an expression's parentheses).
    mutating func isLiteral(_ character: Character, quotesMayOpen: Bool = true) -> Bool {
        defer {
            previous = character
            if character == "\n" { lastSignificant = "\n" } else if character != " " && character != "\t" { lastSignificant = character }
        }
        if character == "\n" { inComment = false }
        if inComment { return true }
        if let open = quote {
            if escaped {
                escaped = false
            } else if open == "\"" && character == "\\" {
                escaped = true
            } else if character == open {
                quote = nil
            }
            return true
        }
        if character == "#" && (previous == " " || previous == "\t" || previous == "\n") {
            inComment = true
            return true
        }
        let scalarMayBegin = "\n:-?[{,".contains(lastSignificant) && (previous == " " || previous == "\t" || "\n[{,".contains(previous))
        if (character == "\"" || character == "'") && quotesMayOpen && scalarMayBegin {
            quote = character
            return true
        }
        return false
    }
}
