/// Expected value of learning each uncertainty before deciding (EVPPI), largest first.
public enum ValueOfInformationChart {
    public static func chart(_ voi: ValueOfInformation, limit: Int = 12) -> Chart {
        let s = voi.scenario
        let inputs = Array(voi.inputs.prefix(limit))
        let high = max(voi.noiseFloor, inputs.map(\.evppi).max() ?? 0)
        return Chart(kind: "evppi", title: "What learning each uncertainty first is worth (EVPPI; all of them: \(NumberFormat.auto(voi.evpi)))",
                     x: Chart.Axis(title: "expected gain in \(s.primary.metric)", low: 0, high: high > 0 ? high * 1.05 : 1,
                                   scale: .number(unit: s.primary.unit)), y: nil,
                     rows: inputs.map { Chart.Row(label: $0.name, id: $0.name) }, series: [Chart.Series("EVPPI")],
                     marks: [.center(x: voi.noiseFloor, label: "noise floor")]
                        + inputs.enumerated().map { .bar(row: $0, from: 0, to: $1.evppi, series: 0) })
    }
}
