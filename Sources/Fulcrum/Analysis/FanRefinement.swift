/// Per-period percentiles for models with so many metric-periods that a quantile sketch
/// for each would not fit in memory (a horizon of 10,000 periods, say).
///
/// The counter-based generator makes every pass over the samples see the same values, so
/// percentiles can be found by bisection with bounded memory instead: a first histogram of
/// each cell between its minimum and maximum, then, for each wanted percentile, a finer
/// histogram of the bin that holds its rank, until the bin is narrower than 1e-5 of its
/// values' magnitude (or 1e-9 of the cell's range). Counts are integers, so the passes give
/// the same answer at any thread count; memory is under a kilobyte per cell and worker,
/// whatever the number of samples.
struct FanRefinement {
    static let bins = 64
    static let maximumPasses = 12

    /// One percentile of one cell: the sample range that holds its rank.
    fileprivate struct Target {
        var cell: Int
        var rank: Int
        var low: Double
        var high: Double
        /// Whether `high` itself belongs to the range (only the cell's maximum does).
        var closed: Bool
        var settled: Bool
    }

    /// `quantiles[cell][k]` for `levels[k]`, from the cells' extremes found in an earlier pass.
    static func quantiles(
        _ model: Model, schedule: PlanSchedule, settings: Engine.Settings, metricNodes: [Int],
        levels: [Double], minimum: [Double], maximum: [Double]
    ) throws(EvaluationError) -> [[Double]] {
        let horizon = model.horizon, cells = minimum.count, n = settings.samples
        var targets: [Target] = []
        for cell in 0..<cells {
            for level in levels {
                let constant = !(minimum[cell] < maximum[cell])
                targets.append(Target(cell: cell, rank: Int((level * Double(n - 1)).rounded()), low: minimum[cell], high: maximum[cell],
                                      closed: true, settled: constant))
            }
        }
        let perCell = levels.count
        for _ in 0..<maximumPasses where targets.contains(where: { !$0.settled }) {
            let open = targets
            let offsets = open.reduce(into: [0]) { $0.append($0.last! + ($1.settled ? 0 : bins)) }
            let (_, tallies) = try Engine.run(
                model: model, schedule: schedule, settings: settings, initial: 0,
                tally: [UInt32](repeating: 0, count: offsets.last!),
                observe: { _, counts, block in
                    for period in 1...horizon {
                        for (m, node) in metricNodes.enumerated() {
                            let values = block.values(plan: 0, node: node, period: period)
                            let cell = (period - 1) * metricNodes.count + m
                            for k in 0..<perCell where !open[cell * perCell + k].settled {
                                let target = open[cell * perCell + k], base = offsets[cell * perCell + k]
                                for v in values where target.contains(v) { counts[base + target.bin(of: v)] += 1 }
                            }
                        }
                    }
                },
                merge: { _, _ in })
            var counts = [Int](repeating: 0, count: offsets.last!)
            for tally in tallies { for i in counts.indices { counts[i] += Int(tally[i]) } }
            for t in targets.indices where !targets[t].settled {
                targets[t].narrow(counts[offsets[t]..<offsets[t + 1]], range: maximum[targets[t].cell] - minimum[targets[t].cell])
            }
        }
        return (0..<cells).map { cell in
            (0..<perCell).map { k in
                let target = targets[cell * perCell + k]
                return min(max((target.low + target.high) / 2, minimum[cell]), maximum[cell])
            }
        }
    }
}

extension FanRefinement.Target {
    var bins: Int { FanRefinement.bins }
    var width: Double { (high - low) / Double(bins) }

    func contains(_ v: Double) -> Bool {
        v >= low && (v < high || (closed && v == high))
    }

    /// The bin of `v`, with the same edges `narrow` gives the next pass, so that a value
    /// never changes sides between passes through rounding.
    func bin(of v: Double) -> Int {
        var b = min(bins - 1, max(0, Int((v - low) / width)))
        while b > 0 && v < edge(b) { b -= 1 }
        while b < bins - 1 && v >= edge(b + 1) { b += 1 }
        return b
    }

    func edge(_ b: Int) -> Double { b == bins ? high : low + Double(b) * width }

    mutating func narrow(_ counts: ArraySlice<Int>, range: Double) {
        var seen = 0
        for (b, count) in counts.enumerated() {
            if seen + count > rank {
                rank -= seen
                (low, high) = (edge(b), edge(b + 1))
                closed = closed && b == bins - 1
                break
            }
            seen += count
        }
        let magnitude = max(abs(low), abs(high))
        settled = high - low <= max(1e-5 * magnitude, 1e-9 * range) || !(width > 0) || edge(1) <= low
    }
}
