import Foundation
import GRDB
import Testing
@testable import Fulcrum

/// The ledger and the scores and updates built on it, against hand computations and
/// closed forms.
struct LedgerTests {
    static let ramp = (1...99).map(Double.init)

    @Test func pitReadsTheActualsPlaceAmongThePercentiles() {
        #expect(abs(ForecastScore.pit(37.5, percentiles: Self.ramp) - 0.375) < 1e-12)
        #expect(ForecastScore.pit(50, percentiles: Self.ramp) == 0.5)
        #expect(ForecastScore.pit(-3, percentiles: Self.ramp) == 0.005)
        #expect(ForecastScore.pit(150, percentiles: Self.ramp) == 0.995)
        // A constant forecast that came true sits in the middle.
        #expect(ForecastScore.pit(7, percentiles: [Double](repeating: 7, count: 99)) == 0.5)
    }

    @Test func coverageAndMeanPITByHand() {
        // Percentiles k: the 50% interval is [25, 75], the 90% one [5, 95].
        let cells = [10.0, 30, 60, 97].enumerated().map { index, actual in
            ForecastReview.Period(t: index + 1, actual: actual, p5: 5, p50: 50, p95: 95, pit: ForecastScore.pit(actual, percentiles: Self.ramp),
                                  inside50: actual >= 25 && actual <= 75, inside90: actual >= 5 && actual <= 95,
                                  crps: ForecastScore.crps(actual, percentiles: Self.ramp))
        }
        let summary = ForecastReview.summary("m", cells)
        #expect(summary.coverage50 == 0.5 && summary.coverage90 == 0.75)
        #expect(abs(summary.meanPIT - (0.10 + 0.30 + 0.60 + 0.97) / 4) < 1e-12)
    }

    @Test func crpsFromPercentilesMatchesTheNormalClosedForm() throws {
        var sketch = QuantileSketch(mantissaBits: 16)
        let simulation = try TestSupport.simulate("name: n\nhorizon: 1\nprimary: {metric: m}\ninputs: {x: normal(0, 1)}\nmetrics: {m: x}\n", samples: 400_000)
        sketch.merge(simulation.distribution)
        let percentiles = ForecastRecord.levels.map { sketch.quantile($0) }
        for actual in [0.0, 0.3, 1.5, -2.2] {
            let phi = exp(-actual * actual / 2) / (2 * Double.pi).squareRoot()
            let cdf = 0.5 * (1 + erf(actual / 2.squareRoot()))
            let exact = actual * (2 * cdf - 1) + 2 * phi - 1 / Double.pi.squareRoot()
            // The 1%...99% grid leaves out the tails: within 3% of the exact score.
            #expect(abs(ForecastScore.crps(actual, percentiles: percentiles) - exact) < 0.03 * exact, "at \(actual)")
        }
    }

    /// x ~ N(0, 1) drawn once, m = x in both periods, the goal their sum; m observed as 1
    /// in period 1 with error sd 0.5: x | y ~ N(0.8, 0.2), so the goal 2x ~ N(1.6, 0.8).
    @Test func theGoalConditionedOnAnObservationMatchesTheNormalPosterior() throws {
        let scenario = try TestSupport.scenario("name: n\nhorizon: 2\nprimary: {metric: m, target: 1}\ninputs: {x: normal(0, 1)}\nmetrics: {m: x}\n")
        let goal = try ConditionedGoal.run(try Model(scenario), roadmap: .baseline, settings: SamplingSettings(samples: 400_000, seed: 3, threads: 2),
                                           observations: [.init(metric: "m", t: 1, value: 1)], noise: 0.5)
        let exactHit = 0.5 * (1 + erf((1.6 - 1) / 0.8.squareRoot() / 2.squareRoot()))
        let se = (exactHit * (1 - exactHit) / goal.effectiveSamples).squareRoot()
        #expect(abs(goal.probTarget! - exactHit) < 4 * se, "P(hit) \(goal.probTarget!) against \(exactHit) (se \(se))")
        #expect(abs(goal.mean - 1.6) < 4 * (0.8 / goal.effectiveSamples).squareRoot())
        #expect(abs(goal.sd - 0.8.squareRoot()) < 0.01)
        #expect(goal.isTrusted && goal.effectiveSamples > 100_000)
    }

    @Test func aNormalPriorIsUpdatedExactlyAndAnyOtherWithinMonteCarloError() throws {
        let exact = try EffectLearning.update("normal(0.05, 0.02)", estimate: 0.02, standardError: 0.01, seed: 1)
        let precision = 1 / 0.0004 + 1 / 0.0001
        #expect(exact.method == .conjugate)
        #expect(abs(exact.posterior.mean - (0.05 / 0.0004 + 0.02 / 0.0001) / precision) < 1e-15)
        #expect(abs(exact.posterior.sd - (1 / precision).squareRoot()) < 1e-15)
        // The same prior written so that only its draws tell: reweighting agrees.
        let drawn = try EffectLearning.update("0.05 + normal(0, 0.02)", estimate: 0.02, standardError: 0.01, seed: 1)
        guard case .reweighting(_, let effective) = drawn.method else {
            Issue.record("expected reweighting")
            return
        }
        let sd = exact.posterior.sd
        #expect(abs(drawn.posterior.mean - exact.posterior.mean) < 4 * sd / effective.squareRoot())
        #expect(abs(drawn.posterior.sd - sd) < 0.02 * sd)
        #expect(abs(drawn.prior.mean - 0.05) < 0.001 && abs(drawn.prior.sd - 0.02) < 0.001)
    }

    @Test func datesFallInTheirCalendarPeriods() throws {
        let calendar = ScenarioCalendar(start: ScenarioCalendar.date("2027-01-15")!, unit: .month)
        func period(_ text: String) -> Int? { calendar.period(of: ScenarioCalendar.date(text)!, limit: 12) }
        #expect(period("2027-01-15") == 1 && period("2027-02-14") == 1 && period("2027-02-15") == 2)
        #expect(period("2028-01-14") == 12 && period("2028-01-15") == nil && period("2027-01-14") == 0)
        let quarters = ScenarioCalendar(start: ScenarioCalendar.date("2027-01-01")!, unit: .quarter)
        #expect(quarters.period(of: ScenarioCalendar.date("2027-07-01")!, limit: 4) == 3)
        #expect(ScenarioCalendar.date("2027-02-30") == nil && ScenarioCalendar.date("27-01-01") == nil)
        let errors = TestSupport.loadErrors("name: s\nhorizon: 3\nperiod: sprint\nstart: 2027-01-01\nprimary: {metric: m}\ninputs: {x: 1}\nmetrics: {m: x}\n", file: "s.yaml")
        #expect(errors == ["s.yaml:4:8: error: 'start' needs a calendar period (day, week, month, quarter or year); the scenario's period is 'sprint'"])
        let bad = TestSupport.loadErrors("name: s\nhorizon: 3\nperiod: month\nstart: 2027-13-01\nprimary: {metric: m}\ninputs: {x: 1}\nmetrics: {m: x}\n", file: "s.yaml")
        #expect(bad == ["s.yaml:4:8: error: 'start' must be a date written YYYY-MM-DD, such as 2027-01-01, got '2027-13-01'"])
    }

    static func directory() throws -> String { try TestSupport.temporaryDirectory() }

    @Test func filesThatAreNotLedgersAreRefusedAndLeftAlone() throws {
        let folder = try Self.directory()
        let text = folder + "/notes.sqlite"
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let other = folder + "/other.sqlite"
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
        let newer = folder + "/newer.sqlite"
        try DatabaseQueue(path: newer).write { try $0.execute(sql: "PRAGMA application_id = \(Ledger.applicationID); PRAGMA user_version = 99") }
        for (path, message) in [(text, "is not a Fulcrum ledger"), (other, "of another application"), (newer, "written by a newer Fulcrum"), (folder, "not a regular file")] {
            let before = try? Data(contentsOf: URL(fileURLWithPath: path))
            #expect(throws: LedgerError.self) { try Ledger(path: path) }
            do { _ = try Ledger(path: path) } catch { #expect(error.message.contains(message), "\(error.message)") }
            #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == before)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["newer.sqlite", "notes.sqlite", "other.sqlite"])
    }

    @Test func anOlderLedgerIsMigratedWithItsRecordsKept() throws {
        let path = try Self.directory() + "/old.sqlite"
        let old = try DatabasePool(path: path)
        try Ledger.migrator.migrate(old, upTo: "v1")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO record (scenario, created, file, sha256, text, plan, roadmap, goal, aggregate, horizon, period, seed, samples, version, goal_mean, goal_sd)
                VALUES ('s', '2026-01-01T00:00:00Z', 's.yaml', 'abc', 'name: s', 'baseline', '', 'm', 'sum', 3, 'month', 1, 100, '0.2.0', 5, 1)
                """)
        }
        try old.close()
        let ledger = try Ledger(path: path)
        let records = try ledger.records(scenario: "s")
        #expect(records.count == 1 && records[0].goalMean == 5 && records[0].ranking.isEmpty && records[0].bestRoadmap == nil)
        #expect(try ledger.actualChanges(scenario: "s").isEmpty)
        let version = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == Ledger.migrator.migrations.count)
    }

    @Test func importsAreIdempotentAndCorrectionsAreKept() throws {
        let ledger = try Ledger(path: try Self.directory() + "/l.sqlite")
        let first = [Actual(metric: "m", t: 1, value: 10, source: "a.csv:2"), Actual(metric: "m", t: 2, value: 12, source: "a.csv:3")]
        #expect(try ledger.importActuals(first, scenario: "s") == ActualsImport(added: 2, corrected: 0, unchanged: 0))
        #expect(try ledger.importActuals(first, scenario: "s") == ActualsImport(added: 0, corrected: 0, unchanged: 2))
        let corrected = [Actual(metric: "m", t: 2, value: 13, source: "b.csv:2")]
        #expect(try ledger.importActuals(corrected, scenario: "s") == ActualsImport(added: 0, corrected: 1, unchanged: 0))
        #expect(try ledger.actuals(scenario: "s").map(\.value) == [10, 13])
        let changes = try ledger.actualChanges(scenario: "s")
        #expect(changes.count == 1 && changes[0].oldValue == 12 && changes[0].newValue == 13 && changes[0].source == "b.csv:2")
    }

    @Test func anImportThatFailsHalfwayLeavesNothing() throws {
        struct Stop: Error {}
        let ledger = try Ledger(path: try Self.directory() + "/l.sqlite")
        _ = try ledger.importActuals([Actual(metric: "m", t: 1, value: 1, source: "a")], scenario: "s")
        let rows = (1...5).map { Actual(metric: "n", t: $0, value: Double($0), source: "b") }
        #expect(throws: LedgerError.self) {
            try ledger.importActuals(rows, scenario: "s") { index in if index == 2 { throw Stop() } }
        }
        #expect(try ledger.actuals(scenario: "s").map(\.metric) == ["m"])
    }
}
