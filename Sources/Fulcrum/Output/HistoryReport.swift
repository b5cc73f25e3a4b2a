/// `fulcrum history`: every recorded forecast of a scenario in time order, what it
/// recommended, and what changed from one to the next.
public enum HistoryReport {
    public static func render(_ records: [ForecastRecord], as format: OutputFormat) -> String {
        ReportFormats.render(format, provenance: nil, document: { document(records) }, json: { json(records) }, csv: { csv(records) })
    }

    static func changes(_ records: [ForecastRecord]) -> [[String]] {
        zip(records, records.dropFirst()).map { old, new in
            var lines = AssumptionChanges.between(old.text, new.text, file: new.file) ?? ["the scenario changed (sha256 \(old.sha256.prefix(12)) -> \(new.sha256.prefix(12)))"]
            if old.plan != new.plan || old.roadmap != new.roadmap { lines.append("roadmap: \(old.plan) -> \(new.plan)") }
            let moves = RankingMoves.between(old.ranking, new.ranking)
            if !moves.isEmpty { lines.append("ranking: " + moves.joined(separator: ", ")) }
            return lines
        }
    }

    static func document(_ records: [ForecastRecord]) -> ReportDocument {
        var doc = ReportDocument()
        guard let first = records.first else {
            doc.append(.paragraph("No forecasts recorded for this scenario yet: 'fulcrum record SCENARIO' records one."))
            return doc
        }
        doc.append(.title("\(first.scenario): recorded forecasts"))
        var table = TextTable(headers: ["id", "created", "label", "roadmap", "P(hit)", "best within budget", "its uplift"],
                              alignments: [.right, .left, .left, .left, .right, .left, .right])
        for r in records {
            table.append([String(r.id), String(r.created.replacingOccurrences(of: "T", with: " ").prefix(16)), r.label ?? "", r.plan, r.probTarget.map(NumberFormat.percent) ?? "-",
                          r.bestRoadmap.map { $0.isEmpty ? "no features" : $0.joined(separator: "+") } ?? "-", r.bestUplift.map(NumberFormat.auto) ?? "-"])
        }
        doc += [.table(table), .blank]
        for (index, lines) in changes(records).enumerated() {
            doc += [.section("From \(records[index].id) to \(records[index + 1].id)"), .bullets(lines.isEmpty ? ["nothing changed"] : lines), .blank]
        }
        return doc
    }

    static func json(_ records: [ForecastRecord]) -> JSONValue {
        let changes = changes(records)
        return .object([("records", .array(records.enumerated().map { index, r in
            .object([("id", .number(Double(r.id))), ("label", r.label.map { .string($0) } ?? .null), ("created", .string(r.created)),
                     ("plan", .string(r.plan)), ("features", .array(r.roadmap.map { .string($0) })), ("sha256", .string(r.sha256)),
                     ("prob_target", .number(r.probTarget)), ("goal_mean", .number(r.goalMean)),
                     ("best", r.bestRoadmap.map { .array($0.map { .string($0) }) } ?? .null), ("best_uplift", .number(r.bestUplift)),
                     ("ranking", .array(r.ranking.map { .string($0) })),
                     ("changes", .array((index == 0 ? [] : changes[index - 1]).map { .string($0) }))])
        }))])
    }

    static func csv(_ records: [ForecastRecord]) -> String {
        var lines = [CSV.line(["id", "created", "label", "plan", "prob_target", "goal_mean", "best", "best_uplift"])]
        for r in records {
            lines.append(CSV.line([String(r.id), r.created, r.label ?? "", r.plan, r.probTarget.map(NumberFormat.plain) ?? "",
                                   NumberFormat.plain(r.goalMean), r.bestRoadmap?.joined(separator: ";") ?? "", r.bestUplift.map(NumberFormat.plain) ?? ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
