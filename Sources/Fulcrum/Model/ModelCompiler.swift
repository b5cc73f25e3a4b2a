extension Model {
    /// Compiles a checked scenario. Fails only if the correlation matrix is not positive
    /// definite, which `ScenarioLoader` has already reported with its position.
    public init(_ scenario: Scenario) throws(LAPACKError) {
        // Before the first LAPACK call and the quantile tables: OpenBLAS's idle pool would
        // otherwise spin beside them.
        BLAS.useSingleThread()
        var hoisting = FeatureSetHoisting(scenario: scenario)
        let formulas = scenario.metrics.map { hoisting.rewrite($0) }
        let hidden = hoisting.hidden
        let names = scenario.inputs.map(\.name) + scenario.metrics.map(\.name) + hidden.map(\.name)
        let nodeIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let inputCount = scenario.inputs.count
        let correlation = try Model.correlationStructure(scenario)
        var compiler = ProgramCompiler(nodeIndex: nodeIndex, horizon: scenario.horizon, catalog: RandomVariableCatalog(),
                                       correlatedColumns: correlation.columns)

        var nodes = scenario.inputs.map {
            Node(name: $0.name, isInput: true, isLagged: false, formulaVaries: false, reads: [], lagReads: [], program: nil,
                 initialSlot: nil, unit: nil, hiddenIn: nil)
        }
        let metricFormulas = zip(scenario.metrics, formulas).map { ($0.name, $1, $0.unit, nil as String?) }
            + hidden.map { ($0.name, $0.formula, nil as String?, $0.parent as String?) }
        for (name, formula, unit, parent) in metricFormulas {
            let references = Model.references(formula.expression, nodeIndex)
            nodes.append(Node(name: name, isInput: false, isLagged: false,
                              formulaVaries: references.usesPeriod || !references.lagged.isEmpty,
                              reads: references.current, lagReads: references.lagged,
                              program: compiler.compile(formula, path: "metrics.\(name)"),
                              initialSlot: nil, unit: unit, hiddenIn: parent,
                              bounds: parent == nil ? scenario.metric(named: name)?.bounds.map { ($0.lower ?? -.infinity, $0.upper ?? .infinity) } : nil))
        }
        for node in nodes.indices { for lagged in nodes[node].lagReads { nodes[lagged].isLagged = true } }

        var steps: [SampleStep] = []
        let inputOrder = try! DependencyOrder.sort(
            count: inputCount,
            dependencies: scenario.inputs.map { input in
                input.series == nil ? Model.references(input.formula.expression, nodeIndex).current : []
            }).get()
        for i in inputOrder where scenario.inputs[i].series == nil {
            let input = scenario.inputs[i]
            steps.append(SampleStep(slot: i, program: compiler.compile(input.formula, path: "inputs.\(input.name)"),
                                    what: "input '\(input.name)'"))
        }
        var slotCount = inputCount
        // A series is a node whose program picks the period's element; each element is drawn
        // once per sample into its own slot, after the inputs it may read.
        var seriesElements: [(name: String, slot: Int)] = []
        for (i, input) in scenario.inputs.enumerated() {
            guard let series = input.series else { continue }
            var slots: [Int] = []
            for (k, element) in series.enumerated() {
                steps.append(SampleStep(slot: slotCount, program: compiler.compile(element, path: "inputs.\(input.name).\(k + 1)"),
                                        what: "element \(k + 1) of input '\(input.name)'"))
                seriesElements.append((name: "\(input.name)[\(k + 1)]", slot: slotCount))
                slots.append(slotCount)
                slotCount += 1
            }
            steps.append(SampleStep(slot: i, program: Program(instructions: [.copy(.result, .sample(slots.last!))], registerCount: 0,
                                                              location: input.location),
                                    what: "input '\(input.name)'"))
            nodes[i].program = Program(instructions: [.cycle(.result, slots.map { .sample($0) })], registerCount: 0, location: input.location)
            nodes[i].formulaVaries = series.count > 1
        }
        for (offset, metric) in scenario.metrics.enumerated() {
            guard let initial = metric.initial else { continue }
            nodes[inputCount + offset].initialSlot = slotCount
            steps.append(SampleStep(slot: slotCount, program: compiler.compile(initial, path: "metrics.\(metric.name).initial"),
                                    what: "the initial value of '\(metric.name)'"))
            slotCount += 1
        }
        var features: [CompiledFeature] = []
        for feature in scenario.features {
            var effects: [FeatureEffect] = []
            for effect in feature.effects {
                let path = "features.\(feature.id).effects.\(effect.drawKey ?? effect.target)"
                steps.append(SampleStep(slot: slotCount, program: compiler.compile(effect.magnitude, path: path, sharingDraws: effect.drawKey != nil),
                                        what: "the effect of '\(feature.id)' on '\(effect.target)'"))
                effects.append(FeatureEffect(node: nodeIndex[effect.target]!, kind: effect.kind, magnitudeSlot: slotCount,
                                             weights: (0...scenario.horizon).map { $0 == 0 ? 0 : feature.weight(of: effect, inPeriod: $0) }))
                slotCount += 1
            }
            features.append(CompiledFeature(id: feature.id, successSlot: slotCount,
                                            successVariable: compiler.catalog.identity(path: "features.\(feature.id).success", occurrence: 0),
                                            success: feature.success, launch: feature.launch, effects: effects,
                                            worksOnlyWith: Model.worksOnlyWith(feature, in: scenario)))
            slotCount += 1
        }

        let metricOrder = try! DependencyOrder.sort(
            count: nodes.count - inputCount,
            dependencies: nodes[inputCount...].map { $0.reads.filter { $0 >= inputCount }.map { $0 - inputCount } }).get()

        self.scenario = scenario
        self.nodes = nodes
        self.evaluationOrder = metricOrder.map { $0 + inputCount }
        self.features = features
        self.featurePositions = Dictionary(features.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.sampleSteps = steps
        self.inputSlots = Array(0..<inputCount)
        self.seriesElements = seriesElements
        self.sampleSlotCount = slotCount
        self.correlation = correlation.structure
        self.primaryNode = nodeIndex[scenario.primary.metric]!
        self.periodWeights = scenario.primary.periodWeights(horizon: scenario.horizon)
    }

    /// The features `feature` works only with, transitively, as indices.
    static func worksOnlyWith(_ feature: Feature, in scenario: Scenario) -> [Int] {
        var found = Set<String>(), pending = feature.worksOnlyWith
        while let id = pending.popLast() {
            guard id != feature.id, found.insert(id).inserted else { continue }
            pending += scenario.feature(withID: id)?.worksOnlyWith ?? []
        }
        return scenario.features.indices.filter { found.contains(scenario.features[$0].id) }
    }

    /// Names read by a formula, as node numbers.
    static func references(_ expression: Expression, _ nodeIndex: [String: Int]) -> (current: [Int], lagged: [Int], usesPeriod: Bool) {
        var current = Set<Int>(), lagged = Set<Int>(), usesPeriod = false
        expression.forEach { node in
            switch node.kind {
            case .name("t"): usesPeriod = true
            case .name(let name): if let index = nodeIndex[name] { current.insert(index) }
            case .lag(let name, _): if let index = nodeIndex[name] { lagged.insert(index) }
            default: break
            }
        }
        return (current.sorted(), lagged.sorted(), usesPeriod)
    }

    private static func correlationStructure(_ scenario: Scenario) throws(LAPACKError) -> (structure: CorrelationStructure?, columns: [String: Int]) {
        guard !scenario.correlations.isEmpty else { return (nil, [:]) }
        func path(_ name: String) -> String {
            if scenario.input(named: name) != nil { return "inputs.\(name)" }
            let parts = name.split(separator: ".")
            return "features.\(parts[0]).effects.\(parts[1])"
        }
        var columns: [String: Int] = [:]
        var order: [String] = []
        for correlation in scenario.correlations {
            for name in [correlation.first, correlation.second] where columns[path(name)] == nil {
                columns[path(name)] = order.count
                order.append(path(name))
            }
        }
        var matrix = Matrix.identity(order.count)
        for correlation in scenario.correlations {
            let (i, j) = (columns[path(correlation.first)]!, columns[path(correlation.second)]!)
            matrix[i, j] = CorrelationMatrix.pearson(fromSpearman: correlation.rho)
            matrix[j, i] = matrix[i, j]
        }
        // The column's own normal scores use the variable id of the distribution call,
        // occurrence 0 of that formula, salted so they never equal its plain draws.
        var catalog = RandomVariableCatalog()
        let variables = order.map { catalog.identity(path: "\($0).score", occurrence: 0) }
        return (CorrelationStructure(variables: variables, factor: try cholesky(matrix)), columns)
    }
}
