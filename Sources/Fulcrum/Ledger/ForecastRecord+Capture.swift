extension ForecastRecord {
    /// Simulates the roadmap and keeps what a later review and history need: every
    /// metric's forecast per period, the goal's, the ranking, the best roadmap within budget
    /// and how the roadmap compared with the best of its effort.
    public static func capture(_ model: Model, plan: (name: String, roadmap: Roadmap), settings: SamplingSettings,
                               text: String, label: String?) throws -> ForecastRecord {
        let s = model.scenario
        let (simulation, percentiles, sd) = try Simulation.measured(model, roadmap: plan.roadmap, settings: settings, percentiles: levels)
        var cells: [Cell] = []
        for t in 1...s.horizon {
            for (m, metric) in simulation.metrics.enumerated() {
                let cell = (t - 1) * simulation.metrics.count + m
                cells.append(Cell(metric: metric, t: t, mean: simulation.fan[t - 1][m].mean, sd: sd[cell], percentiles: percentiles[cell]))
            }
        }
        let ranking = try Ranking.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        let budget = s.budget ?? (s.costBudget == nil ? nil : .infinity)
        let best = try budget.map { budget in
            try Optimization.run(model, settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads,
                                                        budget: budget, costBudget: s.costBudget)).best
        }
        let alignment = plan.roadmap.isBaseline ? nil : try Alignment.run(s, planName: plan.name, roadmap: plan.roadmap,
                                                                          settings: .init(samples: settings.samples, seed: settings.seed, threads: settings.threads))
        return ForecastRecord(
            scenario: s.name, label: label, file: s.file, sha256: s.sourceSHA256, text: text, plan: plan.name, roadmap: plan.roadmap.features,
            goal: s.primary.metric, aggregate: s.primary.aggregate.rawValue, target: s.primary.target, horizon: s.horizon, period: s.period,
            seed: settings.seed, samples: settings.samples, version: FulcrumVersion.current,
            goalMean: simulation.primary.mean, goalSD: simulation.primary.sd, probTarget: simulation.primary.probTarget,
            ranking: ranking.entries.map(\.id), bestRoadmap: best?.roadmap.features, bestUplift: best?.uplift.mean,
            planUplift: alignment?.verdict.uplift.mean, planEfficiency: alignment?.verdict.efficiency, cells: cells)
    }
}
