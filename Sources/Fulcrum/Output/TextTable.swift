import Foundation

/// A table of text cells rendered for a terminal (aligned columns) or as Markdown.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Aligned columns within `width` characters where they can be: text columns too wide
    /// for that wrap onto more lines (at spaces, commas, `+` and `_`), widest first, so a
    /// name is never cut, only folded.
    public func terminal(indent: Int = 2, width: Int = 80) -> String {
        var widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        let fixed = indent + 2 * max(0, headers.count - 1)
        var wrapped = Set<Int>()
        while fixed + widths.reduce(0, +) > width {
            let candidates = headers.indices.filter { alignments[$0] == .left && !wrapped.contains($0) && widths[$0] > 12 }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            let excess = fixed + widths.reduce(0, +) - width
            widths[widest] = max(12, headers[widest].count, widths[widest] - excess)
            wrapped.insert(widest)
        }
        func lines(_ cells: [String]) -> [String] {
            let folded = cells.enumerated().map { column, cell in wrapped.contains(column) ? Self.fold(cell, width: widths[column]) : [cell] }
            return (0..<(folded.map(\.count).max() ?? 1)).map { row in
                let padded = folded.enumerated().map { column, pieces in
                    let cell = row < pieces.count ? pieces[row] : ""
                    let gap = String(repeating: " ", count: max(0, widths[column] - cell.count))
                    return alignments[column] == .left ? cell + gap : gap + cell
                }
                return String(repeating: " ", count: indent) + padded.joined(separator: "  ").trailingSpacesRemoved
            }
        }
        let rule = String(repeating: " ", count: indent) + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return (lines(headers) + [rule] + rows.flatMap(lines)).joined(separator: "\n")
    }

    /// `text` in pieces of at most `width` characters, broken after a space, comma or `+`
    /// where one falls in the piece, else after a `_`, else at the width.
    static func fold(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            let window = rest.prefix(width)
            let breakAt = window.lastIndex { " ,+".contains($0) } ?? window.lastIndex { $0 == "_" }
            let cut = breakAt.map { window.index(after: $0) } ?? window.endIndex
            pieces.append(String(rest[..<cut]).trailingSpacesRemoved)
            rest = rest[cut...].drop { $0 == " " }
        }
        return pieces + [String(rest)]
    }

    public func markdown() -> String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        let head = "| " + headers.map(escape).joined(separator: " | ") + " |"
        let rule = "|" + alignments.map { $0 == .left ? " --- |" : " ---: |" }.joined()
        return ([head, rule] + rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }).joined(separator: "\n")
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
