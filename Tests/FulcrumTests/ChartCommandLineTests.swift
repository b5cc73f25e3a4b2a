import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `--format svg` and `fulcrum report` end to end: well-formed pictures of the same numbers
/// the other formats print.
@Suite(.serialized) struct ChartCommandLineTests {
    static let store = ScenarioFiles.directory + "/online-store.yaml"
    static let quick = ["--samples", "5000"]

    /// Parses the document, and collects each element's attributes in order.
    final class Elements: NSObject, XMLParserDelegate {
        var attributes: [(name: String, attributes: [String: String])] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            self.attributes.append((name, attributes))
        }
    }

    static func elements(_ svg: String) throws -> [(name: String, attributes: [String: String])] {
        let parser = XMLParser(data: Data(svg.utf8))
        let elements = Elements()
        parser.delegate = elements
        guard parser.parse() else { throw ReportBrowserTests.TestFailure("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")") }
        return elements.attributes
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try Binary.run(arguments + quick + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    @Test(arguments: [(["simulate"], ["fan", "distribution"]), (["rank"], ["forest"]), (["compare"], ["horizon"]),
                      (["optimize"], ["frontier", "frontier-probability"]), (["sensitivity"], ["sensitivity"])])
    func svgDrawsEachCommandsCharts(_ command: [String], _ kinds: [String]) throws {
        let run = try Binary.run(command + [Self.store] + Self.quick + ["--format", "svg"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("<?xml") && run.stdout.contains("Provenance: "))
        let drawn = try Self.elements(run.stdout).compactMap { $0.attributes["data-chart"] }
        #expect(drawn == kinds)
    }

    @Test func theForestPlotIsInTheRankingsOrder() throws {
        let svg = try Binary.run(["rank", Self.store] + Self.quick + ["--format", "svg"]).stdout
        let rows = try Self.elements(svg).compactMap { $0.attributes["data-row-id"] }
        let ranked = try Self.json(["rank", Self.store])
        #expect(rows == (ranked["features"] as! [[String: Any]]).map { $0["id"] as! String })
    }

    @Test func theFrontierChartHasTheOptimizersPoints() throws {
        let svg = try Binary.run(["optimize", Self.store] + Self.quick + ["--format", "svg"]).stdout
        // The points of the first chart, the uplift by effort.
        let elements = try Self.elements(svg)
        let charts = elements.indices.filter { elements[$0].attributes["data-chart"] != nil }
        let points = elements[charts[0]..<charts[1]].filter { $0.attributes["class"] == "point" }
        let frontier = try Self.json(["optimize", Self.store])["frontier"] as! [[String: Any]]
        #expect(points.map { Double($0.attributes["data-x"]!)! } == frontier.map { $0["effort"] as! Double })
        // Foundation's JSON reader may miss the last bit of a double.
        let drawn = points.map { Double($0.attributes["data-y"]!)! }, printed = frontier.map { $0["uplift"] as! Double }
        #expect(drawn.count == printed.count && zip(drawn, printed).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
    }

    @Test(arguments: [["align", "--plan", "checkout_first"], ["stress"], ["voi"], ["tree"], ["validate"]])
    func commandsWithoutAChartRefuseSVG(_ command: [String]) throws {
        let run = try Binary.run([command[0], Self.store] + command.dropFirst() + ["--format", "svg"])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("svg"), "\(run.stderr)")
    }

    @Test func theReportStatesTheCommandsNumbers() throws {
        let directory = try TestSupport.temporaryDirectory()
        let page = directory + "/report.html"
        let run = try Binary.run(["report", Self.store, "--plan", "checkout_first", "--output", page] + Self.quick)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let baseline = try Self.json(["simulate", Self.store])["primary"] as! [String: Any]
        let planned = try Self.json(["simulate", Self.store, "--plan", "checkout_first"])["primary"] as! [String: Any]
        #expect(html.contains("a \(percent(baseline["prob_target"] as! Double)) chance of reaching the target"))
        #expect(html.contains("checkout_first (one_click_checkout, referral_program, reorder_reminders) gives an expected"))
        #expect(html.contains("\(percent(planned["prob_target"] as! Double)) chance"))
        let best = try Self.json(["optimize", Self.store])["best"] as! [String: Any]
        #expect(html.contains("The best roadmap within a budget of 16 is \((best["features"] as! [String]).joined(separator: ", "))"))
        let voi = try Self.json(["voi", Self.store])
        #expect(html.contains("the best bet today is \(voi["chosen"] as! String)"))
        #expect(html.contains("--plan checkout_first"))
        for kind in ["tree", "distribution", "cumulative", "fan", "forest", "horizon", "frontier", "frontier-probability", "tornado", "quintiles", "evppi"] {
            #expect(html.contains("data-chart=\"\(kind)\""), "no \(kind) chart")
        }
    }

    private func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }

    @Test func theMarkdownReportEmbedsItsCharts() throws {
        let run = try Binary.run(["report", Self.store, "--format", "markdown"] + Self.quick)
        #expect(run.status == 0, "\(run.stderr)")
        let images = run.stdout.components(separatedBy: "](data:image/svg+xml;base64,").dropFirst()
        #expect(images.count >= 10)
        for image in images {
            let encoded = String(image.prefix { $0 != ")" })
            let svg = try #require(Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) })
            _ = try Self.elements(svg)
        }
        #expect(run.stdout.contains("### Verdict") && run.stdout.contains("| # | feature |"))
    }

    @Test func aScenarioWithoutTargetOrBudgetSaysWhatIsMissing() throws {
        let directory = try TestSupport.temporaryDirectory()
        let scenario = directory + "/plain.yaml"
        try """
        name: Plain
        horizon: 6
        primary: {metric: revenue}
        inputs:
          visits: normal(1000, 100)
          rate: uniform(0.02, 0.04)
        metrics:
          revenue: visits * rate * 50
        features:
          faster_pages:
            effort: 2
            effects:
              rate: {lift: normal(0.05, 0.02)}
          ads:
            effort: 3
            effects:
              visits: {lift: normal(0.1, 0.05)}
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let run = try Binary.run(["report", scenario, "--format", "markdown"] + Self.quick)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("with no target set (give one with --target)"))
        #expect(run.stdout.contains("The scenario has no budget: give one to see the best roadmap at each effort."))
        #expect(run.stdout.contains("The goal has no target: give one with --target to see what drives a miss."))
        let charts = run.stdout.components(separatedBy: "](data:image/svg+xml;base64,").dropFirst().compactMap { image in
            Data(base64Encoded: String(image.prefix { $0 != ")" })).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(charts.contains { $0.contains("data-chart=\"sensitivity\"") } && !charts.contains { $0.contains("data-chart=\"tornado\"") })
    }

    @Test func theReportIsTheSameAtAnyThreadCount() throws {
        func report(_ threads: String) throws -> String {
            let run = try Binary.run(["report", Self.store, "--format", "markdown", "--threads", threads] + Self.quick)
            #expect(run.status == 0, "\(run.stderr)")
            // All but the time it was made.
            return run.stdout.split(separator: "\n").filter { !$0.contains(", made ") }.joined(separator: "\n")
        }
        #expect(try report("1") == report("2"))
    }

    @Test func theReportRefusesWhatItCannotDo() throws {
        let wrongFormat = try Binary.run(["report", Self.store, "--format", "json"])
        #expect(wrongFormat.status == 64 && wrongFormat.stderr.contains("json"), "\(wrongFormat.stderr)")
        let unknownPlan = try Binary.run(["report", Self.store, "--plan", "checkout_frist"] + Self.quick)
        #expect(unknownPlan.status == 64 && unknownPlan.stderr.contains("did you mean 'checkout_first'"), "\(unknownPlan.stderr)")
    }
}
