import Testing
@testable import Fulcrum

/// A scenario with one mistake, and where and how Fulcrum must report it.
struct BadInput: Sendable, CustomStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var message: String
    var description: String { name }
}

extension BadInput {
    static let all: [BadInput] = [
        BadInput(name: "typo_top", yaml: """
            name: x
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics: {m: a}
            featurs:
              f: {effort: 1, effects: {a: {lift: 0.1}}}
            """, line: 6, column: 1,
                 message: "unknown key 'featurs' in the scenario (did you mean 'features'?)"),
        BadInput(name: "malformed", yaml: """
            name: x
            horizon: 3
            primary: {metric: m
            inputs: {a: 1}
            """, line: 4, column: 7,
                 message: "YAML: did not find expected ',' or '}'"),
        BadInput(name: "wrong_type", yaml: """
            name: x
            horizon: [3]
            primary: {metric: a}
            inputs: {a: 1}
            """, line: 2, column: 10,
                 message: "'horizon' must be a number, not a list"),
        BadInput(name: "duplicate", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 1
              a: 2
            """, line: 5, column: 3,
                 message: "duplicate key 'a'"),
        BadInput(name: "cycle", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            metrics:
              b: c + 1
              c: b * 2
            """, line: 7, column: 6,
                 message: "metrics depend on each other within one period in a cycle: c -> b -> c"),
        BadInput(name: "input_cycle", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: b + 1
              b: a * 2
            """, line: 6, column: 6,
                 message: "inputs depend on each other in a cycle: b -> a -> b"),
        BadInput(name: "beta_sd", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: beta(mean=0.5, sd=0.6)
            """, line: 5, column: 6,
                 message: "beta: sd 0.6 is too large for mean 0.5"),
        BadInput(name: "backwards", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 60 to 40
            """, line: 5, column: 6,
                 message: "'60 to 40': the lower bound must be below the upper bound"),
        BadInput(name: "notpd", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: normal(0, 1)
              b: normal(0, 1)
              c: normal(0, 1)
            correlations:
              - [a, b, 0.9]
              - [b, c, 0.9]
              - [a, c, -0.9]
            """, line: 11, column: 5,
                 message: "not positive definite"),
        BadInput(name: "misspelled_name", yaml: """
            name: x
            horizon: 3
            primary: {metric: revenue}
            inputs:
              traffic: 100
            metrics:
              revenue: trafic * 2
            """, line: 7, column: 12,
                 message: "unknown name 'trafic' in metric 'revenue' (did you mean 'traffic'?)"),
        BadInput(name: "misspelled_fn", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: normel(0, 1)
            """, line: 5, column: 6,
                 message: "unknown function 'normel' (did you mean 'normal'?)"),
        BadInput(name: "bad_arg", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: normal(mean=0, sigma=1)
            """, line: 5, column: 21,
                 message: "unknown argument 'sigma' for normal; accepted: normal(mean, sd)"),
        BadInput(name: "dist_in_metric", yaml: """
            name: x
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics:
              m: a * normal(1, 0.1)
            """, line: 6, column: 10,
                 message: "metric 'm' uses the distribution normal(...)"),
        BadInput(name: "lag_no_initial", yaml: """
            name: x
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics:
              m: m[t-1] + a
            """, line: 6, column: 6,
                 message: "metric 'm' is read with a lag here but has no 'initial'"),
        BadInput(name: "unknown_feature", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1, effects: {a: {lift: 0.1}}}
            plans:
              p: [f, g]
            """, line: 8, column: 3,
                 message: "plan 'p' names 'g', which is not a feature (did you mean 'f'?)"),
        BadInput(name: "requires_missing", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1, requires: [g], effects: {a: {lift: 0.1}}}
              g: {effort: 1, effects: {a: {lift: 0.1}}}
            plans:
              p: [f]
            """, line: 9, column: 3,
                 message: "plan 'p' includes 'f', which requires 'g'"),
        BadInput(name: "effect_target", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f:
                effort: 1
                effects:
                  b: {lift: 0.1}
            """, line: 9, column: 7,
                 message: "feature 'f' has an effect on 'b', which is neither an input nor a metric (did you mean 'a'?)"),
        BadInput(name: "syntax", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: (1 + 2
            """, line: 5, column: 6,
                 message: "in input 'a': this '(' is never closed"),
        BadInput(name: "npv_no_discount", yaml: """
            name: x
            horizon: 3
            primary: {metric: a, aggregate: npv}
            inputs: {a: 1}
            """, line: 3, column: 33,
                 message: "aggregate 'npv' needs 'discount'"),
        BadInput(name: "empty", yaml: """

            """, line: 1, column: 1,
                 message: "the file is empty"),
        BadInput(name: "horizon_zero", yaml: """
            name: x
            horizon: 0
            primary: {metric: a}
            inputs: {a: 1}
            """, line: 2, column: 10,
                 message: "'horizon' must be a whole number from 1 to 100000, got 0"),
        BadInput(name: "reserved", yaml: """
            name: x
            horizon: 3
            primary: {metric: t}
            inputs: {t: 1}
            """, line: 4, column: 10,
                 message: "'t' is reserved and cannot name an input"),
        BadInput(name: "success_range", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1, success: 1.5, effects: {a: {lift: 0.1}}}
            """, line: 6, column: 27,
                 message: "'success' is a probability in (0, 1], got 1.5"),
        BadInput(name: "lag_syntax", yaml: """
            name: x
            horizon: 3
            primary: {metric: m}
            inputs: {a: 1}
            metrics:
              m: {formula: "m[t+1] + a", initial: 0}
            """, line: 6, column: 20,
                 message: "a lag looks back, not ahead"),
        BadInput(name: "missing_effects", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1}
            """, line: 6, column: 6,
                 message: "feature 'f' is missing the required key 'effects'"),
        BadInput(name: "metric_in_input", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: m * 2
            metrics:
              m: 5
            """, line: 5, column: 6,
                 message: "input 'a' cannot use metric 'm'"),
        BadInput(name: "both_lift_delta", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1, effects: {a: {lift: 0.1, delta: 2}}}
            """, line: 6, column: 31,
                 message: "needs exactly one of 'lift' (relative change) or 'delta' (absolute change)"),
        BadInput(name: "t_in_input", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 2 * t
            """, line: 5, column: 10,
                 message: "input 'a' cannot use 't'"),
        BadInput(name: "tabs", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
            \ta: 1
            """, line: 5, column: 1,
                 message: "YAML indentation must use spaces, not tabs"),
        BadInput(name: "empty_primary_metric", yaml: """
            name: x
            horizon: 3
            primary: { metric: "" }
            inputs: {a: 1}
            """, line: 3, column: 20,
                 message: "'metric' of 'primary' is empty"),
        BadInput(name: "missing_primary_metric_value", yaml: """
            name: x
            horizon: 3
            primary: { metric: }
            inputs: {a: 1}
            """, line: 3, column: 20,
                 message: "'metric' of 'primary' is empty"),
        BadInput(name: "gamma_huge_shape", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: gamma(1e20, 1)
            """, line: 5, column: 6,
                 message: "gamma: shape would be 1e+20, outside the range Fulcrum samples accurately (0.01 to 1e7)"),
        BadInput(name: "gamma_tiny_sd", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: gamma(mean=1, sd=1e-10)
            """, line: 5, column: 6,
                 message: "gamma: shape would be 1e+20"),
        BadInput(name: "gamma_subnormal_sd", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: gamma(mean=1.4, sd=1e-320)
            """, line: 5, column: 6,
                 message: "gamma: sd 1e-320 is too small for mean 1.4"),
        BadInput(name: "beta_huge_shapes", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: beta(1e300, 1e300)
            """, line: 5, column: 6,
                 message: "beta: alpha would be 1e+300"),
        BadInput(name: "poisson_huge_mean", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: poisson(1e300)
            """, line: 5, column: 6,
                 message: "poisson: lambda 1e+300 is above 1000000, where counts are practically normal"),
        BadInput(name: "alias", yaml: """
            name: x
            horizon: &h 3
            samples: *h
            primary: {metric: a}
            inputs: {a: 1}
            """, line: 2, column: 10,
                 message: "YAML anchors and aliases ('&h', '*h') are not supported"),
        BadInput(name: "requires_unknown_points_at_the_id", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs: {a: 1}
            features:
              f: {effort: 1, requires: [z], effects: {a: {lift: 0.1}}}
            """, line: 6, column: 29,
                 message: "feature 'f' requires 'z', which is not a feature"),
        BadInput(name: "thousands_separator_in_flow", yaml: """
            name: x
            horizon: 3
            primary: {metric: a, target: 100,000}
            inputs: {a: 1}
            """, line: 3, column: 30,
                 message: "'100,000' was split at its comma, as YAML does inside { }: write numbers without thousands separators, as 100000 or 100_000"),
        BadInput(name: "thousands_separator_in_block", yaml: """
            name: x
            horizon: 3
            primary:
              metric: a
              target: 100,000
            inputs: {a: 1}
            """, line: 5, column: 11,
                 message: "'target' must be a number, got '100,000': write it without thousands separators, as 100_000"),
        BadInput(name: "indented_too_far", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 1
                b: 2
            """, line: 6, column: 5,
                 message: "'b' is indented more than 'a' on the line above, so YAML reads it as part of that value"),
        BadInput(name: "indented_between_levels", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 1
             b: 2
            """, line: 6, column: 2,
                 message: "'b' is indented 1 space, which lines up with no key above it"),
        BadInput(name: "percent_after_a_space", yaml: """
            name: x
            horizon: 3
            primary: {metric: a}
            inputs:
              a: 5 % to 10 %
            """, line: 5, column: 8,
                 message: "a percentage has no space before '%': write 5%, not 5 %"),
    ]
}
