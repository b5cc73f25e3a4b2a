/// A CSV header read against the columns a table may have: names match case-insensitively
/// with spaces and dashes as underscores; a repeated column, a misspelt one (with its
/// likely meaning) and a missing required one are errors at their cells.
enum CSVHeader {
    static func positions(_ header: CSVTable.Row, known: [String], required: [String], log: inout DiagnosticLog) -> [String: Int]? {
        var positions: [String: Int] = [:]
        var failed = false
        for (position, cell) in header.cells.enumerated() {
            let name = String(cell.text.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
            if known.contains(name) {
                if let first = positions[name] {
                    log.error("column '\(cell.text)' appears twice (first as column \(first + 1))", at: cell.location)
                    failed = true
                }
                positions[name] = positions[name] ?? position
            } else if let suggestion = NameSuggestion.closest(to: name, among: known) {
                log.error("unknown column '\(cell.text)': did you mean '\(suggestion)'? Known columns: \(known.joined(separator: ", ")); other columns are ignored",
                          at: cell.location)
                failed = true
            }
        }
        for column in required where positions[column] == nil {
            log.error("the table has no '\(column)' column; its header must name at least \(required.joined(separator: ", "))",
                      at: header.cells[0].location)
            failed = true
        }
        return failed ? nil : positions
    }

    /// A CSV's rows and its header's positions, or nil with the reasons logged.
    static func table(_ text: String, file: String, known: [String], required: [String], log: inout DiagnosticLog) -> (table: CSVTable, positions: [String: Int])? {
        do {
            let table = try CSVTable.read(text, file: file, header: required.joined(separator: ","))
            return positions(table.header, known: known, required: required, log: &log).map { (table, $0) }
        } catch {
            log.error(error.message, at: error.location)
            return nil
        }
    }
}
