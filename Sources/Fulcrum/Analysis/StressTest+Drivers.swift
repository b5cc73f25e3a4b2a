extension StressTest {
    /// For each uncertain quantity of the reference roadmap: P(hit) in each of its quintiles,
    /// and the standardised regression coefficient of the primary metric on it (least
    /// squares on standardised values: XᵀX and Xᵀy accumulated with BLAS `dsyrk` and `dgemv`
    /// per block, solved by Cholesky with LAPACK `dpotrf` and `dpotrs`).
    /// Also returns R² of the fit, β · Xᵀy / (n - 1) on standardised values.
    static func missDrivers(_ model: Model, reference: Roadmap, settings: Settings) throws -> (drivers: [Driver], rSquared: Double) {
        let factors = UncertainFactor.factors(of: model, for: [reference])
        guard !factors.isEmpty else { return ([], 0) }
        let k = factors.count, bins = 5
        let schedule = PlanSchedule(single: reference, model: model)
        let engine = Engine.Settings(samples: settings.samples, seed: settings.seed, threads: settings.threads)

        struct First: Sendable, Codable {
            var factors: [Moments]
            var primary = Moments()
        }
        let (first, tallies) = try Engine.run(
            model: model, schedule: schedule, settings: engine,
            initial: First(factors: Array(repeating: Moments(), count: k)),
            tally: [QuantileSketch](repeating: QuantileSketch(), count: k),
            observe: { partial, sketches, block in
                for (f, factor) in factors.enumerated() {
                    let values = block.sampleValues(slot: factor.slot)
                    partial.factors[f].add(values)
                    sketches[f].add(values)
                }
                partial.primary.add(block.aggregate(plan: 0))
            },
            merge: { total, partial in
                for f in total.factors.indices { total.factors[f].merge(partial.factors[f]) }
                total.primary.merge(partial.primary)
            })
        var sketches = tallies[0]
        for other in tallies.dropFirst() { for f in sketches.indices { sketches[f].merge(other[f]) } }
        let edges = sketches.map { sketch in (1..<bins).map { sketch.quantile(Double($0) / Double(bins)) } }
        let binning = sketches
        let means = first.factors.map(\.mean), sds = first.factors.map(\.sd)
        let (primaryMean, primarySD) = (first.primary.mean, first.primary.sd)
        let target = settings.target

        struct Second: Sendable, Codable {
            var counts: [Int]
            var hits: [Int]
            /// XᵀX (lower triangle, column-major) and Xᵀy of the standardised values.
            var gram: [Double]
            var cross: [Double]
            var failure: LAPACKError?
        }
        let (second, _) = try Engine.run(
            model: model, schedule: schedule, settings: engine,
            initial: Second(counts: Array(repeating: 0, count: k * bins), hits: Array(repeating: 0, count: k * bins),
                            gram: Array(repeating: 0, count: k * k), cross: Array(repeating: 0, count: k)),
            tally: 0,
            observe: { partial, _, block in
                let n = block.count
                let y = block.aggregate(plan: 0)
                var x = [Double](repeating: 0, count: n * k)
                var standardY = [Double](repeating: 0, count: n)
                for j in 0..<n { standardY[j] = primarySD > 0 ? (y[j] - primaryMean) / primarySD : 0 }
                for (f, factor) in factors.enumerated() {
                    let values = block.sampleValues(slot: factor.slot)
                    for j in 0..<n {
                        x[f * n + j] = sds[f] > 0 ? (values[j] - means[f]) / sds[f] : 0
                        let bin = edges[f].partitioningIndex { $0 > binning[f].quantized(values[j]) }
                        partial.counts[f * bins + bin] += 1
                        if y[j] >= target { partial.hits[f * bins + bin] += 1 }
                    }
                }
                do throws(LAPACKError) {
                    try x.withUnsafeBufferPointer { xs throws(LAPACKError) in
                        try partial.gram.withUnsafeMutableBufferPointer { g throws(LAPACKError) in
                            try BLAS.addGram(xs.baseAddress!, rows: n, columns: k, lda: n, into: g.baseAddress!)
                        }
                        try standardY.withUnsafeBufferPointer { ys throws(LAPACKError) in
                            try partial.cross.withUnsafeMutableBufferPointer { c throws(LAPACKError) in
                                try BLAS.addTransposedProduct(xs.baseAddress!, rows: n, columns: k, lda: n, ys.baseAddress!, into: c.baseAddress!)
                            }
                        }
                    }
                } catch {
                    partial.failure = error
                }
            },
            merge: { total, partial in
                for i in total.counts.indices { total.counts[i] += partial.counts[i] }
                for i in total.hits.indices { total.hits[i] += partial.hits[i] }
                for i in total.gram.indices { total.gram[i] += partial.gram[i] }
                for i in total.cross.indices { total.cross[i] += partial.cross[i] }
                total.failure = total.failure ?? partial.failure
            })
        if let failure = second.failure { throw failure }
        var gram = Matrix(rows: k, columns: k)
        gram.elements = second.gram
        // A constant quantity gives a zero column; a tiny ridge keeps the system solvable
        // and leaves its coefficient at zero.
        for i in 0..<k { gram[i, i] += 1e-9 * Double(settings.samples) }
        let coefficients = try solvePositiveDefinite(gram, second.cross)
        let rSquared = zip(coefficients, second.cross).map { $0 * $1 }.reduce(0, +) / Double(max(1, settings.samples - 1))
        let drivers = factors.enumerated().map { f, factor in
            Driver(name: factor.name,
                   probTargetByQuintile: (0..<bins).map { bin in
                       let n = second.counts[f * bins + bin]
                       return n > 0 ? Double(second.hits[f * bins + bin]) / Double(n) : .nan
                   },
                   coefficient: coefficients[f])
        }.sorted { abs($0.coefficient) > abs($1.coefficient) }
        return (drivers, rSquared)
    }

    /// The relative shift of an input's draws (or the scale of a feature's effects) at which
    /// the reference roadmap hits the target with the requested probability, by bisection on
    /// the same draws.
    static func reverse(_ name: String, probability: Double, model: Model, reference: Roadmap, settings: Settings) throws -> Solution {
        guard probability > 0 && probability < 1 else { throw StressError(message: "--probability must lie strictly between 0 and 1") }
        let scenario = model.scenario
        let isFeature = scenario.feature(withID: name) != nil
        let slots: [Int]
        if let f = model.featureIndex(name) {
            guard reference.features.contains(name) else {
                throw StressError(message: "feature '\(name)' is not in the roadmap '\(settings.plans[0].name)' being stressed")
            }
            slots = model.features[f].effects.map(\.magnitudeSlot)
        } else {
            slots = try self.slots(for: name, in: model)
        }
        func odds(at x: Double) throws(EvaluationError) -> Double {
            let factor = isFeature ? x : 1 + x
            let adjustments = SampleAdjustments(shocks: Dictionary(uniqueKeysWithValues: slots.map { ($0, .scale(factor)) }))
            return try RoadmapOutcomes.run(model, roadmaps: [reference], samples: settings.samples, seed: settings.seed,
                                           threads: settings.threads, adjustments: adjustments, target: settings.target)
                .outcomes[0].primary.probTarget ?? 0
        }
        let brackets: [(Double, Double)] = isFeature ? [(0, 2), (0, 5), (0, 20)] : [(-0.5, 0.5), (-0.9, 2), (-0.99, 9)]
        for (low, high) in brackets {
            var (a, b) = (low, high)
            var (pa, pb) = (try odds(at: a), try odds(at: b))
            guard (pa - probability) * (pb - probability) <= 0 else { continue }
            for _ in 0..<40 where abs(b - a) > 1e-6 * max(1, abs(a)) {
                let middle = (a + b) / 2
                let pm = try odds(at: middle)
                if (pa - probability) * (pm - probability) <= 0 { (b, pb) = (middle, pm) } else { (a, pa) = (middle, pm) }
            }
            // Of the two ends, the one whose odds are closer to those asked for.
            let (x, p) = abs(pa - probability) <= abs(pb - probability) ? (a, pa) : (b, pb)
            return Solution(name: name, isFeature: isFeature, shift: x, probTarget: p, requested: probability)
        }
        let range = isFeature ? "scaling its effects between 0 and 20 times" : "shifting it between -99% and +900%"
        throw StressError(message: "no change to '\(name)' reaches P(hit) = \(NumberFormat.percent(probability)) (tried \(range))")
    }
}
