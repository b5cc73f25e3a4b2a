import Foundation

/// Features from a table (`features_from: backlog.csv`): one row per feature effect, as a
/// spreadsheet or a backlog tool exports it. The rows become the same feature entries the
/// YAML reader gives, located at their cells, so every rule and every message of a feature
/// written in the scenario applies unchanged and points into the CSV.
enum FeatureTable {
    /// Columns that belong to the feature, given on its first row (later rows may repeat them).
    static let featureColumns = ["title", "effort", "cost", "focus", "launch", "ramp", "success", "requires", "requires_working", "excludes"]
    static let effectColumns = ["target", "lift", "delta", "once", "half_life"]
    static let columns = ["id"] + featureColumns + effectColumns


    /// A `features_from` table: its path is relative to the scenario's directory, and its
    /// rows become feature entries located in the CSV.
    static func read(_ path: String, at location: SourceLocation, besideScenario scenarioFile: String,
                     from source: ScenarioLoader.TableSource, log: inout DiagnosticLog) -> (Scenario.Table, [DocumentNode.Mapping.Entry])? {
        let directory = PathText.directory(of: scenarioFile)
        let resolved = path.hasPrefix("/") ? path : PathText.joined(directory, path)
        guard path.lowercased().hasSuffix(".csv") else {
            log.error("'features_from' reads CSV files (a name ending in .csv), got '\(path)': export the sheet as CSV", at: location)
            return nil
        }
        guard let data = source(resolved) else {
            log.error("'features_from' names '\(path)', which cannot be read (looked for \(resolved))", at: location)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.error("'\(path)' is not UTF-8 text: export the CSV as UTF-8", at: location)
            return nil
        }
        do {
            let table = try CSVTable.read(text, file: resolved, header: "id,effort,target,lift")
            return (Scenario.Table(file: resolved, sha256: SHA256.hex(data)), FeatureTable.entries(table, log: &log))
        } catch {
            log.error(error.message, at: error.location)
            return nil
        }
    }

    static func entries(_ table: CSVTable, log: inout DiagnosticLog) -> [DocumentNode.Mapping.Entry] {
        guard let positions = columnPositions(table.header, log: &log) else { return [] }
        var features: [(id: String, location: SourceLocation, fields: [String: CSVTable.Cell], effects: [DocumentNode.Mapping.Entry])] = []
        for row in table.rows {
            let cell = { (column: String) -> CSVTable.Cell? in
                guard let position = positions[column], position < row.cells.count, !row.cells[position].text.isEmpty else { return nil }
                return row.cells[position]
            }
            if let extra = row.cells.dropFirst(table.header.cells.count).first(where: { !$0.text.isEmpty }) {
                log.error("this row has more cells than the header has columns (\(table.header.cells.count)): is a comma inside a cell that should be quoted?",
                          at: extra.location)
                continue
            }
            guard let id = cell("id") else {
                log.error("a row without an 'id': every row is an effect of the feature its id names", at: row.cells[0].location)
                continue
            }
            let index: Int
            if let existing = features.firstIndex(where: { $0.id == id.text }) {
                index = existing
            } else {
                features.append((id.text, id.location, [:], []))
                index = features.count - 1
            }
            for column in featureColumns {
                guard let value = cell(column) else { continue }
                if let earlier = features[index].fields[column] {
                    if earlier.text != value.text {
                        log.error("feature '\(id.text)' has \(column) '\(value.text)' here but '\(earlier.text)' on line \(earlier.location.line): give a feature's columns once, or the same on every row",
                                  at: value.location)
                    }
                } else {
                    features[index].fields[column] = value
                }
            }
            if let effect = effect(of: id.text, cell: cell, row: row, earlier: features[index].effects, log: &log) {
                features[index].effects.append(effect)
            }
        }
        return features.map { feature in
            var entries = featureColumns.compactMap { column -> DocumentNode.Mapping.Entry? in
                guard let value = feature.fields[column] else { return nil }
                let node = ["requires", "requires_working", "excludes"].contains(column) ? idList(value) : .scalar(scalar(value))
                return DocumentNode.Mapping.Entry(key: column, keyLocation: value.location, value: node)
            }
            entries.append(DocumentNode.Mapping.Entry(key: "effects", keyLocation: feature.location,
                                                      value: .mapping(DocumentNode.Mapping(entries: feature.effects, location: feature.location))))
            return DocumentNode.Mapping.Entry(key: feature.id, keyLocation: feature.location,
                                              value: .mapping(DocumentNode.Mapping(entries: entries, location: feature.location)))
        }
    }

    /// Where each known column stands. Headers are matched ignoring case, surrounding spaces,
    /// and spaces or hyphens for '_' ("Half life"); columns a team keeps for itself (owner,
    /// status, notes) are ignored, but one a letter away from a known column is a typo.
    private static func columnPositions(_ header: CSVTable.Row, log: inout DiagnosticLog) -> [String: Int]? {
        let positions = CSVHeader.positions(header, known: columns, required: ["id", "effort", "target"], log: &log)
        if let positions, positions["lift"] == nil && positions["delta"] == nil {
            log.error("the table has neither a 'lift' nor a 'delta' column: each row's effect needs one", at: header.cells[0].location)
            return nil
        }
        return positions
    }

    private static func effect(of id: String, cell: (String) -> CSVTable.Cell?, row: CSVTable.Row, earlier: [DocumentNode.Mapping.Entry],
                               log: inout DiagnosticLog) -> DocumentNode.Mapping.Entry? {
        guard let target = cell("target") else {
            log.error("feature '\(id)': this row has no 'target', the input or metric its effect moves", at: row.cells[0].location)
            return nil
        }
        let kinds = ["lift", "delta"].compactMap { kind in cell(kind).map { (kind, $0) } }
        guard kinds.count == 1 else {
            log.error("the effect of '\(id)' on '\(target.text)' needs exactly one of 'lift' (relative change) or 'delta' (absolute change)\(kinds.isEmpty ? "" : ", not both")",
                      at: kinds.last?.1.location ?? target.location)
            return nil
        }
        if let first = earlier.first(where: { $0.key == target.text }) {
            log.error("feature '\(id)' has two effects on '\(target.text)' (first on line \(first.keyLocation.line)): combine them into one row", at: target.location)
            return nil
        }
        let (kind, magnitude) = kinds[0]
        let shape = ["once", "half_life"].compactMap { column in
            cell(column).map { DocumentNode.Mapping.Entry(key: column, keyLocation: $0.location, value: .scalar(scalar($0))) }
        }
        return DocumentNode.Mapping.Entry(
            key: target.text, keyLocation: target.location,
            value: .mapping(DocumentNode.Mapping(entries: [.init(key: kind, keyLocation: magnitude.location, value: .scalar(scalar(magnitude)))] + shape,
                                                 location: target.location)))
    }

    private static func scalar(_ cell: CSVTable.Cell) -> DocumentNode.Scalar {
        DocumentNode.Scalar(text: cell.text, location: cell.location, textStart: cell.textStart, isQuoted: true)
    }

    /// `platform; checkout` as a list of ids, each located where it is written.
    private static func idList(_ cell: CSVTable.Cell) -> DocumentNode {
        var items: [DocumentNode] = []
        var offset = 0
        for part in cell.text.split(separator: ";", omittingEmptySubsequences: false) {
            let leading = part.prefix { $0 == " " }.count
            let text = part.trimmingCharacters(in: .whitespaces)
            let start = cell.textStart?.advanced(by: offset + leading)
            if !text.isEmpty {
                items.append(.scalar(DocumentNode.Scalar(text: text, location: start ?? cell.location, textStart: start, isQuoted: true)))
            }
            offset += part.count + 1
        }
        return .sequence(items, cell.location)
    }
}
