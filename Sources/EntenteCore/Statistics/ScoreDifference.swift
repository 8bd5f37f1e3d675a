import Foundation

/// How much better one forecaster scored than another on the same outcomes, with a standard error that treats
/// the years as the independent units: forecasts of one year share its shocks (a treaty wave, a quiet year), so
/// rows within a year are not independent draws.
public struct ScoreDifference: Sendable, Codable, Equatable {
    /// The mean log-score improvement per row (reference minus challenger; positive: the challenger is better).
    public var gain: Double
    /// The standard error of `gain` from the spread of the yearly sums.
    public var standardError: Double
    /// The years the rows fall in.
    public var years: Int

    /// A gain per row below this is rounding, not a change: two fits that differ only in a column the fit drops
    /// anyway score the same up to the last bits, and their standard error is as small.
    public static let negligible = 1e-9

    /// Whether the challenger is better by more than one standard error (and by more than `negligible`).
    public var isClear: Bool { gain > standardError && gain > Self.negligible }

    /// Compares two forecasters' log-odds on the same rows (`group[i]` is row i's year): the log scores use
    /// the same floor as `MixtureWeights.logScore`, so a confident miss costs the same in both comparisons.
    public init(reference: [Double], challenger: [Double], outcomes: [Bool], group: [Int32], floor: Double = 1e-12) {
        precondition(reference.count == outcomes.count && challenger.count == outcomes.count && group.count == outcomes.count,
                     "one forecast and one year per outcome")
        func loss(_ eta: Double, _ outcome: Bool) -> Double {
            let p = LogisticRegression.logistic(eta)
            return -log(max(floor, outcome ? p : 1 - p))
        }
        var sums: [Int32: Double] = [:]
        for i in outcomes.indices {
            sums[group[i], default: 0] += loss(reference[i], outcomes[i]) - loss(challenger[i], outcomes[i])
        }
        // Summed in year order: a dictionary's order differs between instances, and so would the last bits.
        let yearly = sums.sorted { $0.key < $1.key }.map(\.value)
        let n = Double(max(1, outcomes.count)), k = yearly.count
        let mean = yearly.reduce(0, +) / Double(max(1, k))
        let variance = k > 1 ? yearly.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1) : .infinity
        gain = yearly.reduce(0, +) / n
        standardError = (Double(k) * variance).squareRoot() / n
        years = k
    }
}
