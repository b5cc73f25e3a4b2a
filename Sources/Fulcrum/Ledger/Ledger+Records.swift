import Foundation
import GRDB

extension Ledger {
    /// Stores a forecast with all its cells in one transaction; returns its id.
    public func add(_ record: ForecastRecord) throws(LedgerError) -> Int64 {
        try write { db in
            try db.execute(sql: """
                INSERT INTO record (scenario, created, label, file, sha256, text, plan, roadmap, goal, aggregate, target, horizon, period,
                                    seed, samples, version, goal_mean, goal_sd, prob_target, ranking, best_roadmap, best_uplift,
                                    plan_uplift, plan_efficiency)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.scenario, Self.now(), record.label, record.file, record.sha256, record.text, record.plan,
                                 Self.list(record.roadmap), record.goal, record.aggregate, record.target, record.horizon, record.period,
                                 Int64(bitPattern: record.seed), record.samples, record.version, record.goalMean, record.goalSD,
                                 record.probTarget, Self.list(record.ranking), record.bestRoadmap.map(Self.list), record.bestUplift,
                                 record.planUplift, record.planEfficiency])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO forecast (record, metric, t, mean, sd, percentiles) VALUES (?, ?, ?, ?, ?, ?)")
            for cell in record.cells {
                try insert.execute(arguments: [id, cell.metric, cell.t, cell.mean, cell.sd, Self.blob(cell.percentiles)])
            }
            return id
        }
    }

    /// Every record of a scenario in the order they were made, without their cells.
    public func records(scenario: String) throws(LedgerError) -> [ForecastRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM record WHERE scenario = ? ORDER BY id", arguments: [scenario]).map(Self.record)
        }
    }

    /// One record with its cells, or nil.
    public func record(id: Int64) throws(LedgerError) -> ForecastRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM record WHERE id = ?", arguments: [id]) else { return nil }
            var record = Self.record(row)
            record.cells = try Row.fetchAll(db, sql: "SELECT * FROM forecast WHERE record = ? ORDER BY metric, t", arguments: [id]).map { cell in
                ForecastRecord.Cell(metric: cell["metric"], t: cell["t"], mean: cell["mean"], sd: cell["sd"], percentiles: Self.doubles(cell["percentiles"]))
            }
            return record
        }
    }

    private static func record(_ row: Row) -> ForecastRecord {
        let roadmap: String = row["roadmap"], ranking: String = row["ranking"]
        return ForecastRecord(
            id: row["id"], scenario: row["scenario"], created: row["created"], label: row["label"], file: row["file"], sha256: row["sha256"],
            text: row["text"], plan: row["plan"], roadmap: items(roadmap), goal: row["goal"], aggregate: row["aggregate"], target: row["target"],
            horizon: row["horizon"], period: row["period"], seed: UInt64(bitPattern: row["seed"] as Int64), samples: row["samples"],
            version: row["version"], goalMean: row["goal_mean"], goalSD: row["goal_sd"], probTarget: row["prob_target"],
            ranking: items(ranking), bestRoadmap: (row["best_roadmap"] as String?).map(items), bestUplift: row["best_uplift"],
            planUplift: row["plan_uplift"], planEfficiency: row["plan_efficiency"])
    }

    /// Feature ids as one text: ids never contain a comma.
    static func list(_ ids: [String]) -> String { ids.joined(separator: ",") }
    static func items(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: ",").map(String.init) }

    /// Doubles stored exactly, as little-endian IEEE 754.
    static func blob(_ values: [Double]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func doubles(_ data: Data) -> [Double] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
        }
    }
}
