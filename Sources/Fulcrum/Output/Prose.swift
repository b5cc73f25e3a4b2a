/// Sentences and labels in a terminal report.
enum Prose {
    /// A report's first lines: a Markdown heading, or the title underlined in a terminal.
    static func heading(_ title: String, markdown: Bool) -> [String] {
        markdown ? ["## \(title)", ""] : [title, String(repeating: "=", count: min(78, title.count))]
    }

    /// Wraps at `width` columns; with a bullet, as an indented list item.
    static func wrapped(_ text: String, bullet: String?, width: Int = 78) -> String {
        var lines: [String] = []
        var line = bullet ?? ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = bullet == nil ? "" : " "
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
