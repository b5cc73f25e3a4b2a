import Foundation
import GRDB

/// An observed value of a metric (a segment's, named `orders[de]`) in a period.
public struct Actual: Sendable, Equatable {
    public var metric: String
    public var t: Int
    public var value: Double
    /// Where it came from: `FILE.csv:LINE`.
    public var source: String

    public init(metric: String, t: Int, value: Double, source: String) {
        (self.metric, self.t, self.value, self.source) = (metric, t, value, source)
    }
}

/// What an import did.
public struct ActualsImport: Sendable, Equatable {
    public var added = 0
    public var corrected = 0
    public var unchanged = 0
}

/// A value that an import replaced.
public struct ActualChange: Sendable, Equatable {
    public var metric: String
    public var t: Int
    public var oldValue: Double
    public var newValue: Double
    public var source: String
    public var changed: String
}

extension Ledger {
    /// Adds the values in one transaction: a value seen before is left alone, a different
    /// value for the same metric and period replaces it and the change is kept. `afterEach`
    /// runs after every row inside the transaction (tests interrupt an import there).
    public func importActuals(_ actuals: [Actual], scenario: String, afterEach: (Int) throws -> Void = { _ in }) throws(LedgerError) -> ActualsImport {
        try write { db in
            var summary = ActualsImport()
            let now = Self.now()
            for (index, actual) in actuals.enumerated() {
                let existing = try Double.fetchOne(db, sql: "SELECT value FROM actual WHERE scenario = ? AND metric = ? AND t = ?",
                                                   arguments: [scenario, actual.metric, actual.t])
                switch existing {
                case nil:
                    try db.execute(sql: "INSERT INTO actual (scenario, metric, t, value, source, imported) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [scenario, actual.metric, actual.t, actual.value, actual.source, now])
                    summary.added += 1
                case actual.value?:
                    summary.unchanged += 1
                case let old?:
                    try db.execute(sql: "UPDATE actual SET value = ?, source = ?, imported = ? WHERE scenario = ? AND metric = ? AND t = ?",
                                   arguments: [actual.value, actual.source, now, scenario, actual.metric, actual.t])
                    try db.execute(sql: "INSERT INTO actual_change (scenario, metric, t, old_value, new_value, source, changed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [scenario, actual.metric, actual.t, old, actual.value, actual.source, now])
                    summary.corrected += 1
                }
                try afterEach(index)
            }
            return summary
        }
    }

    /// The current value of every observed metric and period, by metric then period.
    public func actuals(scenario: String) throws(LedgerError) -> [Actual] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT metric, t, value, source FROM actual WHERE scenario = ? ORDER BY metric, t", arguments: [scenario]).map {
                Actual(metric: $0["metric"], t: $0["t"], value: $0["value"], source: $0["source"])
            }
        }
    }

    /// Every correction, oldest first.
    public func actualChanges(scenario: String) throws(LedgerError) -> [ActualChange] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM actual_change WHERE scenario = ? ORDER BY id", arguments: [scenario]).map {
                ActualChange(metric: $0["metric"], t: $0["t"], oldValue: $0["old_value"], newValue: $0["new_value"], source: $0["source"], changed: $0["changed"])
            }
        }
    }
}
