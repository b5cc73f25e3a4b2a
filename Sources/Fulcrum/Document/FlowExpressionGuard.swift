/// Lets expressions sit inside YAML flow collections, as the format's own example does:
/// `{ lift: pert(0, 0.05, 0.12) }`.
///
/// Plain YAML splits that mapping at every comma, and refuses `[` in `customers[t-1]`.
/// Before parsing, characters that belong to an expression (commas and brackets inside
/// parentheses, the brackets of a lag) are swapped for placeholders of the same width in
/// characters, so every line and column stays exact; `restore` swaps them back in each
/// scalar. The placeholders are private-use characters that the file itself does not
/// contain, so the swap can never change what a file says.
struct FlowExpressionGuard {
    private let protect: [Character: Character]
    private let unprotect: [Character: Character]

    init(for text: String) {
        let used = Set(text.unicodeScalars.lazy.map(\.value).filter { (0xE000...0xF8FF).contains($0) })
        let free = (UInt32(0xE000)...0xF8FF).lazy.filter { !used.contains($0) }.prefix(5).map { Character(Unicode.Scalar($0)!) }
        let pairs = Array(zip([",", "[", "]", "{", "}"] as [Character], free))
        protect = Dictionary(uniqueKeysWithValues: pairs)
        unprotect = Dictionary(uniqueKeysWithValues: pairs.map { ($1, $0) })
    }

    func protected(_ text: String) -> String {
        // A file using every private-use character cannot be guarded; YAML then reads it as written.
        guard protect.count == 5 else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var flowDepth = 0, parenDepth = 0, lagDepth = 0
        var scanner = YAMLLexicalScanner()
        var previous: Character = "\n"
        for character in text {
            defer { previous = character }
            if scanner.isLiteral(character, quotesMayOpen: parenDepth == 0 && lagDepth == 0) || flowDepth == 0 && character != "[" && character != "{" {
                out.append(character)
                continue
            }
            switch character {
            case "(":
                parenDepth += 1
            case ")":
                parenDepth = max(0, parenDepth - 1)
            case "[" where flowDepth > 0 && (parenDepth > 0 || previous.isLetter || previous.isNumber || previous == "_"):
                lagDepth += 1
                out.append(protect["["]!)
                continue
            case "]" where lagDepth > 0:
                lagDepth -= 1
                out.append(protect["]"]!)
                continue
            case ",", "{", "}":
                if parenDepth > 0 || lagDepth > 0 {
                    out.append(protect[character]!)
                    continue
                }
                if character == "{" { flowDepth += 1 }
                if character == "}" { flowDepth = max(0, flowDepth - 1) }
            case "[":
                flowDepth += 1
            case "]":
                flowDepth = max(0, flowDepth - 1)
            default:
                break
            }
            out.append(character)
        }
        return out
    }

    func restore(_ text: String) -> String {
        guard text.contains(where: { unprotect[$0] != nil }) else { return text }
        return String(text.map { unprotect[$0] ?? $0 })
    }
}
