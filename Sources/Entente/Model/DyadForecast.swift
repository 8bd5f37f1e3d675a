import EntenteCore
import Foundation

/// A model's probability for one dyad in one year, with its uncertainty.
public struct DyadForecast: Sendable {
    public var year: Int
    /// The fitted probability, or nil when a predictor is missing (`missing` names it).
    public var probability: Double?
    /// The 90% interval from the coefficient covariance: the delta method on the log-odds, mapped back.
    public var lower: Double?
    public var upper: Double?
    /// The log-odds and its standard error.
    public var logOdds: Double?
    public var logOddsError: Double?
    /// Whether the tie the outcome is about was already in force the year before (an onset cannot happen then).
    public var tiedBefore: Bool
    /// The outcome observed that year.
    public var observed: Double?
    /// The predictor values used, in the model's term order.
    public var predictors: [Double]
    /// The first missing term, if any.
    public var missing: String?

    /// The normal quantile of a two-sided 90% interval.
    static let z90 = 1.6448536269514722

    /// The log-odds, its standard error √(x'Vx) and the probability for predictor values `row`.
    public static func evaluate(_ model: AllianceModel, _ row: [Double]) -> (logOdds: Double, error: Double) {
        let x = [1.0] + row
        let k = x.count
        var variance = 0.0
        for i in 0..<k { for j in 0..<k { variance += x[i] * model.fit.covariance[i * k + j] * x[j] } }
        return (model.fit.linearPredictor(row), max(0, variance).squareRoot())
    }

    /// The model's forecast for the dyad `a`–`b` in each year of `years` found in `panel` (non-directed).
    public static func yearly(_ model: AllianceModel, panel: DyadYearPanel, _ a: Int, _ b: Int,
                              years: ClosedRange<Int>) throws -> [DyadForecast] {
        let (low, high) = a < b ? (a, b) : (b, a)
        let rows = panel.filtered { x, z, y in x == low && z == high && (years.lowerBound - 1...years.upperBound).contains(y) }
        var specification = model.specification
        specification.firstYear = years.lowerBound
        specification.lastYear = years.upperBound
        // Every row of the dyad, at risk or not and with missing values kept, so that each year is accounted for.
        let columns = try specification.terms.map { try ModelDesign.values(of: $0, in: rows) }
        let outcome = specification.outcome.panelColumn.flatMap { rows.column($0)?.values }
        let inForce = rows.column(.atop(specification.outcome.provision ?? .defense))?.values ?? []
        return (0..<rows.count).compactMap { row -> DyadForecast? in
            let year = Int(rows.year[row])
            guard years.contains(year) else { return nil }
            let before = (0..<rows.count).first { Int(rows.year[$0]) == year - 1 }.map { inForce[$0] == 1 } ?? false
            let values = columns.map { $0[row] }
            let missing = zip(specification.terms, values).first { $0.1.isNaN }?.0.description
            var forecast = DyadForecast(year: year, tiedBefore: before, observed: outcome?[row], predictors: values, missing: missing)
            if missing == nil {
                let (eta, error) = evaluate(model, values)
                forecast.logOdds = eta
                forecast.logOddsError = error
                forecast.probability = LogisticRegression.logistic(eta)
                forecast.lower = LogisticRegression.logistic(eta - z90 * error)
                forecast.upper = LogisticRegression.logistic(eta + z90 * error)
            }
            return forecast
        }
    }

    /// One row per year.
    public static func report(_ forecasts: [DyadForecast]) -> ReportTable {
        ReportTable(columns: ["year", "probability", "p05", "p95", "tie_in_force_before", "observed", "missing"],
                    rows: forecasts.map { forecast in
                        [.integer(Int64(forecast.year)), forecast.probability.map { .real($0) } ?? .null,
                         forecast.lower.map { .real($0) } ?? .null, forecast.upper.map { .real($0) } ?? .null,
                         .integer(forecast.tiedBefore ? 1 : 0), forecast.observed.map { .integer(Int64($0)) } ?? .null,
                         forecast.missing.map { .text($0) } ?? .null]
                    })
    }
}
