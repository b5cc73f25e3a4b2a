import Foundation
import Testing
@testable import Fulcrum

/// The chart renderer's parts against hand-worked answers.
struct ChartTests {
    @Test func ticksAreRoundNumbersInsideTheRange() {
        #expect(AxisTicks.values(low: 0, high: 23, count: 5, scale: .number(unit: nil)) == [0, 5, 10, 15, 20])
        #expect(AxisTicks.values(low: 0.13, high: 0.91, count: 4, scale: .percent) == [0.2, 0.4, 0.6, 0.8])
        #expect(AxisTicks.values(low: 1, high: 12, count: 6, scale: .period) == [2, 4, 6, 8, 10, 12])
        #expect(AxisTicks.values(low: -30, high: 45, count: 3, scale: .number(unit: nil)) == [-20, 0, 20, 40])
        // Whole periods even when the range is short.
        #expect(AxisTicks.values(low: 1, high: 2, count: 8, scale: .period) == [1, 2])
    }

    @Test func tickLabelsShowThousandsMillionsAndPercentages() {
        #expect(AxisTicks.labels([0, 5e6, 10e6, 15e6], scale: .number(unit: nil)) == ["0", "5M", "10M", "15M"])
        #expect(AxisTicks.labels([0, 5e5, 10e5, 15e5], scale: .number(unit: nil)) == ["0", "0.5M", "1.0M", "1.5M"])
        #expect(AxisTicks.labels([0, 25_000, 50_000], scale: .number(unit: nil)) == ["0", "25k", "50k"])
        #expect(AxisTicks.labels([0, 2_500, 5_000], scale: .number(unit: nil)) == ["0", "2,500", "5,000"])
        #expect(AxisTicks.labels([0.1, 0.15, 0.2], scale: .number(unit: nil)) == ["0.10", "0.15", "0.20"])
        #expect(AxisTicks.labels([0, 0.25, 0.5], scale: .percent) == ["0%", "25%", "50%"])
        #expect(AxisTicks.labels([0.001, 0.002], scale: .percent) == ["0.1%", "0.2%"])
    }

    @Test func labelsAreCutToFitAndWrapped() {
        let long = "personalised_recommendations_for_returning_customers"
        let cut = TextWidth.fitted(long, size: 12, width: 120)
        #expect(cut.hasSuffix("…") && TextWidth.of(cut, size: 12) <= 120)
        #expect(TextWidth.fitted("aov", size: 12, width: 120) == "aov")
        let lines = TextWidth.lines("Provenance: scenarios/online-store.yaml (sha256 5faac2afa52b), seed 7, 100,000 samples", size: 10, width: 200)
        #expect(lines.count > 1 && lines.allSatisfy { TextWidth.of($0, size: 10) <= 200 })
        #expect(lines.joined(separator: " ") == "Provenance: scenarios/online-store.yaml (sha256 5faac2afa52b), seed 7, 100,000 samples")
    }

    @Test func sketchCountsPerBinMatchTheValues() {
        var sketch = QuantileSketch(mantissaBits: 16)
        // 0.5, 1.5, ..., 99.5 repeated: ten per unit bin, none near an edge.
        let values = (0..<1000).map { Double($0 % 100) + 0.5 }
        values.withUnsafeBufferPointer { sketch.add($0) }
        let edges = stride(from: 0.0, through: 100, by: 10).map { $0 }
        #expect(sketch.counts(between: edges) == [Int](repeating: 100, count: 10))
        // Negative values and zeros go in their bins too; values outside the edges in none.
        var mixed = QuantileSketch()
        for x in [-2.5, -0.5, 0, 0, 0.5, 7] { mixed.add(x) }
        #expect(mixed.counts(between: [-3, -1, 1, 3]) == [1, 4, 0])
    }

    @Test func histogramSharesCoverTheMiddleOfTheDistribution() throws {
        let simulation = try TestSupport.simulate("name: h\nhorizon: 1\nprimary: {metric: m, target: 1}\ninputs: {x: normal(0, 1)}\nmetrics: {m: x}\n",
                                                  samples: 20000)
        let chart = DistributionCharts.histogram([("baseline", simulation)])
        guard case .histogram(_, let edges, let heights, true) = chart.marks[0] else {
            Issue.record("no filled histogram")
            return
        }
        let covered = heights.reduce(0, +)
        #expect(covered >= 0.99 && covered <= 1)
        #expect(edges.first! <= simulation.distribution.quantile(0.005) && edges.last! >= simulation.distribution.quantile(0.995))
        // The bin holding zero is the standard normal's tallest, about bin width x 0.399.
        let width = edges[1] - edges[0]
        let tallest = heights.indices.max { heights[$0] < heights[$1] }!
        #expect(edges[tallest] <= 0.2 && edges[tallest + 1] >= -0.2)
        #expect(abs(heights[tallest] - width * 0.3989) < 0.01)
        // The target and P(hit), from the simulation itself.
        let rules = chart.marks.compactMap { if case .rule(let x, let labels, _) = $0 { (x, labels) } else { nil } }
        #expect(rules.count == 1 && rules[0].0 == 1)
        #expect(rules[0].1.contains("baseline: P(hit) \(NumberFormat.percent(simulation.primary.probTarget!))"))
    }

    @Test func textIsEscapedInSVG() {
        #expect(SVG.escaped("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;")
        let chart = Chart(kind: "forest", title: "R&D <first>", x: Chart.Axis(title: "x", low: 0, high: 1, scale: .number(unit: nil)), y: nil,
                          rows: [Chart.Row(label: "a&b", id: "a&b")], series: [Chart.Series("s")],
                          marks: [.interval(row: 0, low: 0.1, middle: 0.5, high: 0.9, series: 0)])
        let svg = SVGChart.document([chart])
        #expect(svg.contains("R&amp;D &lt;first&gt;") && svg.contains("a&amp;b") && !svg.contains("a&b"))
    }

    @Test func aConstantGetsAVisibleAxis() {
        let axis = Chart.Axis(title: "x", low: 5, high: 5, scale: .number(unit: nil))
        #expect(axis.low < 5 && axis.high > 5)
        let empty = Chart.Axis(title: "x", low: .nan, high: .infinity, scale: .number(unit: nil))
        #expect(empty.low == 0 && empty.high == 1)
    }
}
