/// Lets expressions sit inside YAML flow collections, as the format's own example does:
/// `{ lift: pert(0, 0.05, 0.12) }`.
///
/// Plain YAML splits that mapping at every comma, and refuses `[` in `customers[t-1]`.
/// Before parsing, characters that belong to an expression (commas and brackets inside
/// parentheses, the brackets of a lag) are swapped for private-use placeholders of the
/// same width, so every line and column stays exact; `restore` swaps them back in
/// each scalar.
enum FlowExpressionGuard {
    private static let pairs: [(Character, Character)] = [
        (",", "\u{E000}"), ("[", "\u{E001}"), ("]", "\u{E002}"), ("{", "\u{E003}"), ("}", "\u{E004}"),
    ]
    private static let protect = Dictionary(uniqueKeysWithValues: pairs)
    private static let unprotect = Dictionary(uniqueKeysWithValues: pairs.map { ($1, $0) })

    static func protected(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var flowDepth = 0, parenDepth = 0, lagDepth = 0
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        for character in text {
            defer { previous = character }
            if character == "\n" {
                inComment = false
                out.append(character)
                continue
            }
            if inComment || flowDepth == 0 && character != "[" && character != "{" && character != "#" && character != "\"" && character != "'" {
                out.append(character)
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
                continue
            }
            switch character {
            case "#" where previous == " " || previous == "\t" || previous == "\n":
                inComment = true
            case "\"", "'":
                if parenDepth == 0 && lagDepth == 0 && " \t[{,:\n".contains(previous) { quote = character }
            case "(" where flowDepth > 0:
                parenDepth += 1
            case ")" where flowDepth > 0:
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

    static func restore(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0xE000 && $0.value <= 0xE004 }) else { return text }
        return String(text.map { unprotect[$0] ?? $0 })
    }
}
