import Foundation

/// Observed values from a CSV: columns `metric`, `value`, and `period` or `date` (with the
/// scenario's `start`), optionally `segment` (for two dimensions, `de; mobile`). Every row
/// is checked against the scenario, and every mistake is reported at its cell: one bad row
/// means nothing is imported.
public enum ActualsTable {
    static let columns = ["metric", "value", "period", "date", "segment"]

    public static func read(_ text: String, file: String, scenario: Scenario) throws(Diagnostics) -> [Actual] {
        var log = DiagnosticLog()
        guard let (table, positions) = CSVHeader.table(text, file: file, known: columns, required: ["metric", "value"], log: &log) else {
            try log.check()
            return []
        }
        switch (positions["period"], positions["date"]) {
        case (nil, nil):
            log.error("the table has neither a 'period' nor a 'date' column: say when each value was observed", at: table.header.cells[0].location)
        case (_?, _?):
            log.error("the table has both 'period' and 'date': keep one", at: table.header.cells[positions["date"]!].location)
        case (nil, _?) where scenario.calendar == nil:
            log.error("values by 'date' need the scenario's 'start' (when period 1 begins, such as start: 2027-01-01); or give 'period' numbers",
                      at: table.header.cells[positions["date"]!].location)
        default: break
        }
        try log.check()
        let metrics = scenario.metrics.map(\.name)
        var actuals: [Actual] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            func cell(_ column: String) -> CSVTable.Cell? {
                guard let position = positions[column], position < row.cells.count else { return nil }
                return row.cells[position]
            }
            if let extra = row.cells.dropFirst(table.header.cells.count).first(where: { !$0.text.isEmpty }) {
                log.error("this row has more cells than the header has columns (\(table.header.cells.count)): is a comma inside a cell that should be quoted?",
                          at: extra.location)
                continue
            }
            guard let metricCell = cell("metric"), !metricCell.text.isEmpty else {
                log.error("a row without a 'metric'", at: row.cells[0].location)
                continue
            }
            guard let metric = name(metricCell, segment: cell("segment"), metrics: metrics, scenario: scenario, log: &log),
                  let t = period(row: row, cell: cell, scenario: scenario, log: &log),
                  let value = number(cell("value"), row: row, log: &log) else { continue }
            let key = "\(metric)@\(t)"
            if let first = firstLine[key] {
                log.error("'\(metric)' in \(scenario.period) \(t) is given twice (first on line \(first)): keep one value", at: metricCell.location)
                continue
            }
            firstLine[key] = row.line
            actuals.append(Actual(metric: metric, t: t, value: value, source: "\(PathText.name(of: file)):\(row.line)"))
        }
        try log.check()
        return actuals
    }

    /// The metric's name as the ledger keeps it: `orders`, or `orders[de]` with a segment.
    private static func name(_ cell: CSVTable.Cell, segment: CSVTable.Cell?, metrics: [String], scenario: Scenario, log: inout DiagnosticLog) -> String? {
        let base = cell.text.trimmingCharacters(in: .whitespaces)
        let segments = (segment?.text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let name = SegmentName.make(base, segments)
        if metrics.contains(name) { return name }
        let perSegment = metrics.filter { SegmentName.parse($0).base == base && $0 != base }
        if !perSegment.isEmpty {
            if segments.isEmpty {
                log.error("'\(base)' is kept per segment (\(perSegment.joined(separator: ", "))): give the segment in a 'segment' column", at: cell.location)
            } else {
                log.error("'\(name)' is not a segment of '\(base)'; it has \(perSegment.joined(separator: ", "))", at: segment?.location ?? cell.location)
            }
        } else if metrics.contains(base) {
            log.error("'\(base)' has no segments: leave 'segment' empty", at: segment?.location ?? cell.location)
        } else if scenario.input(named: base) != nil || scenario.inputs.contains(where: { SegmentName.parse($0.name).base == base }) {
            log.error("'\(base)' is an input, and forecasts are kept for metrics: add a metric that reads it (seen_\(base): \(base)) to hold it against its forecast", at: cell.location)
        } else {
            let bases = Set(metrics.map { SegmentName.parse($0).base })
            log.error("unknown metric '\(base)'\(NameSuggestion.hint(for: base, among: bases)); metrics: \(bases.sorted().joined(separator: ", "))", at: cell.location)
        }
        return nil
    }

    private static func period(row: CSVTable.Row, cell: (String) -> CSVTable.Cell?, scenario: Scenario, log: inout DiagnosticLog) -> Int? {
        let horizon = scenario.horizon
        if let periodCell = cell("period") {
            guard let t = Int(periodCell.text.trimmingCharacters(in: .whitespaces)) else {
                log.error("'period' must be a whole number from 1 to \(horizon), got '\(periodCell.text)'", at: periodCell.location)
                return nil
            }
            guard (1...horizon).contains(t) else {
                log.error("\(scenario.period) \(t) is outside the horizon (1 to \(horizon))", at: periodCell.location)
                return nil
            }
            return t
        }
        guard let dateCell = cell("date"), let calendar = scenario.calendar else { return nil }
        guard let date = ScenarioCalendar.date(dateCell.text.trimmingCharacters(in: .whitespaces)) else {
            log.error("'date' must be written YYYY-MM-DD, such as 2027-03-01, got '\(dateCell.text)'", at: dateCell.location)
            return nil
        }
        guard let t = calendar.period(of: date, limit: horizon), t >= 1 else {
            let end = ScenarioCalendar.text(calendar.beginning(ofPeriod: horizon + 1))
            log.error("\(dateCell.text) is outside the horizon (\(ScenarioCalendar.text(calendar.start)) up to \(end))", at: dateCell.location)
            return nil
        }
        return t
    }

    private static func number(_ cell: CSVTable.Cell?, row: CSVTable.Row, log: inout DiagnosticLog) -> Double? {
        guard let cell, !cell.text.trimmingCharacters(in: .whitespaces).isEmpty else {
            log.error("a row without a 'value'", at: row.cells[0].location)
            return nil
        }
        let text = cell.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard let value = Double(text), value.isFinite else {
            log.error("'value' must be a number, got '\(cell.text)'\(text.contains(",") ? " (write it without thousands separators)" : "")", at: cell.location)
            return nil
        }
        return value
    }
}
