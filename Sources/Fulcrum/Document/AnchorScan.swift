import Foundation

/// Finds the first YAML anchor (`&name`) in a text before any parser sees it.
///
/// Fulcrum refuses anchors and aliases, and must do so before Yams composes the document:
/// Yams hashes every mapping key to check for duplicates, and a key that is an alias of an
/// alias bomb makes that hash exponential. An alias needs an anchor defined before it, so
/// the first anchor is where to stop. Quoted text, comments and the lines of a block
/// scalar (`|`, `>`) are skipped, so `* a bullet` in a description is not mistaken for YAML.
enum AnchorScan {
    static func firstAnchor(in text: String) -> (line: Int, column: Int, name: String)? {
        var scanner = YAMLLexicalScanner()
        var blockIndent: Int?
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            if let parent = blockIndent {
                if line.allSatisfy({ $0 == " " }) || indent > parent { continue }
                blockIndent = nil
            }
            let characters = Array(line) + ["\n"]
            var previous: Character = "\n", lastSignificant: Character = "\n"
            for (column, character) in characters.enumerated() {
                defer {
                    previous = character
                    if character != " " && character != "\t" { lastSignificant = character }
                }
                if scanner.isLiteral(character) { continue }
                let nodeStart = "\n:-?[{,".contains(lastSignificant) && (previous == " " || previous == "\t" || "\n[{,".contains(previous))
                if character == "&", nodeStart, column + 1 < characters.count, !" \t\n,[]{}".contains(characters[column + 1]) {
                    let name = String(characters[(column + 1)...].prefix { !" \t\n,[]{}".contains($0) })
                    return (offset + 1, column + 1, name)
                }
            }
            if startsBlockScalar(line) { blockIndent = indent }
        }
        return nil
    }

    /// `key: |`, `- >-`, `text: |2 # comment`: the lines after it, indented deeper, are text.
    private static func startsBlockScalar(_ line: Substring) -> Bool {
        var content = line
        if let comment = line.range(of: " #") { content = line[..<comment.lowerBound] }
        let trimmed = content.trimmingCharacters(in: .whitespaces)
        let indicator = trimmed.reversed().drop { "+-0123456789".contains($0) }
        guard let mark = indicator.first, mark == "|" || mark == ">" else { return false }
        let before = indicator.dropFirst().drop { $0 == " " }
        return before.first.map { $0 == ":" || $0 == "-" } ?? true
    }
}
