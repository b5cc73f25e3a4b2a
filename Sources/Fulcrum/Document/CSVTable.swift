/// A CSV file as spreadsheets and backlog tools export it (RFC 4180: quoted cells, doubled
/// quotes, line breaks inside quotes, CRLF, a UTF-8 byte-order mark), with the line and
/// column of every cell so that an error in a backlog points at the cell a user must fix.
/// The library parsers available here return bare strings, which would lose exactly that.
struct CSVTable {
    struct Cell: Sendable {
        var text: String
        var location: SourceLocation
        /// Where character 0 of `text` stands, when the cell sits on one line as written.
        var textStart: SourceLocation?
    }

    struct Row: Sendable {
        var cells: [Cell]
        var line: Int
    }

    var header: Row
    var rows: [Row]

    struct Failure: Error {
        var message: String
        var location: SourceLocation
    }

    /// Reads `text`; the first row that is not blank is the header. Blank rows are skipped.
    /// `header` names the columns an empty file is told it needs.
    static func read(_ text: String, file: String, header: String) throws(Failure) -> CSVTable {
        var rows: [Row] = []
        var cells: [Cell] = []
        var current = ""
        var line = 1, column = 1
        var rowLine = 1
        var cellStart = SourceLocation(file: file, line: 1, column: 1)
        var textStart: SourceLocation? = cellStart
        var quoted = false, wasQuoted = false, spansLines = false, rowHasQuotes = false
        // Characters are grapheme clusters, so CRLF is one line break.
        let characters = Array(text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text)
        var index = 0

        func endCell() {
            let leading = current.prefix { $0 == " " || $0 == "\t" }.count
            cells.append(Cell(text: wasQuoted ? current : current.trimmingCharacters(in: .whitespaces), location: cellStart,
                              textStart: spansLines ? nil : (wasQuoted ? textStart : textStart?.advanced(by: leading))))
            current = ""
            wasQuoted = false
            spansLines = false
        }
        /// Spreadsheets export empty rows as `,,,`: those are skipped, not read as features.
        func endRow() {
            endCell()
            if rowHasQuotes || cells.contains(where: { !$0.text.isEmpty }) { rows.append(Row(cells: cells, line: rowLine)) }
            cells = []
            rowHasQuotes = false
        }

        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character == "\"" {
                    if index < characters.count, characters[index] == "\"" {
                        current.append("\"")
                        index += 1
                        column += 2
                        continue
                    }
                    quoted = false
                    column += 1
                    continue
                }
                if character == "\n" || character == "\r\n" || character == "\r" {
                    current.append("\n")
                    line += 1
                    column = 1
                    spansLines = true
                    continue
                }
                current.append(character)
                column += 1
                continue
            }
            switch character {
            case "\"" where current.trimmingCharacters(in: .whitespaces).isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
                rowHasQuotes = true
                current = ""
                column += 1
                textStart = SourceLocation(file: file, line: line, column: column)
            case "\"":
                throw Failure(message: "a quote inside an unquoted cell: quote the whole cell and double the quote (\"say \"\"hi\"\"\")",
                              location: SourceLocation(file: file, line: line, column: column))
            case ",":
                endCell()
                column += 1
                cellStart = SourceLocation(file: file, line: line, column: column)
                textStart = cellStart
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                column = 1
                rowLine = line
                cellStart = SourceLocation(file: file, line: line, column: column)
                textStart = cellStart
            default:
                if wasQuoted {
                    if character == " " || character == "\t" { column += 1; continue }
                    throw Failure(message: "text after a closing quote: a quoted cell ends at its closing quote",
                                  location: SourceLocation(file: file, line: line, column: column))
                }
                current.append(character)
                column += 1
            }
        }
        if quoted { throw Failure(message: "a quoted cell is never closed", location: cellStart) }
        if !current.isEmpty || !cells.isEmpty || wasQuoted { endRow() }
        guard let header = rows.first else {
            throw Failure(message: "the table is empty: it needs a header row (\(header),...) and a row per record",
                          location: SourceLocation(file: file, line: 1, column: 1))
        }
        return CSVTable(header: header, rows: Array(rows.dropFirst()))
    }
}
