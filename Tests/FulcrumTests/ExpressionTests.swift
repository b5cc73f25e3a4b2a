import Testing
@testable import Fulcrum

@Suite struct ExpressionTests {
    func value(_ text: String) throws -> Double? {
        ConstantFolding.value(of: try ExpressionParser.parse(text), horizon: 12)
    }

    @Test(arguments: [
        ("-2^2", -4.0), ("2^3^2", 512), ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("10 - 4 - 3", 3), ("12 / 3 / 2", 2),
        ("2.5%", 0.025), ("1_000_000", 1e6), ("1e3 + 1", 1001), ("3 > 2", 1), ("3 <= 2", 0), ("1 == 1 and 2 != 2", 0),
        ("not 0 or 0", 1), ("not 1 + 1 > 3", 1), ("if(2 > 1, 10, 20)", 10), ("clamp(5, 0, 3)", 3), ("min(4, 2, 8)", 2),
        ("max(4, 2, 8)", 8), ("round(2.5)", 3), ("floor(-1.5)", -2), ("ceil(1.2)", 2), ("abs(-3)", 3), ("sqrt(16)", 4),
        ("exp(0) + log(1)", 1), ("horizon * 2", 24), ("-x", .nan),
    ])
    func precedenceAndFunctions(_ text: String, _ expected: Double) throws {
        let actual = try value(text)
        if expected.isNaN { #expect(actual == nil) } else { #expect(actual == expected, "\(text)") }
    }

    @Test func toBindsLooserThanArithmetic() throws {
        let parsed = try ExpressionParser.parse("1 + 2 to 3 * 4")
        guard case .interval(let low, let high) = parsed.kind else { Issue.record("not an interval"); return }
        #expect(ConstantFolding.value(of: low, horizon: 1) == 3)
        #expect(ConstantFolding.value(of: high, horizon: 1) == 12)
    }

    @Test(arguments: [("1 +", 3), ("2 ** 3", 3), ("f(1,", 4), ("a[t-0]", 4), ("3x", 1), ("1 to 2 to 3", 7), ("a & b", 2), ("", 0)])
    func syntaxErrorsPointAtTheProblem(_ text: String, _ offset: Int) {
        #expect { try ExpressionParser.parse(text) } throws: { error in
            (error as? ExpressionError)?.offset == offset
        }
    }

    @Test func flowMappingsMayHoldExpressionsWithCommasAndLags() throws {
        let scenario = try TestSupport.scenario("""
            name: flow
            horizon: 2
            primary: {metric: m}
            inputs: {a: "1", b: normal(mean=5, sd=1)}
            metrics:
              m: {formula: m[t-1] + max(a, b), initial: 0}
            features:
              f: {effort: 1, effects: {a: {lift: pert(0, 0.05, 0.12)}}}
            """)
        #expect(scenario.metric(named: "m")?.formula.text == "m[t-1] + max(a, b)")
        #expect(scenario.features[0].effects[0].magnitude.text == "pert(0, 0.05, 0.12)")
        #expect(scenario.input(named: "b")?.formula.text == "normal(mean=5, sd=1)")
    }

    @Test func suggestionsCatchTyposButNotStrangers() {
        #expect(NameSuggestion.closest(to: "featurs", among: ["features", "inputs"]) == "features")
        #expect(NameSuggestion.closest(to: "convresion", among: ["conversion", "churn"]) == "conversion")
        #expect(NameSuggestion.closest(to: "zebra", among: ["conversion", "churn"]) == nil)
    }
}
