import Foundation

extension Formula {
    /// The mean and sd of what the formula states, when it is a constant, an interval or a
    /// single distribution call with constant parameters: enough to summarise it and to
    /// tell when a number is far outside its range.
    public func statedMoments(horizon: Int) -> (mean: Double, sd: Double)? {
        if let value = ConstantFolding.value(of: expression, horizon: horizon) { return (value, 0) }
        let distribution: Distribution?
        switch expression.kind {
        case .interval(let a, let b):
            guard let low = ConstantFolding.value(of: a, horizon: horizon), let high = ConstantFolding.value(of: b, horizon: horizon) else { return nil }
            distribution = try? DistributionFamily.interval(low, high).get()
        case .call(let name, let arguments):
            guard let family = DistributionFamily(rawValue: name), let call = try? DistributionCall.resolve(family, arguments).get() else { return nil }
            let values = call.arguments.compactMap { ConstantFolding.value(of: $0, horizon: horizon) }
            guard values.count == call.arguments.count else { return nil }
            distribution = try? family.make(form: call.form, values).get()
        default:
            distribution = nil
        }
        return distribution.map { ($0.mean, $0.variance.squareRoot()) }
    }
}
