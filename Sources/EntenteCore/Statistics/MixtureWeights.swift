import Foundation

/// Weights for a linear pool of probability forecasts: the convex combination Σ wₘ pₘ that maximises the log
/// score of out-of-sample forecasts (stacking of predictive distributions, Yao et al. 2018), found by the EM
/// algorithm for mixture weights, which increases the objective at every step and keeps the weights on the simplex.
public enum MixtureWeights {
    /// The weights for `forecasts[m][i]` (member m's probability of event i) against `outcomes[i]`.
    ///
    /// - Parameters:
    ///   - floor: the smallest probability given to what happened, so a confident miss cannot zero a member.
    ///   - iterations: EM steps at most; stops early when no weight moves more than 1e-10.
    /// - Returns: one weight per member, non-negative, summing to 1 (equal weights without forecasts).
    public static func fit(forecasts: [[Double]], outcomes: [Bool], floor: Double = 1e-12, iterations: Int = 1_000) -> [Double] {
        let m = forecasts.count
        guard m > 0 else { return [] }
        precondition(forecasts.allSatisfy { $0.count == outcomes.count }, "one forecast per outcome for every member")
        var weights = [Double](repeating: 1 / Double(m), count: m)
        let n = outcomes.count
        guard n > 0, m > 1 else { return weights }
        // The probability each member gave to what happened.
        let given = forecasts.map { member in
            zip(member, outcomes).map { max(floor, $1 ? $0 : 1 - $0) }
        }
        for _ in 0..<iterations {
            var next = [Double](repeating: 0, count: m)
            for i in 0..<n {
                var mixture = 0.0
                for k in 0..<m { mixture += weights[k] * given[k][i] }
                for k in 0..<m { next[k] += weights[k] * given[k][i] / mixture }
            }
            next = next.map { $0 / Double(n) }
            let change = zip(next, weights).map { abs($0 - $1) }.max() ?? 0
            weights = next
            if change < 1e-10 { break }
        }
        return weights
    }

    /// The mean log score (negative log-likelihood, natural log) of the pool Σ wₘ pₘ.
    public static func logScore(weights: [Double], forecasts: [[Double]], outcomes: [Bool], floor: Double = 1e-12) -> Double {
        guard !outcomes.isEmpty else { return .nan }
        var total = 0.0
        for i in outcomes.indices {
            let p = zip(weights, forecasts).reduce(0) { $0 + $1.0 * $1.1[i] }
            total -= log(max(floor, outcomes[i] ? p : 1 - p))
        }
        return total / Double(outcomes.count)
    }
}
