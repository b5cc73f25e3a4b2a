/// Recursive descent over the grammar of SCENARIO-FORMAT.md, loosest operator first:
/// `or`; `and`; `not`; comparisons; `to`; `+ -`; `* /`; unary `-`; `^` (right-associative).
///
/// Recursion is bounded by `maximumDepth`, so 5,000 nested parentheses give an error rather
/// than exhausting the stack; long flat runs of one operator are loops, not recursion.
public enum ExpressionParser {
    public static let maximumDepth = 100

    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = State(tokens: try Lexer.tokens(text))
        if parser.peek.kind == .end {
            throw ExpressionError(message: "empty expression", offset: 0)
        }
        let expression = try parser.disjunction()
        guard parser.peek.kind == .end else {
            throw ExpressionError(message: "unexpected \(parser.peek.display) after a complete expression", offset: parser.peek.offset)
        }
        return expression
    }

    /// Words that cannot name an input, metric or feature.
    public static let reservedWords: Set<String> = ["t", "horizon", "pi", "and", "or", "not", "to"]

    private struct State {
        var tokens: [Token]
        var index = 0
        var depth = 0

        var peek: Token { tokens[index] }

        mutating func advance() -> Token {
            defer { if index < tokens.count - 1 { index += 1 } }
            return tokens[index]
        }

        mutating func expect(_ symbol: String, _ context: String) throws(ExpressionError) -> Token {
            guard peek.isSymbol(symbol) else {
                throw ExpressionError(message: "expected '\(symbol)' \(context), found \(peek.display)", offset: peek.offset)
            }
            return advance()
        }

        /// Consumes a ')' if it is next.
        mutating func closes() -> Bool {
            guard peek.isSymbol(")") else { return false }
            _ = advance()
            return true
        }

        mutating func descend(at offset: Int) throws(ExpressionError) {
            depth += 1
            if depth > maximumDepth {
                throw ExpressionError(message: "expression is nested more than \(maximumDepth) levels deep", offset: offset)
            }
        }

        mutating func chain(
            _ operators: [String: BinaryOperator],
            _ operand: (inout State) throws(ExpressionError) -> Expression
        ) throws(ExpressionError) -> Expression {
            let first = try operand(&self)
            var rest: [Expression.Link] = []
            while true {
                let op: BinaryOperator? = switch peek.kind {
                case .symbol(let s), .identifier(let s): operators[s]
                default: nil
                }
                guard let op else { break }
                _ = advance()
                rest.append(.init(op: op, operand: try operand(&self)))
            }
            return rest.isEmpty ? first : Expression(.chain(first: first, rest: rest), offset: first.offset)
        }

        mutating func disjunction() throws(ExpressionError) -> Expression {
            try chain(["or": .or]) { (s: inout State) throws(ExpressionError) in try s.conjunction() }
        }

        mutating func conjunction() throws(ExpressionError) -> Expression {
            try chain(["and": .and]) { (s: inout State) throws(ExpressionError) in try s.negation() }
        }

        mutating func negation() throws(ExpressionError) -> Expression {
            guard peek.isKeyword("not") else { return try comparison() }
            let token = advance()
            try descend(at: token.offset)
            defer { depth -= 1 }
            return Expression(.not(try negation()), offset: token.offset)
        }

        mutating func comparison() throws(ExpressionError) -> Expression {
            let operators: [String: BinaryOperator] = ["<": .less, "<=": .lessOrEqual, ">": .greater,
                                                       ">=": .greaterOrEqual, "==": .equal, "!=": .notEqual]
            return try chain(operators) { (s: inout State) throws(ExpressionError) in try s.interval() }
        }

        mutating func interval() throws(ExpressionError) -> Expression {
            let low = try additive()
            guard peek.isKeyword("to") else { return low }
            _ = advance()
            let high = try additive()
            if peek.isKeyword("to") {
                throw ExpressionError(message: "'to' cannot be chained: write one interval 'A to B'", offset: peek.offset)
            }
            return Expression(.interval(low, high), offset: low.offset)
        }

        mutating func additive() throws(ExpressionError) -> Expression {
            try chain(["+": .add, "-": .subtract]) { (s: inout State) throws(ExpressionError) in try s.multiplicative() }
        }

        mutating func multiplicative() throws(ExpressionError) -> Expression {
            try chain(["*": .multiply, "/": .divide]) { (s: inout State) throws(ExpressionError) in try s.unary() }
        }

        mutating func unary() throws(ExpressionError) -> Expression {
            guard peek.isSymbol("-") || peek.isSymbol("+") else { return try power() }
            let token = advance()
            try descend(at: token.offset)
            defer { depth -= 1 }
            let operand = try unary()
            return token.isSymbol("-") ? Expression(.negate(operand), offset: token.offset) : operand
        }

        mutating func power() throws(ExpressionError) -> Expression {
            let base = try primary()
            guard peek.isSymbol("^") else { return base }
            let token = advance()
            try descend(at: token.offset)
            defer { depth -= 1 }
            return Expression(.power(base, try unary()), offset: base.offset)
        }

        mutating func primary() throws(ExpressionError) -> Expression {
            let token = advance()
            switch token.kind {
            case .number(let value):
                return Expression(.number(value), offset: token.offset)
            case .symbol("("):
                try descend(at: token.offset)
                defer { depth -= 1 }
                let inner = try disjunction()
                guard closes() else {
                    throw ExpressionError(message: "this '(' is never closed", offset: token.offset)
                }
                return inner
            case .identifier(let name):
                if ["and", "or", "not", "to"].contains(name) {
                    throw ExpressionError(message: "expected a value before '\(name)'", offset: token.offset)
                }
                if peek.isSymbol("(") { return try call(name, at: token.offset) }
                if peek.isSymbol("[") { return try bracket(name, at: token.offset) }
                return Expression(.name(name), offset: token.offset)
            case .end:
                throw ExpressionError(message: "expression ends where a value is expected", offset: token.offset)
            default:
                throw ExpressionError(message: "expected a value, found \(token.display)", offset: token.offset)
            }
        }

        mutating func call(_ name: String, at offset: Int) throws(ExpressionError) -> Expression {
            let open = advance()
            try descend(at: open.offset)
            defer { depth -= 1 }
            var arguments: [Expression.Argument] = []
            if !peek.isSymbol(")") {
                repeat {
                    var label: String?
                    let labelOffset = peek.offset
                    if case .identifier(let word) = peek.kind, tokens[index + 1].isSymbol("=") {
                        label = word
                        index += 2
                    }
                    arguments.append(.init(label: label, labelOffset: labelOffset, value: try disjunction()))
                } while (peek.isSymbol(",") ? advance() : nil) != nil
            }
            guard peek.isSymbol(")") else {
                let found = peek.kind == .end ? "" : ", found \(peek.display)"
                throw ExpressionError(message: "expected ',' or ')' in the arguments of \(name)(...)\(found)", offset: peek.offset)
            }
            _ = advance()
            return Expression(.call(name, arguments), offset: offset)
        }

        /// `name[t-k]` with a whole number k >= 1, `name[de]` (one segment), `name[de, mobile]`,
        /// or `name[de, t-k]`. A segment read is kept as the name `name[de]` (or `name[de, mobile]`),
        /// which segment flattening resolves to the node of that name.
        mutating func bracket(_ name: String, at offset: Int) throws(ExpressionError) -> Expression {
            _ = advance()
            var segments: [String] = []
            while case .identifier(let segment) = peek.kind, !["t", "and", "or", "not", "to"].contains(segment) {
                segments.append(segment)
                _ = advance()
                if peek.isSymbol("]") {
                    _ = advance()
                    return Expression(.name("\(name)[\(segments.joined(separator: ", "))]"), offset: offset)
                }
                _ = try expect(",", "or ']' after the segment '\(segment)' in \(name)[...]")
            }
            return try lag(segments.isEmpty ? name : "\(name)[\(segments.joined(separator: ", "))]", of: name, at: offset)
        }

        mutating func lag(_ read: String, of name: String, at offset: Int) throws(ExpressionError) -> Expression {
            let usage = "a lag is written \(name)[t-k] with a whole number k >= 1 (one segment's: \(name)[segment, t-k])"
            guard peek.isKeyword("t") else {
                throw ExpressionError(message: usage, offset: peek.offset)
            }
            _ = advance()
            guard peek.isSymbol("-") else {
                throw ExpressionError(message: peek.isSymbol("+") ? "a lag looks back, not ahead: \(usage)" : usage, offset: peek.offset)
            }
            _ = advance()
            guard case .number(let k) = peek.kind, k >= 1, k == k.rounded(), k <= 10_000 else {
                throw ExpressionError(message: usage, offset: peek.offset)
            }
            _ = advance()
            _ = try expect("]", "to close the lag \(name)[t-\(Int(k))]")
            return Expression(.lag(read, periods: Int(k)), offset: offset)
        }
    }
}
