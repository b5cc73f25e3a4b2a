import Foundation

/// Renders a `StressTest` in each output format.
public enum StressReport {
    public static func render(_ r: StressTest, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(r) }, json: { json(r) }, csv: { csv(r) })
    }

    static func document(_ r: StressTest) -> ReportDocument {
        let s = r.scenario
        var doc = ReportDocument()
        doc.append(.title("\(s.name): stress test against \(NumberFormat.auto(r.target))"))
        doc += [.paragraph("Target: \(SimulationReport.aggregateDescription(s)), of at least \(NumberFormat.auto(r.target))\(s.primary.unit.map { " \($0)" } ?? ""). \(NumberFormat.grouped(Double(r.samples), decimals: 0)) samples, seed \(r.seed)."),
                .blank]
        let decimals = NumberFormat.decimals(forMagnitude: abs(r.target))
        var plans = TextTable(headers: ["roadmap", "P(hit)", "expected shortfall", "P(miss by >10%)"], alignments: [.left, .right, .right, .right])
        for plan in r.plans {
            plans.append([plan.name, NumberFormat.percent(plan.probTarget), NumberFormat.grouped(plan.expectedShortfall, decimals: decimals),
                          NumberFormat.percent(plan.probMissByTenPercent)])
        }
        doc += [.table(plans), .blank]
        doc += RoadmapContents.blocks(r.plans.map { ($0.name, $0.roadmap) })

        if !r.drivers.isEmpty {
            doc.append(.paragraph("What drives a miss under \(r.reference): P(hit) in each fifth of a quantity's range, lowest first, and the standardised regression coefficient of \(s.primary.metric) on it:"))
            var drivers = TextTable(headers: ["quantity", "coef", "1st", "2nd", "3rd", "4th", "5th"],
                                    alignments: [.left, .right, .right, .right, .right, .right, .right])
            for driver in r.drivers {
                drivers.append([driver.name, String(format: "%+.2f", driver.coefficient)]
                               + driver.probTargetByQuintile.map { $0.isNaN ? "-" : NumberFormat.percent($0) })
            }
            doc += [.table(drivers), .blank]
        }
        if r.shocks.count > 1 {
            doc.append(.line("P(hit) under each shock, against the unshocked run:"))
            let columns = r.shocks.map(\.label)
            var grid = TextTable(headers: ["roadmap"] + columns, alignments: [.left] + columns.map { _ in .right })
            for (index, plan) in r.plans.enumerated() {
                grid.append([plan.name] + r.shocks.map { NumberFormat.percent($0.probTarget[index]) })
            }
            doc += [.table(grid), .blank]
        }
        if let solution = r.solution {
            let change = solution.isFeature
                ? "with the effects of \(solution.name) at \(String(format: "%.2f", solution.shift)) times their stated size"
                : "with every draw of \(solution.name) shifted by \(solution.shift >= 0 ? "+" : "")\(NumberFormat.percent(solution.shift))"
            doc.append(.paragraph("What would have to be true: \(r.reference) hits the target with probability \(NumberFormat.percent(solution.probTarget)) (asked: \(NumberFormat.percent(solution.requested))) \(change)."))
        }
        return doc
    }

    static func json(_ r: StressTest) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("scenario", .string(r.scenario.name)), ("samples", .number(Double(r.samples))), ("seed", .integer(r.seed)),
            ("target", .number(r.target)),
            ("plans", .array(r.plans.map { plan in
                .object([("name", .string(plan.name)), ("features", .array(plan.roadmap.features.map { .string($0) })),
                         ("prob_target", .number(plan.probTarget)), ("expected_shortfall", .number(plan.expectedShortfall)),
                         ("prob_miss_by_10_percent", .number(plan.probMissByTenPercent))])
            })),
            ("reference", .string(r.reference)),
            ("drivers", .array(r.drivers.map { driver in
                .object([("name", .string(driver.name)), ("coefficient", .number(driver.coefficient)),
                         ("prob_target_by_quintile", .array(driver.probTargetByQuintile.map { .number($0) }))])
            })),
            ("shocks", .array(r.shocks.map { column in
                .object([("label", .string(column.label)), ("prob_target", .array(column.probTarget.map { .number($0) }))])
            })),
        ]
        if let solution = r.solution {
            members.append(("solve", .object([("input", .string(solution.name)), ("kind", .string(solution.isFeature ? "feature" : "input")),
                                              ("shift", .number(solution.shift)), ("prob_target", .number(solution.probTarget)),
                                              ("requested", .number(solution.requested))])))
        }
        return .object(members)
    }

    static func csv(_ r: StressTest) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["kind", "name", "prob_target", "expected_shortfall", "prob_miss_by_10_percent", "coefficient", "features"])]
        for plan in r.plans {
            lines.append(CSV.line(["plan", plan.name, p(plan.probTarget), p(plan.expectedShortfall), p(plan.probMissByTenPercent), "", plan.roadmap.features.joined(separator: ";")]))
        }
        for driver in r.drivers { lines.append(CSV.line(["driver", driver.name, "", "", "", p(driver.coefficient), ""])) }
        for column in r.shocks.dropFirst() {
            for (plan, probability) in zip(r.plans, column.probTarget) {
                lines.append(CSV.line(["shock", "\(column.label) / \(plan.name)", p(probability), "", "", "", ""]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
