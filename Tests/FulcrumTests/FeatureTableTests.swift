import Foundation
import Testing
@testable import Fulcrum

/// `features_from: backlog.csv`: a backlog exported from a spreadsheet is the same model as
/// the features written in the scenario, and every mistake in it is located in the CSV.
@Suite struct FeatureTableTests {
    static let model = """
        name: Backlog
        horizon: 6
        seed: 5
        primary: {metric: revenue, target: 9000}
        inputs:
          visits: normal(1000, 100)
          conversion: beta(mean=0.05, sd=0.01)
          price: 20 to 30
        metrics:
          orders: visits * conversion
          revenue: orders * price

        """

    static let yamlFeatures = """
        features:
          checkout:
            title: "One-click checkout, v2"
            effort: 3
            focus: acquisition
            launch: 2
            ramp: 2
            success: 0.8
            effects:
              conversion: {lift: "pert(0, 0.05, 0.12)"}
              price: {delta: -1}
          bundles:
            effort: 2
            requires: [checkout]
            excludes: [discounts]
            effects:
              price: {lift: 5% to 15%}
          discounts:
            effort: 1
            effects:
              orders: {lift: 10%}
              price: {lift: -8%}
        plans:
          all_in: [checkout, bundles]

        """

    /// The same features as a spreadsheet exports them: a byte-order mark, CRLF line ends,
    /// quoted cells holding commas and quotes, a column the model does not read, capitalised
    /// headers, blank rows, and `;` between ids.
    static let csv = "\u{FEFF}ID,Title,Effort,Focus,Launch,Ramp,Success,Requires,Excludes,Target,Lift,Delta,Owner\r\n"
        + "checkout,\"One-click checkout, v2\",3,acquisition,2,2,0.8,,,conversion,\"pert(0, 0.05, 0.12)\",,\"Ana \"\"A.\"\"\"\r\n"
        + "checkout,,,,,,,,,price,,-1,\r\n"
        + ",,,,,,,,,,,,\r\n"
        + "bundles,,2,,,,,checkout,discounts,price,5% to 15%,,\r\n"
        + "\r\n"
        + "discounts,,1,,,,,,,orders,10%,,Bo\r\n"
        + "discounts,,1,,,,,,,price,-8%,,\r\n"

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-table-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A scenario using `features_from` beside its table; returns the scenario's path.
    static func write(table: String, named name: String = "backlog.csv", scenario extra: String = "plans:\n  all_in: [checkout, bundles]\n") throws -> String {
        let directory = try directory()
        try table.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let path = directory.appendingPathComponent("scenario.yaml").path
        try (model + "features_from: \(name)\n" + extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func errors(loading path: String) -> [String] {
        do {
            _ = try ScenarioLoader.load(path: path)
            return []
        } catch {
            return error.all.map(\.description)
        }
    }

    @Test func aTableIsTheSameModelAsTheFeaturesWrittenInTheScenario() throws {
        let tablePath = try Self.write(table: Self.csv)
        let inlinePath = try Self.directory().appendingPathComponent("inline.yaml").path
        try (Self.model + Self.yamlFeatures).write(toFile: inlinePath, atomically: true, encoding: .utf8)
        let fromTable = try ScenarioLoader.load(path: tablePath), inline = try ScenarioLoader.load(path: inlinePath)
        #expect(fromTable.features.map(\.id) == inline.features.map(\.id))
        for (a, b) in zip(fromTable.features, inline.features) {
            #expect(a.title == b.title && a.effort == b.effort && a.focus == b.focus && a.launch == b.launch && a.ramp == b.ramp
                    && a.success == b.success && a.requires == b.requires && a.excludes == b.excludes, "\(a.id)")
            #expect(a.effects.map { "\($0.target) \($0.kind) \($0.magnitude.text)" } == b.effects.map { "\($0.target) \($0.kind) \($0.magnitude.text)" })
        }
        for command in [["rank"], ["optimize", "--budget", "5"], ["simulate", "--plan", "all_in"]] {
            let common = ["--samples", "3000", "--format", "json"]
            let viaTable = try Binary.run(command + [tablePath] + common), viaYAML = try Binary.run(command + [inlinePath] + common)
            #expect(viaTable.status == 0 && viaYAML.status == 0, "\(viaTable.stderr)")
            #expect(try GoalTests.withoutProvenance(viaTable) == GoalTests.withoutProvenance(viaYAML), "\(command)")
        }
    }

    @Test func shapesAndDependentSuccessComeFromColumnsToo() throws {
        let table = "id,effort,success,requires_working,target,lift,delta,once,half_life\n"
            + "checkout,3,0.8,,conversion,10%,,,4\n"
            + "bundles,2,0.5,checkout,orders,,25,true,\n"
        let scenario = try ScenarioLoader.load(path: try Self.write(table: table, scenario: ""))
        let checkout = try #require(scenario.feature(withID: "checkout")), bundles = try #require(scenario.feature(withID: "bundles"))
        #expect(checkout.effects[0].halfLife == 4 && !checkout.effects[0].once)
        #expect(bundles.effects[0].once && bundles.worksOnlyWith == ["checkout"] && bundles.requires == ["checkout"])
        let wrong = Self.errors(loading: try Self.write(table: table.replacingOccurrences(of: "true", with: "yes"), scenario: ""))
        #expect(wrong.contains { $0.contains("backlog.csv:3:35: error: 'once' is true or false, got 'yes'") }, "\(wrong)")
    }

    @Test func provenanceNamesTheTableAndItsHash() throws {
        let path = try Self.write(table: Self.csv)
        let run = try Binary.run(["rank", path, "--samples", "500", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let provenance = try #require(json["provenance"] as? [String: Any])
        let tables = try #require(provenance["features_from"] as? [[String: Any]])
        #expect(tables.count == 1 && (tables.first?["file"] as? String)?.hasSuffix("/backlog.csv") == true)
        #expect(tables.first?["sha256"] as? String == SHA256.hex(Array(Self.csv.utf8)))
        let table = try Binary.run(["rank", path, "--samples", "500"])
        let unwrapped = table.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(unwrapped.contains("backlog.csv (sha256 \(SHA256.hex(Array(Self.csv.utf8)).prefix(12)))"), "\(table.stdout)")
    }

    @Test func theShippedBacklogIsRead() throws {
        let scenario = try ScenarioLoader.load(path: ScenarioFiles.directory + "/b2b-saas.yaml")
        #expect(scenario.features.count == 7)
        let sso = try #require(scenario.feature(withID: "sso_and_admin"))
        #expect(sso.title == "SSO, SCIM and admin console" && sso.effects.map(\.target) == ["logo_churn", "expansion"])
        #expect(scenario.feature(withID: "enterprise_tier")?.requires == ["sso_and_admin"])
        #expect(scenario.features.allSatisfy { $0.location.file.hasSuffix("b2b-saas-backlog.csv") })
    }

    static let header = "id,effort,target,lift,delta,requires\n"

    /// Each mistake, its exact position in the CSV and the words that say what to do.
    static let mistakes: [(table: String, message: String)] = [
        ("id,efort,target,lift\n", "backlog.csv:1:4: error: unknown column 'efort': did you mean 'effort'?"),
        ("id,effort,lift\n", "backlog.csv:1:1: error: the table has no 'target' column"),
        ("id,effort,target\n", "backlog.csv:1:1: error: the table has neither a 'lift' nor a 'delta' column"),
        ("id,effort,target,lift,Effort\n", "backlog.csv:1:23: error: column 'Effort' appears twice (first as column 2)"),
        ("id,effort,target,lift,cost\ncheckout,1,price,5%,-4\n", "backlog.csv:2:21: error: the cost of 'checkout' must be >= 0, got a mean of -4"),
        (header + "checkout,1,conversoin,5%,,\n", "backlog.csv:2:12: error: feature 'checkout' has an effect on 'conversoin', which is neither an input nor a metric (did you mean 'conversion'?)"),
        (header + "checkout,1,price,\"normal(1, )\",,\n", "backlog.csv:2:29: error: in the effect of 'checkout' on 'price': expected a value, found ')'"),
        (header + "checkout,-2,price,5%,,\n", "backlog.csv:2:10: error: 'effort' must be >= 0, got -2"),
        (header + "checkout,lots,price,5%,,\n", "backlog.csv:2:10: error: 'effort'"),
        (header + "checkout,1,price,5%,2,\n", "backlog.csv:2:21: error: the effect of 'checkout' on 'price' needs exactly one of 'lift' (relative change) or 'delta' (absolute change), not both"),
        (header + "checkout,1,price,,,\n", "backlog.csv:2:12: error: the effect of 'checkout' on 'price' needs exactly one of 'lift'"),
        (header + "checkout,1,,5%,,\n", "backlog.csv:2:1: error: feature 'checkout': this row has no 'target'"),
        (header + ",1,price,5%,,\n", "backlog.csv:2:1: error: a row without an 'id'"),
        (header + "checkout,1,price,5%,,\ncheckout,2,orders,5%,,\n", "backlog.csv:3:10: error: feature 'checkout' has effort '2' here but '1' on line 2"),
        (header + "checkout,1,price,5%,,\ncheckout,,price,6%,,\n", "backlog.csv:3:11: error: feature 'checkout' has two effects on 'price' (first on line 2)"),
        (header + "checkout,1,price,5%,,\nbundles,1,price,5%,,checkout; chekout\n", "backlog.csv:3:31: error: feature 'bundles' requires 'chekout', which is not a feature (did you mean 'checkout'?)"),
        (header + "one click,1,price,5%,,\n", "backlog.csv:2:1: error: feature name 'one click' is not a valid name"),
        (header + "checkout,1,price,5%,,,surplus\n", "backlog.csv:2:23: error: this row has more cells than the header has columns (6)"),
        (header + "checkout,1,price,\"5%,,\n", "backlog.csv:2:18: error: a quoted cell is never closed"),
        (header + "checkout,1,price,5\"%,,\n", "backlog.csv:2:19: error: a quote inside an unquoted cell"),
        (header + "checkout,1,price,\"5%\"x,,\n", "backlog.csv:2:22: error: text after a closing quote"),
        ("", "backlog.csv:1:1: error: the table is empty"),
    ]

    @Test(arguments: mistakes.indices)
    func everyMistakeIsLocatedInTheTable(_ index: Int) throws {
        let (table, message) = Self.mistakes[index]
        let errors = Self.errors(loading: try Self.write(table: table, scenario: ""))
        #expect(errors.contains { $0.hasSuffix(message) || $0.contains("/" + message) }, "\(table.debugDescription): \(errors)")
    }

    @Test func aFeatureWithTwoHomesIsAnError() throws {
        let path = try Self.write(table: Self.header + "checkout,1,price,5%,,\n",
                                  scenario: "features:\n  checkout: {effort: 1, effects: {price: {lift: 1%}}}\n")
        let errors = Self.errors(loading: path)
        #expect(errors.contains { $0.contains("backlog.csv:2:1: error: feature 'checkout' is defined twice: at ") && $0.contains("scenario.yaml:") },
                "\(errors)")
    }

    @Test func theFileItselfIsChecked() throws {
        let directory = try Self.directory()
        let path = directory.appendingPathComponent("s.yaml").path
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder.csv"), withIntermediateDirectories: true)
        try Data([0x69, 0x64, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("latin.csv"))
        try (Self.model + "features_from: [missing.csv, backlog.xlsx, folder.csv, latin.csv]\n").write(toFile: path, atomically: true, encoding: .utf8)
        let errors = Self.errors(loading: path)
        #expect(errors.contains { $0.contains("s.yaml:12:17: error: 'features_from' names 'missing.csv', which cannot be read") }, "\(errors)")
        #expect(errors.contains { $0.contains("s.yaml:12:30: error: 'features_from' reads CSV files") && $0.contains("export the sheet as CSV") }, "\(errors)")
        #expect(errors.contains { $0.contains("'features_from' names 'folder.csv', which cannot be read") }, "\(errors)")
        #expect(errors.contains { $0.contains("'latin.csv' is not UTF-8 text") }, "\(errors)")
    }

    @Test func cellsKeepTheirPositionsThroughQuotesAndLineBreaks() throws {
        let table = try CSVTable.read("a, b ,\"c,\"\"d\"\"\"\r\n\"multi\nline\",x,\n", file: "t.csv", header: "a,b,c")
        #expect(table.header.cells.map(\.text) == ["a", "b", "c,\"d\""])
        #expect(table.header.cells.map(\.location.column) == [1, 3, 7])
        #expect(table.header.cells[1].textStart?.column == 4, "leading spaces are not part of the cell")
        #expect(table.rows.count == 1 && table.rows[0].line == 2 && table.rows[0].cells.map(\.text) == ["multi\nline", "x", ""])
        #expect(table.rows[0].cells[0].textStart == nil, "a cell across lines has no single start column")
        #expect(table.rows[0].cells[1].location == SourceLocation(file: "t.csv", line: 3, column: 7))
    }
}
