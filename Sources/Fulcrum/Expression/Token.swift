/// A lexical unit of the expression language, with its offset for diagnostics.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case identifier(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
    func isKeyword(_ word: String) -> Bool { kind == .identifier(word) }

    var display: String {
        switch kind {
        case .number(let value): "number \(value)"
        case .identifier(let name): "'\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of expression"
        }
    }
}

/// A problem in an expression at a character offset; the caller maps it to a file position.
public struct ExpressionError: Error, Sendable {
    public var message: String
    public var offset: Int
}

enum Lexer {
    static func tokens(_ text: String) throws(ExpressionError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                tokens.append(Token(kind: .number(try number(chars, &i)), offset: start))
                continue
            }
            if isLetter(c) || c == "_" {
                while i < chars.count, isLetter(chars[i]) || isDigit(chars[i]) || chars[i] == "_" { i += 1 }
                tokens.append(Token(kind: .identifier(String(String.UnicodeScalarView(chars[start..<i]))), offset: start))
                continue
            }
            let two = i + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[i + 1]])) : ""
            if ["<=", ">=", "==", "!="].contains(two) {
                tokens.append(Token(kind: .symbol(two), offset: start))
                i += 2
                continue
            }
            if "+-*/^()[],=<>".unicodeScalars.contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), offset: start))
                i += 1
                continue
            }
            let hint = switch c {
            case "!": " (write 'not x' or 'a != b')"
            case "&", "|": " (write 'and' / 'or')"
            case "%": " (a percentage has no space before '%': write 5%, not 5 %)"
            default: ""
            }
            throw ExpressionError(message: "unexpected character '\(c)'\(hint)", offset: start)
        }
        tokens.append(Token(kind: .end, offset: chars.count))
        return tokens
    }

    /// `12`, `0.5`, `1e6`, `1_000_000`, `2.5%`.
    private static func number(_ chars: [Unicode.Scalar], _ i: inout Int) throws(ExpressionError) -> Double {
        let start = i
        var digits = ""
        func takeDigits() {
            while i < chars.count, isDigit(chars[i]) || (chars[i] == "_" && !digits.isEmpty && i + 1 < chars.count && isDigit(chars[i + 1])) {
                if chars[i] != "_" { digits.unicodeScalars.append(chars[i]) }
                i += 1
            }
        }
        takeDigits()
        if i < chars.count, chars[i] == "." {
            digits += "."
            i += 1
            takeDigits()
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, isDigit(chars[j]) {
                digits += "e"
                i += 1
                if chars[i] == "+" || chars[i] == "-" { digits.unicodeScalars.append(chars[i]); i += 1 }
                takeDigits()
            }
        }
        guard var value = Double(digits) else {
            throw ExpressionError(message: "malformed number '\(String(String.UnicodeScalarView(chars[start..<i])))'", offset: start)
        }
        if i < chars.count, chars[i] == "%" {
            value /= 100
            i += 1
        }
        guard value.isFinite else {
            throw ExpressionError(message: "number is too large", offset: start)
        }
        if i < chars.count, isLetter(chars[i]) || chars[i] == "_" {
            throw ExpressionError(message: "a number cannot run into a name: put an operator between them (for example '2 * x')", offset: i)
        }
        return value
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
}
