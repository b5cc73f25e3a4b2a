import Foundation

/// Experiment results from a CSV: columns `feature`, `target`, `estimate` and `std_error`,
/// the observed lift or delta of one effect and its standard error. Every row is checked
/// against the scenario's features and effects, and every mistake reported at its cell.
public enum ExperimentsTable {
    public struct Result: Sendable {
        public var feature: String
        public var target: String
        public var estimate: Double
        public var standardError: Double
        /// `FILE.csv:LINE`, for the comment on the updated effect.
        public var source: String
    }

    static let columns = ["feature", "target", "estimate", "std_error"]

    public static func read(_ text: String, file: String, scenario: Scenario) throws(Diagnostics) -> [Result] {
        var log = DiagnosticLog()
        guard let (table, positions) = CSVHeader.table(text, file: file, known: columns, required: columns, log: &log) else {
            try log.check()
            return []
        }
        var results: [Result] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            func cell(_ column: String) -> CSVTable.Cell {
                let position = positions[column]!
                return position < row.cells.count ? row.cells[position] : CSVTable.Cell(text: "", location: row.cells[row.cells.count - 1].location)
            }
            let (featureCell, targetCell) = (cell("feature"), cell("target"))
            let id = featureCell.text.trimmingCharacters(in: .whitespaces), target = targetCell.text.trimmingCharacters(in: .whitespaces)
            guard let feature = scenario.feature(withID: id) else {
                log.error("unknown feature '\(id)'\(NameSuggestion.hint(for: id, among: scenario.features.map(\.id)))", at: featureCell.location)
                continue
            }
            let targets = feature.effects.map(\.target)
            guard targets.contains(target) else {
                log.error("\(id) has no effect on '\(target)'\(NameSuggestion.hint(for: target, among: targets)); its effects: \(targets.joined(separator: ", "))",
                          at: targetCell.location)
                continue
            }
            guard let estimate = number(cell("estimate"), "estimate", log: &log), let error = number(cell("std_error"), "std_error", log: &log) else { continue }
            guard error > 0 else {
                log.error("'std_error' must be above 0, got \(cell("std_error").text): an experiment always leaves some doubt", at: cell("std_error").location)
                continue
            }
            let key = "\(id).\(target)"
            if let first = firstLine[key] {
                log.error("\(key) has a result already (line \(first)): combine the experiments into one estimate, or keep one", at: featureCell.location)
                continue
            }
            firstLine[key] = row.line
            results.append(Result(feature: id, target: target, estimate: estimate, standardError: error,
                                  source: "\(PathText.name(of: file)):\(row.line)"))
        }
        try log.check()
        return results
    }

    private static func number(_ cell: CSVTable.Cell, _ column: String, log: inout DiagnosticLog) -> Double? {
        let text = cell.text.trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        guard let value = Double(percent ? String(text.dropLast()) : text), value.isFinite else {
            log.error("'\(column)' must be a number (0.04 or 4%), got '\(cell.text)'", at: cell.location)
            return nil
        }
        return percent ? value / 100 : value
    }
}
