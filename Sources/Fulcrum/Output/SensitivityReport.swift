import Foundation

/// Renders a `Sensitivity` in each output format.
public enum SensitivityReport {
    public static func render(_ r: Sensitivity, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(r) }, json: { json(r) }, csv: { csv(r) },
                             charts: { [TornadoCharts.sensitivity(r)] })
    }

    static func methodDescription(_ r: Sensitivity) -> String {
        switch r.estimate {
        case .sobol(let base, let bootstrap):
            "Sobol indices from Saltelli sampling (\(NumberFormat.grouped(Double(base), decimals: 0)) base samples, \(NumberFormat.grouped(Double(base * (r.indices.count + 2)), decimals: 0)) model runs): first order by Saltelli (2010), total order by Jansen (1999), with 95% bootstrap intervals from \(bootstrap) resamples. First order: the share of variance a quantity explains alone; total order: including its interactions."
        case .regression(let rSquared):
            "Standardised regression coefficients (least squares with LAPACK); first order is their square, the share of variance explained linearly. R² = \(String(format: "%.3f", rSquared)): the closer to 1, the more these shares can be trusted."
        case .correlationRatio(let bins):
            "First-order correlation ratios, Var(E[Y | X]) / Var(Y), estimated over \(bins) equally likely bins of each quantity."
        }
    }

    static func document(_ r: Sensitivity) -> ReportDocument {
        let s = r.scenario
        var doc = ReportDocument()
        doc.append(.title("\(s.name): what drives the uncertainty in \(s.primary.metric)"))
        let plan = r.roadmap.isBaseline ? "the baseline" : r.roadmap.features.joined(separator: ", ")
        let intro = "\(SimulationReport.aggregateDescription(s)) under \(plan): standard deviation \(NumberFormat.auto(r.variance.squareRoot())). \(methodDescription(r))"
        doc += [.paragraph(r.fallbackReason.map { $0 + " " + intro } ?? intro), .blank]
        let hasTotal = r.indices.contains { $0.totalOrder != nil }
        var table = hasTotal
            ? TextTable(headers: ["quantity", "first", "total", "total 95% interval", "tornado"], alignments: [.left, .right, .right, .right, .left])
            : TextTable(headers: ["quantity", "first order", "tornado"], alignments: [.left, .right, .left])
        let largest = r.indices.map { max($0.totalOrder ?? 0, $0.firstOrder) }.max() ?? 1
        for index in r.indices {
            let share = index.totalOrder ?? index.firstOrder
            let bar = String(repeating: "█", count: max(0, Int((max(0, share) / max(largest, 1e-12) * 16).rounded())))
            if hasTotal {
                let interval = index.totalOrderCI.map { String(format: "%.3f to %.3f", $0.low, $0.high) } ?? ""
                table.append([index.name, String(format: "%.3f", index.firstOrder), index.totalOrder.map { String(format: "%.3f", $0) } ?? "", interval, bar])
            } else {
                table.append([index.name, String(format: "%.3f", index.firstOrder), bar])
            }
        }
        doc.append(.table(table))
        let notes = noiseNotes(r)
        if !notes.isEmpty { doc += [.blank, .bullets(notes)] }
        return doc
    }

    /// Estimates that sampling noise can explain: a first order above the total order (the
    /// true indices never do that), and indices whose interval reaches zero.
    static func noiseNotes(_ r: Sensitivity) -> [String] {
        var notes: [String] = []
        for index in r.indices {
            if let total = index.totalOrder, index.firstOrder > total {
                let (first, average) = (String(format: "%.3f", index.firstOrder), String(format: "%.3f", (index.firstOrder + total) / 2))
                notes.append("\(index.name): the first-order estimate (\(first)) is above the total order (\(String(format: "%.3f", total))), which the true indices never are; the gap is sampling noise, so read both as about \(average).")
            }
        }
        let withinNoise = r.indices.filter { index in
            let interval = index.totalOrderCI ?? index.firstOrderCI
            return interval.map { $0.low <= 0 } ?? false
        }.map(\.name)
        if !withinNoise.isEmpty {
            notes.append("Within noise of zero (the 95% interval reaches 0): \(withinNoise.joined(separator: ", ")).")
        }
        return notes
    }


    static func json(_ r: Sensitivity) -> JSONValue {
        let method: String = switch r.estimate {
        case .sobol: "sobol"
        case .regression: "regression"
        case .correlationRatio: "correlation-ratio"
        }
        func interval(_ ci: (low: Double, high: Double)?) -> JSONValue {
            ci.map { .array([.number($0.low), .number($0.high)]) } ?? .null
        }
        var members: [(String, JSONValue)] = [
            ("scenario", .string(r.scenario.name)), ("samples", .number(Double(r.samples))), ("seed", .integer(r.seed)),
            ("method", .string(method)), ("requested_method", .string(r.requested.rawValue)),
            ("fallback_reason", r.fallbackReason.map { .string($0) } ?? .null),
            ("plan", .array(r.roadmap.features.map { .string($0) })), ("variance", .number(r.variance)),
        ]
        if case .regression(let rSquared) = r.estimate { members.append(("r_squared", .number(rSquared))) }
        members.append(("inputs", .array(r.indices.map { index in
            .object([("name", .string(index.name)), ("first_order", .number(index.firstOrder)),
                     ("total_order", .number(index.totalOrder)), ("first_order_ci", interval(index.firstOrderCI)),
                     ("total_order_ci", interval(index.totalOrderCI)), ("coefficient", .number(index.coefficient))])
        })))
        return .object(members)
    }

    static func csv(_ r: Sensitivity) -> String {
        let p = NumberFormat.plain
        var lines = [CSV.line(["name", "first_order", "total_order", "first_order_low", "first_order_high", "total_order_low", "total_order_high", "coefficient"])]
        for index in r.indices {
            lines.append(CSV.line([index.name, p(index.firstOrder), index.totalOrder.map(p) ?? "",
                                   index.firstOrderCI.map { p($0.low) } ?? "", index.firstOrderCI.map { p($0.high) } ?? "",
                                   index.totalOrderCI.map { p($0.low) } ?? "", index.totalOrderCI.map { p($0.high) } ?? "",
                                   index.coefficient.map(p) ?? ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
