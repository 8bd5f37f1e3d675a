import EntenteCore
import Foundation

/// The ensemble's forecast for one pair from an origin: the pooled probability of a pact within each year of the
/// horizon with its interval, and every member's own figure, weight and reasons.
///
/// The interval pools coefficient draws across members: member m contributes round(wₘ · draws) draws from
/// N(β̂ₘ, Vₘ) (its dyad-clustered covariance), each a full path of yearly hazards compounded into cumulative
/// probabilities; the 5% and 95% points of the pooled paths carry both each member's uncertainty and the spread
/// between members. Recalibrations are held at their inner-validation values.
public struct EnsembleForecast: Sendable {
    public struct MemberLine: Sendable {
        public var name: String
        public var summary: String
        public var weight: Double
        public var configuration: MemberConfiguration
        /// Cumulative probability within 1…horizon years, with the member's own 90% interval.
        public var cumulative: [Double]
        public var lower: [Double]
        public var upper: [Double]
        /// The first year's log-odds against the training mean, by design column, largest in size first.
        public var contributions: [(name: String, logOdds: Double)]
        /// The log-odds and the recalibrated probability of the first year.
        public var logOdds: Double
    }

    public var ccode1: Int
    public var ccode2: Int
    public var origin: Int
    public var alreadyAllied: Bool
    public var cumulative: [Double]
    public var median: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var members: [MemberLine]
    /// Terms read from an older year than the origin (carried forward), with the year they come from.
    public var carried: [String]

    /// The forecast for `a`–`b` from `origin` (a year the source has a row for the pair in).
    public init(model: EnsembleModel, source: PredictorSource, _ a: Int, _ b: Int, origin: Int, horizon: Int = 10,
                draws: Int = 2_000, seed: UInt64 = 2_026) throws {
        let (low, high) = a < b ? (a, b) : (b, a)
        guard let row = (0..<source.count).first(where: { Int(source.ccode1[$0]) == low && Int(source.ccode2[$0]) == high && Int(source.year[$0]) == origin }) else {
            throw ModelError("no panel row for \(low)–\(high) in \(origin): both must be states in the system then")
        }
        ccode1 = low
        ccode2 = high
        self.origin = origin
        let allied = source.inForce[row]
        alreadyAllied = allied
        let table = ReadingTable(source: source, originRows: [row], ahead: 1)
        let readings = source.readings(fromOrigin: row)
        let read = model.usedTermIndices.sorted().map { (source.terms[$0], readings[$0]) }
        carried = read.compactMap { term, reading in
            reading.age > 0 && !reading.value.isNaN ? "\(term) (\(origin + 1 - term.lag - reading.age))" : nil
        } + read.compactMap { term, reading in
            reading.value.isNaN ? "\(term) (missing: training median)" : nil
        }

        var pooledPaths: [[Double]] = []
        var lines: [MemberLine] = []
        for (m, member) in model.members.enumerated() {
            let fit = member.fit
            let path = fit.designPath(table: table, row: 0, source: source, horizon: horizon)
            let point = cumulativeProbabilities(fit.hazards(path, beta: fit.fit.coefficients))
            let betas = fit.fit.coefficientDraws(count: draws, seed: seed &+ UInt64(m))
            let paths = betas.map { cumulativeProbabilities(fit.hazards(path, beta: $0)) }
            pooledPaths += paths.prefix(Int((member.weight * Double(draws)).rounded()))
            let eta = fit.logOdds(table: table, row: 0)
            lines.append(MemberLine(
                name: member.name, summary: member.summary, weight: member.weight, configuration: fit.configuration,
                cumulative: allied ? point.map { _ in 0 } : point,
                lower: (0..<horizon).map { t in allied ? 0 : Statistics.quantile(paths.map { $0[t] }, 0.05) ?? point[t] },
                upper: (0..<horizon).map { t in allied ? 0 : Statistics.quantile(paths.map { $0[t] }, 0.95) ?? point[t] },
                contributions: fit.contributions(table: table, row: 0).sorted { abs($0.logOdds) > abs($1.logOdds) },
                logOdds: eta))
        }
        members = lines
        let pooled = (0..<horizon).map { t in zip(model.members, lines).reduce(0) { $0 + $1.0.weight * $1.1.cumulative[t] } }
        cumulative = pooled
        median = (0..<horizon).map { t in allied ? 0 : Statistics.quantile(pooledPaths.map { $0[t] }, 0.5) ?? pooled[t] }
        lower = (0..<horizon).map { t in allied ? 0 : Statistics.quantile(pooledPaths.map { $0[t] }, 0.05) ?? pooled[t] }
        upper = (0..<horizon).map { t in allied ? 0 : Statistics.quantile(pooledPaths.map { $0[t] }, 0.95) ?? pooled[t] }
    }

    /// Rows for the horizons asked: the pool and each member, with intervals and weights.
    public func table(horizons: [Int]) -> ReportTable {
        var rows: [[FieldValue]] = []
        for h in horizons where h >= 1 && h <= cumulative.count {
            rows.append([.text("ensemble"), .integer(Int64(h)), .real(1), .real(cumulative[h - 1]), .real(lower[h - 1]), .real(upper[h - 1]), .text("")])
            for member in members {
                rows.append([.text(member.name), .integer(Int64(h)), .real(member.weight), .real(member.cumulative[h - 1]),
                             .real(member.lower[h - 1]), .real(member.upper[h - 1]), .text(member.configuration.description)])
            }
        }
        return ReportTable(columns: ["forecaster", "within_years", "weight", "probability", "p05", "p95", "configuration"], rows: rows)
    }

    /// Each member's largest contributions to the first year's log-odds, one row each: why members differ.
    public func reasons(top: Int = 5) -> ReportTable {
        ReportTable(columns: ["member", "member_log_odds", "term", "contribution"], rows: members.flatMap { member in
            member.contributions.prefix(top).map { [.text(member.name), .real(member.logOdds), .text($0.name), .real($0.logOdds)] }
        })
    }
}
