/// The per-block work of a ranking: contributions from the plans' aggregates, folded into
/// accumulators whose size does not grow with the sample count.
struct RankingPass: Sendable {
    let candidates: Int
    let members: Int
    let criterion: Ranking.Criterion
    let efforts: [Double]
    let memberOfCandidate: [Int?]
    let baseline: Int
    let full: Int
    let with: [Int]
    let without: [Int]
    let withoutInRoadmap: [Int]
    /// Sampled Shapley values: the orderings, each evaluated in a pass of its own over its
    /// share of the blocks (`observe(ordering:...)`). Empty when the values are exact.
    let permutationOrders: [[Int]]
    /// Exact: each aggregate's weight in each member's Shapley value, members × aggregates,
    /// column-major. A Shapley value is a fixed linear combination of coalition values, so
    /// a block's values are one matrix product.
    let shapleyCoefficients: [Double]

    /// Σ over subsets S without m of w(|S|) (v(S ∪ m) − v(S)), gathered by coalition:
    /// +w(|S| − 1) where m ∈ S, −w(|S|) where not. Masks that the requirements collapse
    /// onto the same roadmap add up.
    static func exactShapleyCoefficients(members: Int, coalitions: [Int], aggregates: Int) -> [Double] {
        let weights = Ranking.shapleyWeights(members)
        var coefficients = [Double](repeating: 0, count: members * aggregates)
        for (mask, aggregate) in coalitions.enumerated() {
            for m in 0..<members {
                let size = mask.nonzeroBitCount
                coefficients[aggregate * members + m] += mask & 1 << m != 0 ? weights[size - 1] : -weights[size]
            }
        }
        return coefficients
    }

    /// Sums merged in block order.
    struct Partial: Sendable, Codable {
        var standalone: [Moments]
        var standalonePositive: [Int]
        var marginal: [Moments]
        var marginalPositive: [Int]
        var shapley: [Moments]
        /// Per ordering and roadmap feature: its marginal contribution along that ordering.
        var alongOrdering: [[Moments]]
        var baseline = Moments()
        var uplift = Moments()
        var upliftPositive = 0
        var topShare: [Double]
        /// Paired differences of the criterion, candidates a < b, at a * candidates + b.
        var differences: [Moments]
        /// Largest |sum of Shapley values - uplift| in any sample.
        var residual = 0.0

        init(candidates: Int, members: Int, permutations: Int) {
            standalone = Array(repeating: Moments(), count: candidates)
            standalonePositive = Array(repeating: 0, count: candidates)
            marginal = Array(repeating: Moments(), count: members)
            marginalPositive = Array(repeating: 0, count: members)
            shapley = Array(repeating: Moments(), count: members)
            alongOrdering = Array(repeating: Array(repeating: Moments(), count: members), count: permutations)
            topShare = Array(repeating: 0, count: candidates)
            differences = Array(repeating: Moments(), count: candidates * candidates)
        }

        mutating func merge(_ other: Partial) {
            for i in standalone.indices { standalone[i].merge(other.standalone[i]) }
            for i in marginal.indices { marginal[i].merge(other.marginal[i]) }
            for i in shapley.indices { shapley[i].merge(other.shapley[i]) }
            for p in alongOrdering.indices { for m in alongOrdering[p].indices { alongOrdering[p][m].merge(other.alongOrdering[p][m]) } }
            for i in differences.indices { differences[i].merge(other.differences[i]) }
            for i in topShare.indices { topShare[i] += other.topShare[i] }
            for i in standalonePositive.indices { standalonePositive[i] += other.standalonePositive[i] }
            for i in marginalPositive.indices { marginalPositive[i] += other.marginalPositive[i] }
            baseline.merge(other.baseline)
            uplift.merge(other.uplift)
            upliftPositive += other.upliftPositive
            residual = max(residual, other.residual)
        }
    }

    /// Integer counts, merged in any order.
    struct Tally: Sendable, Codable {
        /// Percentiles within 0.2% (relative): below the Monte Carlo error of a 5th
        /// percentile at a million samples. Each extra bit doubles the buckets a block's
        /// values scatter over; with 10 bits the counts of rank's 17 sketches outgrew the
        /// cache, and their increments took 12% of the run.
        static let percentileBits: UInt64 = 8

        var standalone: [QuantileSketch]
        var marginal: [QuantileSketch]
        var baseline = QuantileSketch(mantissaBits: Tally.percentileBits)
        var uplift = QuantileSketch(mantissaBits: Tally.percentileBits)
        /// How often candidate c takes rank r (0-based), at c * candidates + r.
        var rankCounts: [Int]

        init(candidates: Int, members: Int) {
            standalone = Array(repeating: QuantileSketch(mantissaBits: Self.percentileBits), count: candidates)
            marginal = Array(repeating: QuantileSketch(mantissaBits: Self.percentileBits), count: members)
            rankCounts = Array(repeating: 0, count: candidates * candidates)
        }

        mutating func merge(_ other: Tally) {
            for i in standalone.indices { standalone[i].merge(other.standalone[i]) }
            for i in marginal.indices { marginal[i].merge(other.marginal[i]) }
            baseline.merge(other.baseline)
            uplift.merge(other.uplift)
            for i in rankCounts.indices { rankCounts[i] += other.rankCounts[i] }
        }
    }

    /// A zero-effort feature's value per effort: its contribution scaled far above any
    /// finite ratio, keeping its sign, so free features rank first when they help.
    static func perEffort(_ value: Double, _ effort: Double) -> Double {
        effort > 0 ? value / effort : value * 1e12
    }

    func observe(_ block: Engine.BlockView, into partial: inout Partial, _ tally: inout Tally) {
        let n = block.count
        var difference = [Double](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: candidates * n)
        var phi = [Double](repeating: 0, count: members * n)

        func record(_ a: UnsafeBufferPointer<Double>, minus b: UnsafeBufferPointer<Double>,
                    _ moments: inout Moments, _ sketch: inout QuantileSketch, _ positive: inout Int) {
            for j in 0..<n { difference[j] = a[j] - b[j] }
            difference.withUnsafeBufferPointer { moments.add($0); sketch.add($0) }
            positive += difference.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        }

        for c in 0..<candidates {
            record(block.aggregate(plan: with[c]), minus: block.aggregate(plan: without[c]),
                   &partial.standalone[c], &tally.standalone[c], &partial.standalonePositive[c])
            if criterion != .shapley {
                for j in 0..<n {
                    values[c * n + j] = criterion == .perEffort ? Self.perEffort(difference[j], efforts[c]) : difference[j]
                }
            }
        }
        let full = block.aggregate(plan: full), base = block.aggregate(plan: baseline)
        for m in 0..<members {
            record(full, minus: block.aggregate(plan: withoutInRoadmap[m]), &partial.marginal[m], &tally.marginal[m], &partial.marginalPositive[m])
        }
        record(full, minus: base, &partial.uplift, &tally.uplift, &partial.upliftPositive)
        partial.baseline.add(base)
        tally.baseline.add(base)

        if permutationOrders.isEmpty {
            exactShapleyValues(block, into: &phi)
            recordShapley(phi, count: n, full: full, base: base, into: &partial)
        }
        if criterion == .shapley {
            // Sampled values rank in their orderings' passes, where each sample's are known.
            guard permutationOrders.isEmpty else { return }
            rankByShapley(phi, count: n, into: &values)
        }
        rankStatistics(values, count: n, partial: &partial, tally: &tally, scratch: &difference)
    }

    /// A block of the pass for ordering `p`, whose schedule holds its prefixes' plans:
    /// `prefixes[s]` is the roadmap of the ordering's first `s` features. Each sample's
    /// Shapley values are its marginal contributions along the ordering, which add up to
    /// its uplift exactly.
    func observe(ordering p: Int, prefixes: [Int], _ block: Engine.BlockView, into partial: inout Partial, _ tally: inout Tally) {
        let n = block.count
        var phi = [Double](repeating: 0, count: members * n)
        for (step, m) in permutationOrders[p].enumerated() {
            let high = block.aggregate(plan: prefixes[step + 1]), low = block.aggregate(plan: prefixes[step])
            for j in 0..<n { phi[m * n + j] = high[j] - low[j] }
            phi.withUnsafeBufferPointer { partial.alongOrdering[p][m].add(UnsafeBufferPointer(rebasing: $0[(m * n)..<((m + 1) * n)])) }
        }
        recordShapley(phi, count: n, full: block.aggregate(plan: prefixes[members]), base: block.aggregate(plan: prefixes[0]),
                      into: &partial)
        if criterion == .shapley {
            var values = [Double](repeating: 0, count: candidates * n), scratch = [Double](repeating: 0, count: n)
            rankByShapley(phi, count: n, into: &values)
            rankStatistics(values, count: n, partial: &partial, tally: &tally, scratch: &scratch)
        }
    }

    private func recordShapley(_ phi: [Double], count n: Int, full: UnsafeBufferPointer<Double>, base: UnsafeBufferPointer<Double>,
                               into partial: inout Partial) {
        phi.withUnsafeBufferPointer { all in
            for m in 0..<members { partial.shapley[m].add(UnsafeBufferPointer(rebasing: all[(m * n)..<((m + 1) * n)])) }
        }
        for j in 0..<n {
            var sum = 0.0
            for m in 0..<members { sum += phi[m * n + j] }
            partial.residual = max(partial.residual, abs(sum - (full[j] - base[j])))
        }
    }

    /// Each candidate's Shapley value per sample; a candidate outside the roadmap has none.
    private func rankByShapley(_ phi: [Double], count n: Int, into values: inout [Double]) {
        for c in 0..<candidates {
            for j in 0..<n { values[c * n + j] = memberOfCandidate[c].map { phi[$0 * n + j] } ?? -.infinity }
        }
    }

    private func exactShapleyValues(_ block: Engine.BlockView, into phi: inout [Double]) {
        let n = block.count
        guard members > 0 else { return }
        let (values, leading) = block.aggregateMatrix
        shapleyCoefficients.withUnsafeBufferPointer { b in
            phi.withUnsafeMutableBufferPointer { c in
                try! BLAS.multiplyTransposed(values, rows: n, inner: shapleyCoefficients.count / members, lda: leading,
                                             b.baseAddress!, columns: members, ldb: members, into: c.baseAddress!, ldc: n)
            }
        }
    }

    /// Two contributions computed along different paths (lattice versions, or chained plans
    /// that extend different references) differ in their last bits even when the features
    /// are identical: within a relative 1e-9 they are a tie. The tolerance is capped at a
    /// finite value so that a feature outside the roadmap (−∞ when ranking by Shapley value)
    /// is below every finite value, not tied with it.
    @inline(__always)
    static func tied(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= tolerance(a, b)
    }

    /// `other` above `own` and not tied with it, as one comparison that vectorises. For a
    /// fixed `own` it holds for every value from some point up, which is what lets
    /// `countRanks` count by binary search.
    @inline(__always)
    static func beats(_ other: Double, _ own: Double) -> Bool {
        other - own > tolerance(other, own)
    }

    @inline(__always)
    private static func tolerance(_ a: Double, _ b: Double) -> Double {
        1e-9 * Swift.min(Swift.max(abs(a), abs(b)), .greatestFiniteMagnitude)
    }

    /// Candidates from which sorting each sample's values beats comparing every pair: k log k
    /// per sample against k², but the pairs vectorise. Measured on the portfolio benchmark at
    /// 100,000 samples: pairs faster at 50 features, even at 100 and 200, sorting 7% faster
    /// at 500.
    static let sortedRankingFrom = 128

    /// Adds each sample's rank of each candidate c (how many others beat it, r) to
    /// `counts[c * k + r]`. Comparing every pair vectorises over the samples; sorting each
    /// sample's values and counting by binary search gives the same counts in k log k.
    static func countRanks(_ v: UnsafeBufferPointer<Double>, candidates k: Int, count n: Int, sorting: Bool, into counts: inout [Int]) {
        guard sorting else {
            var above = [Int](repeating: 0, count: n)
            for c in 0..<k {
                let own = v.baseAddress! + c * n
                for j in 0..<n { above[j] = 0 }
                for d in 0..<k where d != c {
                    let other = v.baseAddress! + d * n
                    for j in 0..<n { above[j] &+= beats(other[j], own[j]) ? 1 : 0 }
                }
                for j in 0..<n { counts[c * k + above[j]] += 1 }
            }
            return
        }
        var column = [Double](repeating: 0, count: k)
        for j in 0..<n {
            for c in 0..<k { column[c] = v[c * n + j] }
            column.sort()
            for c in 0..<k {
                let own = v[c * n + j]
                var (low, high) = (0, k)
                while low < high {
                    let middle = (low + high) / 2
                    if beats(column[middle], own) { high = middle } else { low = middle + 1 }
                }
                counts[c * k + k - low] += 1
            }
        }
    }

    /// Rank counts, top shares and paired differences, with loops over the samples
    /// innermost so that they vectorise.
    private func rankStatistics(_ values: [Double], count n: Int, partial: inout Partial, tally: inout Tally, scratch: inout [Double]) {
        let k = candidates
        var best = [Double](repeating: -.infinity, count: n)
        var ties = [Double](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            Self.countRanks(v, candidates: k, count: n, sorting: k >= Self.sortedRankingFrom, into: &tally.rankCounts)
            for c in 0..<k {
                let own = v.baseAddress! + c * n
                for j in 0..<n { best[j] = Swift.max(best[j], own[j]) }
            }
            for c in 0..<k {
                let own = v.baseAddress! + c * n
                for j in 0..<n { ties[j] += Self.tied(own[j], best[j]) ? 1 : 0 }
            }
            for c in 0..<k {
                let own = v.baseAddress! + c * n
                for j in 0..<n where Self.tied(own[j], best[j]) { partial.topShare[c] += 1 / ties[j] }
            }
            for a in 0..<k {
                for b in (a + 1)..<max(a + 1, k) {
                    let (first, second) = (v.baseAddress! + a * n, v.baseAddress! + b * n)
                    scratch.withUnsafeMutableBufferPointer { d in
                        for j in 0..<n { d[j] = first[j] - second[j] }
                        if BlockEvaluator.allFinite(d.baseAddress!, n) {
                            partial.differences[a * k + b].add(UnsafeBufferPointer(rebasing: d[0..<n]))
                        }
                    }
                }
            }
        }
    }
}
