import Foundation

/// Evaluates one block of consecutive samples for every roadmap of a run, in one worker's
/// workspace: sample-level draws first, then each chained plan period by period, or the
/// lattice's steps period by period.
///
/// A class, so that the closures resolving operands capture one reference rather than
/// copying the model and every array in it on each call.
final class BlockEvaluator {
    let model: Model
    let plans: [RoadmapPlan]
    /// Each program's instructions, and the lattice's lists, in this worker's own memory.
    /// Read from arrays every worker shares, each step's reference counting bounced a cache
    /// line between the cores: retain and release took 6% of a two-thread rank, 2% of one.
    private let code: OwnPrograms
    private let own: OwnLattice?
    let generator: Philox
    let workspace: Workspace
    let drawMeans: Bool
    let adjustments: SampleAdjustments
    private let alternateGenerator: Philox?
    /// Values of each node the last block clamped to its bounds, counted once per period
    /// they stand for; read by `simulate`, whose single roadmap computes every node once.
    private(set) var clampedValues: [Int]

    init(model: Model, schedule: PlanSchedule, generator: Philox, workspace: Workspace, drawMeans: Bool,
         adjustments: SampleAdjustments = SampleAdjustments()) {
        self.model = model
        self.plans = schedule.plans
        self.code = OwnPrograms(model)
        self.own = schedule.lattice.map(OwnLattice.init)
        self.generator = generator
        self.workspace = workspace
        self.drawMeans = drawMeans
        self.adjustments = adjustments
        self.alternateGenerator = adjustments.alternateSeed.map { Philox(seed: $0) }
        self.clampedValues = [Int](repeating: 0, count: model.nodes.count)
    }

    /// The generator for a sample-level slot's draws.
    private func generator(forSlot slot: Int) -> Philox {
        adjustments.alternateSlots.contains(slot) ? alternateGenerator ?? generator : generator
    }

    /// Samples `start ..< start + count`.
    func evaluate(start: Int, count n: Int) throws(EvaluationError) {
        for node in clampedValues.indices { clampedValues[node] = 0 }
        try drawSampleLevel(start: start, count: n)
        if let own {
            try evaluate(own, count: n)
        }
        for index in plans.indices {
            try evaluate(plan: index, count: n)
        }
    }

    /// Whether a lattice evaluates the roadmaps, which keeps their aggregates only.
    var keepsAggregatesOnly: Bool { own != nil }

    // MARK: Addresses

    func address(plan: Int, node: Int, period: Int) -> UnsafeMutablePointer<Double> {
        workspace.address(plan: plan, node: node, period: period)
    }

    /// Plan `plan`'s primary aggregate for each sample of the block.
    func aggregate(plan: Int) -> UnsafeMutablePointer<Double> { workspace.aggregates[plan] }

    // MARK: Sample level

    private func drawSampleLevel(start: Int, count n: Int) throws(EvaluationError) {
        if let correlation = model.correlation, !drawMeans {
            try correlateScores(correlation, start: start, count: n)
        }
        for (index, step) in model.sampleSteps.enumerated() {
            let out = workspace.sampleSlot(step.slot)
            try run(code.sampleSteps[index], into: out, count: n, period: 0, sampleStart: start, generator: generator(forSlot: step.slot)) { node, _ in
                UnsafePointer(workspace.sampleSlot(model.inputSlots[node]))
            }
            adjustments.shocks[step.slot]?.apply(out, n)
            if !Self.allFinite(out, n), let bad = (0..<n).first(where: { !out[$0].isFinite }) {
                throw EvaluationError("\(step.what) is \(out[bad]) in sample \(start + bad): a division by zero, an overflow or a log of a non-positive number",
                                      at: step.program.location)
            }
        }
        for feature in model.features {
            let out = workspace.sampleSlot(feature.successSlot)
            if feature.success >= 1 || drawMeans {
                out.update(repeating: 1, count: n)
                continue
            }
            generator(forSlot: feature.successSlot).firstUniforms(variable: feature.successVariable, firstSample: start, count: n, into: out)
            for j in 0..<n { out[j] = out[j] < feature.success ? 1 : 0 }
        }
        // `requires_working`: a feature works only where its platforms do. Successes are 0
        // or 1, so multiplying by a platform's already combined success changes nothing more.
        guard !drawMeans else { return }
        for feature in model.features where !feature.worksOnlyWith.isEmpty {
            let out = workspace.sampleSlot(feature.successSlot)
            for platform in feature.worksOnlyWith {
                let works = workspace.sampleSlot(model.features[platform].successSlot)
                for j in 0..<n { out[j] *= works[j] }
            }
        }
    }

    /// Independent normal scores for the block, times Lᵀ in one `dgemm`.
    private func correlateScores(_ correlation: CorrelationStructure, start: Int, count n: Int) throws(EvaluationError) {
        let k = correlation.variables.count, stride = workspace.blockSize
        for (column, variable) in correlation.variables.enumerated() {
            generator.firstUniforms(variable: variable, firstSample: start, count: n, into: workspace.uniforms)
            NormalQuantile.standard(workspace.uniforms, into: workspace.scores + column * stride, count: n)
        }
        correlation.factor.elements.withUnsafeBufferPointer { factor in
            try! BLAS.multiplyTransposed(UnsafePointer(workspace.scores), rows: n, inner: k, lda: stride,
                                         factor.baseAddress!, columns: k, ldb: k,
                                         into: workspace.correlatedScores, ldc: stride)
        }
    }

    // MARK: Plans

    private func evaluate(plan index: Int, count n: Int) throws(EvaluationError) {
        let plan = plans[index]
        for node in plan.invariantNodes {
            try compute(node: node, plan: index, period: 1, count: n)
        }
        if plan.start <= model.horizon {
            for period in plan.start...model.horizon {
                for node in plan.periodNodes {
                    try compute(node: node, plan: index, period: period, count: n)
                }
            }
        }
        let out = workspace.aggregates[index]
        out.update(repeating: 0, count: n)
        for (offset, weight) in model.periodWeights.enumerated() where weight != 0 {
            let values = address(plan: index, node: model.primaryNode, period: offset + 1)
            for j in 0..<n { out[j] += weight * values[j] }
        }
        try checkFiniteAggregate(out, n)
    }

    private func compute(node: Int, plan index: Int, period: Int, count n: Int) throws(EvaluationError) {
        let out = address(plan: index, node: node, period: period)
        if plans[index].extendsReference[node], let reference = plans[index].reference {
            out.update(from: address(plan: reference, node: node, period: period), count: n)
        } else if let program = code.nodes[node] {
            try run(program, into: out, count: n, period: period, sampleStart: 0, generator: generator) { read, lag in
                UnsafePointer(address(plan: index, node: read, period: period - lag))
            }
        } else {
            out.update(from: workspace.sampleSlot(model.inputSlots[node]), count: n)
        }
        for treatment in plans[index].treatments[node] {
            let w = treatment.weights[period]
            guard w != 0 else { continue }
            treat(out, n, kind: treatment.kind, weight: w, successSlot: treatment.successSlot, magnitudeSlot: treatment.magnitudeSlot)
        }
        try checkFinite(out, n, node: node, period: period)
        if let bounds = model.nodes[node].bounds {
            clampedValues[node] += Self.clamp(out, n, bounds) * (plans[index].storedPeriods[node] == 1 ? model.horizon : 1)
        }
    }

    // MARK: Lattice

    private func evaluate(_ own: OwnLattice, count n: Int) throws(EvaluationError) {
        for out in workspace.aggregates { out.update(repeating: 0, count: n) }
        for period in 1...model.horizon {
            for step in own.steps[own.stepsOfPeriod[period]] {
                let out = workspace.latticeStorage + step.output * workspace.blockSize
                if let program = code.nodes[step.node] {
                    let reads = own.reads[step.reads]
                    try run(program, into: out, count: n, period: period, sampleStart: 0, generator: generator) { read, lag in
                        UnsafePointer(workspace.vector(at: reads.first { $0.node == read && $0.lag == lag }!.location))
                    }
                } else {
                    out.update(from: workspace.sampleSlot(model.inputSlots[step.node]), count: n)
                }
                for treatment in own.treatments[step.treatments] {
                    treat(out, n, kind: treatment.kind, weight: treatment.weight,
                          successSlot: treatment.successSlot, magnitudeSlot: treatment.magnitudeSlot)
                }
                try checkFinite(out, n, node: step.node, period: period)
                if let bounds = model.nodes[step.node].bounds { _ = Self.clamp(out, n, bounds) }
            }
            for accumulation in own.accumulations[own.accumulationsOfPeriod[period]] {
                let out = workspace.aggregates[accumulation.roadmap], values = workspace.vector(at: accumulation.location)
                let weight = accumulation.weight
                for j in 0..<n { out[j] += weight * values[j] }
            }
        }
        for out in workspace.aggregates { try checkFiniteAggregate(out, n) }
    }

    // MARK: Node values

    /// One feature's effect, applied in place: a delta adds w·s·m, a lift multiplies by
    /// 1 + w·s·m, where s is 1 when the feature works in the sample and m its magnitude.
    @inline(__always)
    private func treat(_ out: UnsafeMutablePointer<Double>, _ n: Int, kind: Effect.Kind, weight w: Double, successSlot: Int, magnitudeSlot: Int) {
        let s = workspace.sampleSlot(successSlot), m = workspace.sampleSlot(magnitudeSlot)
        switch kind {
        case .delta: for j in 0..<n { out[j] += w * s[j] * m[j] }
        case .lift: for j in 0..<n { out[j] *= 1 + w * s[j] * m[j] }
        }
    }

    /// Clamps in place after the effects; returns how many values were outside.
    private static func clamp(_ out: UnsafeMutablePointer<Double>, _ n: Int, _ bounds: (lower: Double, upper: Double)) -> Int {
        var clamped = 0
        for j in 0..<n {
            if out[j] < bounds.lower {
                out[j] = bounds.lower
                clamped += 1
            } else if out[j] > bounds.upper {
                out[j] = bounds.upper
                clamped += 1
            }
        }
        return clamped
    }

    private func checkFinite(_ out: UnsafeMutablePointer<Double>, _ n: Int, node: Int, period: Int) throws(EvaluationError) {
        if !Self.allFinite(out, n), let bad = (0..<n).first(where: { !out[$0].isFinite }) {
            let definition = model.nodes[node]
            let what = definition.isInput ? "input" : "metric"
            throw EvaluationError("\(what) '\(definition.displayName)' is \(out[bad]) in \(model.scenario.period) \(period): a division by zero, an overflow or a log of a non-positive number",
                                  at: definition.program?.location ?? model.scenario.input(named: definition.name)!.location)
        }
    }

    /// Every period's value can be finite while their sum over the horizon overflows.
    private func checkFiniteAggregate(_ out: UnsafeMutablePointer<Double>, _ n: Int) throws(EvaluationError) {
        if !Self.allFinite(out, n), let bad = (0..<n).first(where: { !out[$0].isFinite }) {
            let primary = model.scenario.primary
            throw EvaluationError("the \(primary.aggregate.rawValue) of '\(primary.metric)' over the horizon is \(out[bad]): its values are too large for a double (about 1.8e308)",
                                  at: primary.metricLocation)
        }
    }

    /// A check that vectorises: a double is non-finite exactly when its exponent bits are
    /// all ones, and only then does adding one to them carry into the sign bit. An integer
    /// OR may be reordered freely, unlike a floating-point sum.
    @inline(__always)
    static func allFinite(_ values: UnsafeMutablePointer<Double>, _ n: Int) -> Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000, carry: UInt64 = 0x0010_0000_0000_0000
        var flags: UInt64 = 0
        for j in 0..<n { flags |= (values[j].bitPattern & exponent) &+ carry }
        return flags & 0x8000_0000_0000_0000 == 0
    }

    // MARK: Programs

    private func run(_ instructions: UnsafeMutableBufferPointer<Instruction>, into result: UnsafeMutablePointer<Double>, count n: Int, period: Int, sampleStart: Int,
                     generator: Philox, resolve: (Int, Int) -> UnsafePointer<Double>) throws(EvaluationError) {
        func lane(_ operand: Operand) -> Lane {
            switch operand {
            case .register(let r): .of(UnsafePointer(workspace.register(r)))
            case .constant(let value): .of(value)
            case .sample(let slot): .of(UnsafePointer(workspace.sampleSlot(slot)))
            case .period: .of(Double(period))
            case .node(let node, let lag): .of(resolve(node, lag))
            }
        }
        func target(_ destination: Destination) -> UnsafeMutablePointer<Double> {
            switch destination {
            case .register(let r): workspace.register(r)
            case .result: result
            }
        }
        for i in instructions.indices {
            switch instructions[i] {
            case .copy(let d, let a):
                VectorKernels.map(n, target(d), lane(a)) { $0 }
            case .negate(let d, let a):
                VectorKernels.map(n, target(d), lane(a)) { -$0 }
            case .not(let d, let a):
                VectorKernels.map(n, target(d), lane(a)) { $0 == 0 ? 1 : 0 }
            case .function(let f, let d, let a):
                VectorKernels.map(n, target(d), lane(a)) { f.apply($0) }
            case .binary(let op, let d, let a, let b):
                VectorKernels.binary(op, n, target(d), lane(a), lane(b))
            case .multiplyAdd(let d, let a, let b, let c):
                VectorKernels.multiplyAdd(n, target(d), lane(a), lane(b), lane(c))
            case .power(let d, let a, let b):
                VectorKernels.power(n, target(d), lane(a), lane(b))
            case .minimum(let d, let a, let b):
                VectorKernels.map(n, target(d), lane(a), lane(b)) { Swift.min($0, $1) }
            case .maximum(let d, let a, let b):
                VectorKernels.map(n, target(d), lane(a), lane(b)) { Swift.max($0, $1) }
            case .clamp(let d, let x, let low, let high):
                let (lx, ll, lh, out) = (lane(x), lane(low), lane(high), target(d))
                for j in 0..<n { out[j] = Swift.min(Swift.max(lx[j], ll[j]), lh[j]) }
            case .select(let d, let c, let a, let b):
                let (lc, la, lb, out) = (lane(c), lane(a), lane(b), target(d))
                for j in 0..<n { out[j] = lc[j] != 0 ? la[j] : lb[j] }
            case .draw(let d, let random):
                try draw(random, into: target(d), count: n, sampleStart: sampleStart, generator: generator,
                         parameters: random.parameters.map(lane))
            case .cycle(let d, let sources):
                let count = sources.count
                VectorKernels.map(n, target(d), lane(sources[((period - 1) % count + count) % count])) { $0 }
            }
        }
    }

    private func draw(_ random: RandomDraw, into out: UnsafeMutablePointer<Double>, count n: Int, sampleStart: Int,
                      generator: Philox, parameters: [Lane]) throws(EvaluationError) {
        let scores = random.correlatedColumn.map { UnsafePointer(workspace.correlatedScores + $0 * workspace.blockSize) }
        if drawMeans, let constant = random.constant {
            out.update(repeating: constant.mean, count: n)
            return
        }
        if let prepared = random.scoreQuantile {
            if let scores {
                for j in 0..<n { out[j] = prepared.value(atScore: scores[j]) }
            } else {
                generator.firstUniforms(variable: random.variable, firstSample: sampleStart, count: n, into: workspace.uniforms)
                NormalQuantile.standard(workspace.uniforms, into: out, count: n)
                for j in 0..<n { out[j] = prepared.value(atScore: out[j]) }
            }
            return
        }
        // Uncorrelated with constant parameters (correlated ones have a table).
        if scores == nil, let constant = random.constant {
            switch constant {
            case .normal(let mean, let sd):
                generator.firstUniforms(variable: random.variable, firstSample: sampleStart, count: n, into: workspace.uniforms)
                NormalQuantile.standard(workspace.uniforms, into: out, count: n)
                for j in 0..<n { out[j] = mean + sd * out[j] }
                return
            default:
                generator.firstUniforms(variable: random.variable, firstSample: sampleStart, count: n, into: out)
                for j in 0..<n { out[j] = constant.quantile(out[j]) }
                return
            }
        }
        var values = [Double](repeating: 0, count: parameters.count)
        for j in 0..<n {
            let distribution: Distribution
            if let constant = random.constant {
                distribution = constant
            } else {
                for p in parameters.indices { values[p] = parameters[p][j] }
                switch random.distribution(values) {
                case .success(let made): distribution = made
                case .failure(let error):
                    throw EvaluationError("\(error.message) in sample \(sampleStart + j): its parameters come from other inputs; keep them in range",
                                          at: random.location)
                }
            }
            if drawMeans {
                out[j] = distribution.mean
            } else if let scores {
                out[j] = distribution.value(atScore: scores[j])
            } else {
                var stream = RandomStream(generator: generator, sample: sampleStart + j, variable: random.variable)
                out[j] = distribution.sample(&stream)
            }
        }
    }
}

/// A lattice's lists copied into memory one worker owns, read without reference counting.
private final class OwnLattice {
    let steps: UnsafeMutableBufferPointer<CoalitionLattice.Step>
    let stepsOfPeriod: UnsafeMutableBufferPointer<Range<Int>>
    let reads: UnsafeMutableBufferPointer<CoalitionLattice.Read>
    let treatments: UnsafeMutableBufferPointer<CoalitionLattice.Treatment>
    let accumulations: UnsafeMutableBufferPointer<CoalitionLattice.Accumulation>
    let accumulationsOfPeriod: UnsafeMutableBufferPointer<Range<Int>>

    init(_ lattice: CoalitionLattice) {
        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return buffer
        }
        steps = copy(lattice.steps)
        stepsOfPeriod = copy(lattice.stepsOfPeriod)
        reads = copy(lattice.reads)
        treatments = copy(lattice.treatments)
        accumulations = copy(lattice.accumulations)
        accumulationsOfPeriod = copy(lattice.accumulationsOfPeriod)
    }

    deinit {
        steps.deallocate()
        stepsOfPeriod.deallocate()
        reads.deallocate()
        treatments.deallocate()
        accumulations.deallocate()
        accumulationsOfPeriod.deallocate()
    }
}

/// Every program's instructions copied into memory one worker owns.
private final class OwnPrograms {
    /// Per node; nil for inputs, whose period values are their draws.
    let nodes: [UnsafeMutableBufferPointer<Instruction>?]
    /// Per sample-level step, in order.
    let sampleSteps: [UnsafeMutableBufferPointer<Instruction>]

    init(_ model: Model) {
        func copy(_ program: Program) -> UnsafeMutableBufferPointer<Instruction> {
            let buffer = UnsafeMutableBufferPointer<Instruction>.allocate(capacity: program.instructions.count)
            _ = buffer.initialize(from: program.instructions)
            return buffer
        }
        nodes = model.nodes.map { $0.program.map(copy) }
        sampleSteps = model.sampleSteps.map { copy($0.program) }
    }

    deinit {
        for buffer in nodes.compactMap({ $0 }) + sampleSteps {
            buffer.baseAddress?.deinitialize(count: buffer.count)
            buffer.deallocate()
        }
    }
}
