/// What `record` and `actuals` say they did, in each format.
public enum LedgerReceipt {
    public static func recorded(id: Int64, ledger: String, scenario: String, as format: OutputFormat) -> String {
        switch format {
        case .json: return JSONValue.object([("id", .number(Double(id))), ("ledger", .string(ledger))]).serialized() + "\n"
        case .csv: return "id,ledger\n" + CSV.line([String(id), ledger]) + "\n"
        case .table, .markdown, .svg: return "Recorded forecast \(id) of \(scenario) in \(ledger).\n"
        }
    }

    public static func imported(_ summary: ActualsImport, file: String, ledger: String, as format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONValue.object([("added", .number(Double(summary.added))), ("corrected", .number(Double(summary.corrected))),
                                     ("unchanged", .number(Double(summary.unchanged))), ("ledger", .string(ledger))]).serialized() + "\n"
        case .csv:
            return "added,corrected,unchanged,ledger\n" + CSV.line([String(summary.added), String(summary.corrected), String(summary.unchanged), ledger]) + "\n"
        case .table, .markdown, .svg:
            return "Imported \(file) into \(ledger): \(summary.added) new value\(summary.added == 1 ? "" : "s"), \(summary.corrected) corrected"
                + (summary.corrected > 0 ? " (the values they replace are kept)" : "") + ", \(summary.unchanged) unchanged.\n"
        }
    }
}
