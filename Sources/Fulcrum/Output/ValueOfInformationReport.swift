import Foundation

/// Renders a `ValueOfInformation` in each output format.
public enum ValueOfInformationReport {
    public static func render(_ v: ValueOfInformation, as format: OutputFormat, provenance: Provenance? = nil) -> String {
        ReportFormats.render(format, provenance: provenance, document: { document(v) }, json: { json(v) }, csv: { csv(v) })
    }

    static func document(_ v: ValueOfInformation) -> ReportDocument {
        let s = v.scenario
        var doc = ReportDocument()
        doc.append(.title("\(s.name): which uncertainty is worth an experiment first"))
        let decimals = NumberFormat.decimals(forMagnitude: max(v.evpi, v.inputs.first?.evppi ?? 0))
        let worth = v.evpi > 0
            ? "Knowing everything before deciding would be worth \(NumberFormat.grouped(v.evpi, decimals: decimals)) (mcse \(NumberFormat.auto(v.evpiMcse))) on average: no experiment can be worth more."
            : "It is the best choice in every sampled future, so no experiment can change the decision: every value below is 0."
        doc += [.paragraph("The decision: which of \(v.alternatives.count) roadmaps to choose, judged by \(SimulationReport.aggregateDescription(s)). Today the best bet is \(v.chosen) (expected \(NumberFormat.auto(v.alternatives.first { $0.name == v.chosen }!.mean))). \(worth) \(NumberFormat.grouped(Double(v.samples), decimals: 0)) samples, seed \(v.seed)."),
                .blank]
        var table = TextTable(headers: ["uncertain quantity", "value of knowing it", "share of EVPI"], alignments: [.left, .right, .right])
        for input in v.inputs {
            table.append([input.name, NumberFormat.grouped(input.evppi, decimals: decimals),
                          v.evpi > 0 ? NumberFormat.percent(input.evppi / v.evpi) : "-"])
        }
        doc += [.table(table), .blank]
        let floor = NumberFormat.grouped(v.noiseFloor, decimals: decimals)
        let shown = floor.contains { $0 != "0" && $0 != "." && $0 != "," }
        let bias = shown
            ? "Noise biases them upward by about \(floor) (the value found for a quantity that carries no information); a value below about twice that is indistinguishable from zero."
            : "Noise biases them upward by less than the last digit shown (a quantity that carries no information scores \(NumberFormat.auto(v.noiseFloor)))."
        doc.append(.paragraph("Values of partial information are estimated by binning each quantity into \(v.bins) equally likely bins. \(bias) Coarse bins bias them slightly downward for quantities whose effect changes within a bin."))
        return doc
    }

    static func json(_ v: ValueOfInformation) -> JSONValue {
        .object([
            ("scenario", .string(v.scenario.name)), ("samples", .number(Double(v.samples))), ("seed", .integer(v.seed)),
            ("evpi", .number(v.evpi)), ("evpi_mcse", .number(v.evpiMcse)), ("chosen", .string(v.chosen)),
            ("inputs", .array(v.inputs.map { .object([("name", .string($0.name)), ("evppi", .number($0.evppi))]) })),
            ("alternatives", .array(v.alternatives.map { a in
                .object([("name", .string(a.name)), ("features", .array(a.roadmap.features.map { .string($0) })), ("mean", .number(a.mean))])
            })),
            ("bins", .number(Double(v.bins))), ("noise_floor", .number(v.noiseFloor)),
        ])
    }

    static func csv(_ v: ValueOfInformation) -> String {
        var lines = [CSV.line(["kind", "name", "value"])]
        lines.append(CSV.line(["evpi", "", NumberFormat.plain(v.evpi)]))
        for input in v.inputs { lines.append(CSV.line(["evppi", input.name, NumberFormat.plain(input.evppi)])) }
        for a in v.alternatives { lines.append(CSV.line(["alternative_mean", a.name, NumberFormat.plain(a.mean)])) }
        return lines.joined(separator: "\n") + "\n"
    }
}
