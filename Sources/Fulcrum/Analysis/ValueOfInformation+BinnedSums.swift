import Dispatch

extension ValueOfInformation {
    /// The shape of the EVPPI estimator's sums: every factor (the last one being the
    /// information-free sample index) cut into bins, each bin summing every alternative.
    struct BinLayout: Sendable {
        var factors: Int
        var bins: Int
        var alternatives: Int

        var sumCount: Int { factors * bins * alternatives }
        var binCount: Int { factors * bins }
    }

    /// Pass 2's partial result. A block hands over its samples (each one's value of every
    /// alternative, and its bin for each factor), not sums: sums are factors x bins x
    /// alternatives, hundreds of megabytes for a portfolio, and a copy per block in flight
    /// is what made voi's memory grow. Sums exist only in a chunk and in the total, and a
    /// block's samples are added to them by factor, on every thread.
    struct BinnedSums: Sendable, Codable {
        var regret = Moments()
        /// [factor][bin][alternative] sums and [factor][bin] counts, empty until the first
        /// block or chunk is added (every pass adds at least one).
        var sums: [Double] = []
        var counts: [Int] = []
        /// One block's samples, not yet added: [sample][alternative] values and
        /// [factor][sample] bins.
        var blockValues: [Double] = []
        var blockBins: [UInt8] = []

        /// Adds a block's samples or another chunk's sums. A block's sums are formed per
        /// factor from zero and then added, as a sum of blocks, so that a chunk is the same
        /// however its blocks were spread over threads or machines.
        mutating func merge(_ other: BinnedSums, layout: BinLayout, threads: Int) {
            regret.merge(other.regret)
            guard !other.sums.isEmpty || !other.blockValues.isEmpty else { return }
            if sums.isEmpty {
                sums = Array(repeating: 0, count: layout.sumCount)
                counts = Array(repeating: 0, count: layout.binCount)
            }
            if other.blockValues.isEmpty {
                for i in sums.indices { sums[i] += other.sums[i] }
                for i in counts.indices { counts[i] += other.counts[i] }
            } else {
                add(block: other, layout: layout, threads: threads)
            }
        }

        func sum(factor: Int, bin: Int, alternative: Int, layout: BinLayout) -> Double {
            sums[(factor * layout.bins + bin) * layout.alternatives + alternative]
        }

        func count(factor: Int, bin: Int, layout: BinLayout) -> Int {
            counts[factor * layout.bins + bin]
        }

        private mutating func add(block: BinnedSums, layout: BinLayout, threads: Int) {
            let width = layout.alternatives, bins = layout.bins
            let samples = block.blockValues.count / width
            let workers = max(1, min(threads, layout.factors))
            sums.withUnsafeMutableBufferPointer { sums in
                counts.withUnsafeMutableBufferPointer { counts in
                    block.blockValues.withUnsafeBufferPointer { values in
                        block.blockBins.withUnsafeBufferPointer { binOf in
                            let shared = SharedBuffers(sums: sums.baseAddress!, counts: counts.baseAddress!,
                                                       values: values.baseAddress!, binOf: binOf.baseAddress!)
                            // Each factor's slice belongs to one worker, so no two write the same sum.
                            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: bins * width)
                                defer { scratch.deallocate() }
                                for f in stride(from: worker, to: layout.factors, by: workers) {
                                    scratch.initialize(repeating: 0)
                                    for j in 0..<samples {
                                        let bin = Int(shared.binOf[f * samples + j])
                                        shared.counts[f * bins + bin] += 1
                                        let into = scratch.baseAddress! + bin * width, from = shared.values + j * width
                                        for a in 0..<width { into[a] += from[a] }
                                    }
                                    let slice = shared.sums + f * bins * width
                                    for i in 0..<(bins * width) { slice[i] += scratch[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The buffers of one block's addition, which workers touch at disjoint factors only.
private struct SharedBuffers: @unchecked Sendable {
    let sums: UnsafeMutablePointer<Double>
    let counts: UnsafeMutablePointer<Int>
    let values: UnsafePointer<Double>
    let binOf: UnsafePointer<UInt8>
}
