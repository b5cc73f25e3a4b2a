import Foundation
import Testing

/// record, actuals, review, learn and history end to end, on a real SQLite file.
@Suite(.serialized) struct LedgerCommandLineTests {
    static let quick = ["--samples", "4000"]

    /// A copy of the online store with a calendar, in a fresh directory (its ledger beside it).
    static func store() throws -> (directory: String, scenario: String) {
        let directory = try TestSupport.temporaryDirectory()
        let text = try String(contentsOfFile: ScenarioFiles.directory + "/online-store.yaml", encoding: .utf8)
            .replacingOccurrences(of: "period: month", with: "period: month\nstart: 2027-01-01")
        let scenario = directory + "/store.yaml"
        try text.write(toFile: scenario, atomically: true, encoding: .utf8)
        return (directory, scenario)
    }

    static func json(_ run: Binary.Run) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    @Test func recordReviewAndHistoryRoundTrip() throws {
        let (directory, scenario) = try Self.store()
        let recorded = try Self.json(Binary.run(["record", scenario, "--plan", "checkout_first", "--label", "Q1", "--format", "json"] + Self.quick))
        #expect(recorded["id"] as? Int == 1)
        #expect(FileManager.default.fileExists(atPath: directory + "/fulcrum.sqlite"))
        let simulated = try Binary.run(["simulate", scenario, "--record", "--label", "again"] + Self.quick)
        #expect(simulated.status == 0 && simulated.stderr.contains("Recorded forecast 2"), "\(simulated.stderr)")
        let csv = directory + "/actuals.csv"
        try "metric,value,date\nrevenue,1050000,2027-01-31\nrevenue,1120000,2027-02-10\norders,19000,2027-01-05\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try Self.json(Binary.run(["actuals", scenario, csv, "--format", "json"]))
        #expect(imported["added"] as? Int == 3)
        let review = try Self.json(Binary.run(["review", scenario, "--record", "1", "--format", "json"] + Self.quick))
        #expect(review["record"] as? Int == 1)
        let metrics = review["metrics"] as! [[String: Any]]
        #expect(metrics.map { $0["metric"] as! String } == ["orders", "revenue"])
        let periods = metrics[1]["periods"] as! [[String: Any]]
        #expect(periods.map { $0["t"] as! Int } == [1, 2] && periods.allSatisfy { ($0["pit"] as! Double) > 0 && ($0["pit"] as! Double) < 1 })
        let goal = review["goal"] as! [String: Any]
        #expect(goal["prob_target_given_actuals"] is Double && (goal["effective_samples"] as! Double) > 1)
        let table = try Binary.run(["review", scenario] + Self.quick)
        #expect(table.status == 0 && table.stdout.contains("forecast 2 against what happened"), "\(table.stderr)")
        let history = try Self.json(Binary.run(["history", scenario, "--format", "json"]))
        let records = history["records"] as! [[String: Any]]
        #expect(records.map { $0["id"] as! Int } == [1, 2] && records.map { $0["label"] as? String } == ["Q1", "again"])
        #expect((records[1]["changes"] as! [String]).contains("roadmap: checkout_first -> baseline"))
    }

    @Test func historyNamesTheAssumptionsEditedBetweenRecords() throws {
        let (_, scenario) = try Self.store()
        _ = try Binary.run(["record", scenario] + Self.quick)
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        try text.replacingOccurrences(of: "normal(500000, 40000)", with: "normal(450000, 40000)").write(toFile: scenario, atomically: true, encoding: .utf8)
        _ = try Binary.run(["record", scenario] + Self.quick)
        let history = try Binary.run(["history", scenario])
        #expect(history.stdout.contains("input traffic: normal(500000, 40000) -> normal(450000, 40000)"), "\(history.stdout)")
    }

    @Test func twoProcessesRecordingAtOnceBothSucceed() throws {
        let (directory, scenario) = try Self.store()
        let runs = try Binary.run(viaShell: """
            "$FULCRUM" record \(scenario) --samples 20000 --label a > \(directory)/a.out 2>&1 & A=$!
            "$FULCRUM" record \(scenario) --samples 20000 --label b > \(directory)/b.out 2>&1 & B=$!
            wait $A; RA=$?; wait $B; RB=$?; cat \(directory)/a.out \(directory)/b.out; exit $((RA + RB))
            """)
        #expect(runs.status == 0, "\(runs.stdout)")
        let history = try Self.json(Binary.run(["history", scenario, "--format", "json"]))
        #expect(Set((history["records"] as! [[String: Any]]).compactMap { $0["label"] as? String }) == ["a", "b"])
    }

    @Test func aCrashInTheMiddleOfAnImportLeavesTheLedgerAsItWas() throws {
        let (directory, scenario) = try Self.store()
        let csv = directory + "/a.csv"
        try "metric,value,period\nrevenue,1,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try Binary.run(["actuals", scenario, csv]).status == 0)
        let big = directory + "/b.csv"
        try ("metric,value,period\n" + (1...12).map { "orders,\($0 * 1000),\($0)" }.joined(separator: "\n") + "\n").write(toFile: big, atomically: true, encoding: .utf8)
        let crashed = try Binary.launch(Binary.url, ["actuals", scenario, big],
                                        environment: ProcessInfo.processInfo.environment.merging(["FULCRUM_TEST_CRASH_AFTER_ROWS": "6"]) { $1 })
        #expect(crashed.status == 137)
        let review = try Self.json(Binary.run(["actuals", scenario, csv, "--format", "json"]))
        #expect(review["unchanged"] as? Int == 1)
        let again = try Self.json(Binary.run(["actuals", scenario, big, "--format", "json"]))
        #expect(again["added"] as? Int == 12, "the crashed import left rows behind")
    }

    @Test(arguments: [
        ("metric,value,period\nrevnue,1,1\n", "a.csv:2:1: error: unknown metric 'revnue' (did you mean 'revenue'?)"),
        ("metric,value,period\nrevenue,1,13\n", "a.csv:2:11: error: month 13 is outside the horizon (1 to 12)"),
        ("metric,value,period\nrevenue,lots,1\n", "a.csv:2:9: error: 'value' must be a number, got 'lots'"),
        ("metric,value,period\nrevenue,1,1\nrevenue,2,1\n", "a.csv:3:1: error: 'revenue' in month 1 is given twice (first on line 2): keep one value"),
        ("metric,valeu,period\nrevenue,1,1\n", "a.csv:1:8: error: unknown column 'valeu': did you mean 'value'?"),
        ("metric,value\nrevenue,1\n", "a.csv:1:1: error: the table has neither a 'period' nor a 'date' column"),
        ("metric,value,date\nrevenue,1,2028-01-01\n", "a.csv:2:11: error: 2028-01-01 is outside the horizon (2027-01-01 up to 2028-01-01)"),
        ("metric,value,date\nrevenue,1,01/02/2027\n", "a.csv:2:11: error: 'date' must be written YYYY-MM-DD"),
        ("metric,value,period\ntraffic,1,1\n", "a.csv:2:1: error: 'traffic' is an input, and forecasts are kept for metrics"),
        ("metric,value,period,segment\nrevenue,1,1,de\n", "a.csv:2:13: error: 'revenue' has no segments: leave 'segment' empty"),
        ("metric,value,period\nrevenue,1,1,5\n", "a.csv:2:13: error: this row has more cells than the header has columns (3)"),
        ("", "a.csv:1:1: error: the table is empty: it needs a header row (metric,value,...) and a row per record"),
    ])
    func everyBadRowIsReportedAtItsCellAndNothingIsImported(_ csv: String, _ message: String) throws {
        let (directory, scenario) = try Self.store()
        let file = directory + "/a.csv"
        try ("metric,value,period\norders,5,1\n").write(toFile: directory + "/good.csv", atomically: true, encoding: .utf8)
        try csv.replacingOccurrences(of: "metric,value,period\n", with: "metric,value,period\norders,7,2\n", options: .anchored)
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Binary.run(["actuals", scenario, file])
        #expect(run.status == 1, "\(run.stderr)")
        let expected = csv.hasPrefix("metric,value,period\n") ? message.replacingOccurrences(of: "a.csv:2:", with: "a.csv:3:").replacingOccurrences(of: "a.csv:3:1: error: 'revenue' in month 1 is given twice (first on line 2)", with: "a.csv:4:1: error: 'revenue' in month 1 is given twice (first on line 3)") : message
        #expect(run.stderr.contains(directory + "/" + expected), "\(run.stderr)")
        // Not even the good row before the bad one.
        #expect(!FileManager.default.fileExists(atPath: directory + "/fulcrum.sqlite"))
    }

    @Test func learnUpdatesTheEffectsAndSavesANewScenario() throws {
        let (directory, scenario) = try Self.store()
        let experiments = directory + "/experiments.csv"
        try "feature,target,estimate,std_error\nloyalty_program,churn,-25%,0.05\n".write(toFile: experiments, atomically: true, encoding: .utf8)
        let saved = directory + "/learned.yaml"
        let learned = try Self.json(Binary.run(["learn", scenario, experiments, "--save", saved, "--format", "json"] + Self.quick))
        let effects = learned["effects"] as! [[String: Any]]
        #expect(effects.count == 1 && effects[0]["feature"] as? String == "loyalty_program" && effects[0]["method"] as? String == "reweighting")
        let posterior = effects[0]["posterior"] as! [String: Any]
        #expect((posterior["mean"] as! Double) < -0.15 && (posterior["mean"] as! Double) > -0.25)
        #expect((learned["ranking_before"] as! [String]).count == 7 && (learned["ranking_after"] as! [String]).count == 7)
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("# loyalty_program.churn learned from experiments.csv:2 (estimate -0.25, std error 0.05): was triangular(-0.30, -0.15, 0)"))
        #expect(try Binary.run(["validate", saved]).status == 0)
        #expect(try String(contentsOfFile: scenario, encoding: .utf8).contains("triangular(-0.30, -0.15, 0)"))
        let refused = try Binary.run(["learn", scenario, experiments, "--save", scenario] + Self.quick)
        #expect(refused.status == 64 && refused.stderr.contains("--save"), "\(refused.stderr)")
        try "feature,target,estimate,std_error\nloyalty_progam,churn,1,0\n".write(toFile: experiments, atomically: true, encoding: .utf8)
        let bad = try Binary.run(["learn", scenario, experiments] + Self.quick)
        #expect(bad.status == 1 && bad.stderr.contains("experiments.csv:2:1: error: unknown feature 'loyalty_progam' (did you mean 'loyalty_program'?)"), "\(bad.stderr)")
    }

    @Test func theLedgerIsChosenByOptionThenEnvironment() throws {
        let (directory, scenario) = try Self.store()
        let chosen = directory + "/team.sqlite"
        _ = try Binary.run(["record", scenario, "--ledger", chosen] + Self.quick)
        let environment = ProcessInfo.processInfo.environment.merging(["FULCRUM_LEDGER": chosen]) { $1 }
        let history = try Binary.launch(Binary.url, ["history", scenario, "--format", "json"], environment: environment)
        #expect(((try Self.json(history))["records"] as! [Any]).count == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/fulcrum.sqlite"))
        let notALedger = try Binary.run(["history", scenario, "--ledger", scenario])
        #expect(notALedger.status == 1 && notALedger.stderr.contains("is not a Fulcrum ledger"), "\(notALedger.stderr)")
    }
}
