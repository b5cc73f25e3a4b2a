extension Sensitivity {
    /// Standardised regression coefficients from the same BLAS/LAPACK least squares as the
    /// stress test's drivers; their squares are first-order shares when the model is close
    /// to linear (R² says how close).
    static func regression(_ model: Model, roadmap: Roadmap, factors: [UncertainFactor], settings: Settings,
                           into result: inout Sensitivity) throws {
        let stress = StressTest.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                         target: .infinity, plans: [("roadmap", roadmap)])
        let (drivers, rSquared) = try StressTest.missDrivers(model, reference: roadmap, settings: stress)
        let values = try primaryValues(model, roadmap: roadmap, samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                       adjustments: SampleAdjustments())
        var moments = Moments()
        for value in values { moments.add(value) }
        result.variance = moments.variance
        result.estimate = .regression(rSquared: rSquared)
        result.indices = drivers.map {
            Index(name: $0.name, firstOrder: $0.coefficient * $0.coefficient, totalOrder: nil, coefficient: $0.coefficient)
        }
    }

    /// First-order correlation ratios Var(E[Y | X]) / Var(Y), with E[Y | X] estimated as the
    /// mean of Y within equally likely bins of X; valid when inputs are correlated.
    static func correlationRatios(_ model: Model, roadmap: Roadmap, factors: [UncertainFactor], settings: Settings,
                                  into result: inout Sensitivity) throws {
        // Fine bins: coarse ones hide variation within a bin (10 bins of a normal lose 4%),
        // while noise adds only about bins / samples.
        let bins = max(10, min(100, settings.samples / 400))
        let schedule = PlanSchedule(single: roadmap, model: model)
        let engine = Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)
        let (_, tallies) = try Engine.run(
            model: model, schedule: schedule, settings: engine, initial: 0,
            tally: [QuantileSketch](repeating: QuantileSketch(), count: factors.count),
            observe: { _, sketches, block in
                for (f, factor) in factors.enumerated() { sketches[f].add(block.sampleValues(slot: factor.slot)) }
            },
            merge: { _, _ in })
        var sketches = tallies[0]
        for other in tallies.dropFirst() { for f in sketches.indices { sketches[f].merge(other[f]) } }
        let edges = sketches.map { sketch in (1..<bins).map { sketch.quantile(Double($0) / Double(bins)) } }
        let binning = sketches
        struct Sums: Sendable, Codable {
            var primary = Moments()
            var sums: [Double]
            var counts: [Int]
        }
        let (sums, _) = try Engine.run(
            model: model, schedule: schedule, settings: engine,
            initial: Sums(sums: Array(repeating: 0, count: factors.count * bins), counts: Array(repeating: 0, count: factors.count * bins)),
            tally: 0,
            observe: { partial, _, block in
                let y = block.aggregate(plan: 0)
                partial.primary.add(y)
                for (f, factor) in factors.enumerated() {
                    let x = block.sampleValues(slot: factor.slot)
                    for j in 0..<block.count {
                        let bin = edges[f].partitioningIndex { $0 > binning[f].quantized(x[j]) }
                        partial.sums[f * bins + bin] += y[j]
                        partial.counts[f * bins + bin] += 1
                    }
                }
            },
            merge: { total, partial in
                total.primary.merge(partial.primary)
                for i in total.sums.indices { total.sums[i] += partial.sums[i] }
                for i in total.counts.indices { total.counts[i] += partial.counts[i] }
            })
        let mean = sums.primary.mean, variance = sums.primary.variance
        result.variance = variance
        result.estimate = .correlationRatio(bins: bins)
        result.indices = factors.enumerated().map { f, factor in
            var between = 0.0
            for bin in 0..<bins where sums.counts[f * bins + bin] > 0 {
                let count = Double(sums.counts[f * bins + bin])
                let binMean = sums.sums[f * bins + bin] / count
                between += count * (binMean - mean) * (binMean - mean)
            }
            return Index(name: factor.name, firstOrder: variance > 0 ? between / Double(settings.samples) / variance : 0,
                         totalOrder: nil, coefficient: nil)
        }.sorted { $0.firstOrder > $1.firstOrder }
    }
}
