import Testing
@testable import Fulcrum

@Suite struct BadInputTests {
    @Test(arguments: BadInput.all)
    func reportsTheProblemWhereItIs(_ bad: BadInput) {
        do {
            _ = try ScenarioLoader.load(text: bad.yaml, file: "bad.yaml")
            Issue.record("\(bad.name) was accepted")
        } catch {
            let first = error.all[0]
            #expect(first.location == SourceLocation(file: "bad.yaml", line: bad.line, column: bad.column), "\(first)")
            #expect(first.message.contains(bad.message), "\(first.message)")
            #expect(first.description.hasPrefix("bad.yaml:\(bad.line):\(bad.column): error: "))
        }
    }

    @Test func reportsEveryErrorInOnePass() throws {
        do {
            _ = try ScenarioLoader.load(text: """
                name: several
                horizon: 3
                primary: {metric: revenu}
                inputs:
                  a: normel(1, 2)
                  b: beta(mean=2, sd=0.1)
                metrics:
                  m: a + c
                """, file: "s.yaml")
            Issue.record("accepted")
        } catch {
            let lines = error.all.map(\.location.line)
            #expect(lines == [3, 5, 6, 8], "\(error)")
        }
    }

    @Test func longFlatExpressionsAreFineAndDeepNestingIsRefused() throws {
        let terms = Array(repeating: "a", count: 100_000).joined(separator: " + ")
        let simulation = try TestSupport.simulate("""
            name: long
            horizon: 2
            primary: {metric: m}
            inputs: {a: uniform(0, 1)}
            metrics:
              m: \(terms)
            """, samples: 600)
        let standardError: Double = 100_000 * (1.0 / 12).squareRoot() / 600.0.squareRoot()
        let deviation: Double = abs(simulation.primary.mean - 100_000)
        #expect(deviation < 4 * 2 * standardError, "m = 100,000 a per period with a ~ U(0, 1), summed over two periods")
        let nested = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: Diagnostics.self) {
            try ScenarioLoader.load(text: "name: deep\nhorizon: 1\nprimary: {metric: a}\ninputs:\n  a: \(nested)\n", file: "d.yaml")
        }
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: Diagnostics.self) {
            try ScenarioLoader.load(text: "name: deep\nhorizon: 1\nprimary: {metric: a}\ninputs: {a: 1}\nplans: \(flow)\n", file: "d.yaml")
        }
    }

    @Test func impossibleParametersComputedFromDrawsStopTheRun() {
        #expect {
            try TestSupport.simulate("""
                name: runtime parameter
                horizon: 1
                primary: {metric: b}
                inputs:
                  a: normal(0, 1)
                  b: normal(10, a)
                """, samples: 100)
        } throws: { error in
            "\(error)".contains("normal: sd must be >= 0") && "\(error)".contains("test.yaml:6:6")
        }
    }
}
