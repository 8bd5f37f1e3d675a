import EntenteCore
import Foundation

/// A backtest's record in a form that ships (the snapshot's backtest.json) and that a briefing can quote: each
/// horizon's skills with their intervals and calibration line, and each origin's own scores, which any later
/// backtest over some of the same origins must reproduce.
public struct BacktestSummary: Sendable, Codable, Equatable {
    /// A horizon pooled over every origin.
    public struct Horizon: Sendable, Codable, Equatable {
        public var horizon: Int
        public var origins: Int
        public var pairs: Int
        public var events: Int
        public var skills: SkillBootstrap.Skills
        /// 90% intervals by score name (as `Backtest.results`), from the moving-block bootstrap over origins.
        public var intervals: [String: IntervalEstimate]
        public var calibration: CalibrationLine?
    }

    /// One origin at one horizon: what was forecast and how it scored, against the training base rate.
    public struct OriginScore: Sendable, Codable, Equatable {
        public var origin: Int
        public var horizon: Int
        public var pairs: Int
        public var events: Int
        /// Mean Brier and log scores of the ensemble and of the compounded base rate.
        public var brier: Double
        public var logScore: Double
        public var referenceBrier: Double
        public var referenceLogScore: Double
    }

    /// The command that reproduces it.
    public var command: String
    public var firstOrigin: Int
    public var lastOrigin: Int
    public var replicates: Int
    public var horizons: [Horizon]
    public var origins: [OriginScore]

    /// The summary of `backtest`, scored with `replicates` bootstrap replicates.
    public init(_ backtest: Backtest, replicates: Int, command: String) {
        self.command = command
        firstOrigin = backtest.origins.map(\.year).min() ?? 0
        lastOrigin = backtest.origins.map(\.year).max() ?? 0
        self.replicates = replicates
        horizons = backtest.results(replicates: replicates).map { result in
            Horizon(horizon: result.horizon, origins: result.origins, pairs: result.pairs, events: result.events,
                    skills: result.point, intervals: result.intervals, calibration: result.calibration)
        }
        origins = backtest.horizons.flatMap { h in
            (backtest.forecasts[h] ?? []).compactMap { group -> OriginScore? in
                guard let origin = group.first?.origin, !group.isEmpty else { return nil }
                let outcomes = group.map(\.outcome)
                let scores = ForecastScores(predictions: group.map(\.probability), outcomes: outcomes)
                let reference = ForecastScores(predictions: group.map(\.reference), outcomes: outcomes)
                return OriginScore(origin: origin, horizon: h, pairs: group.count, events: outcomes.filter { $0 }.count,
                                   brier: scores.brierScore ?? .nan, logScore: scores.logScore ?? .nan,
                                   referenceBrier: reference.brierScore ?? .nan, referenceLogScore: reference.logScore ?? .nan)
            }
        }.sorted { ($0.horizon, $0.origin) < ($1.horizon, $1.origin) }
    }

    /// The pooled record at `horizon`, if it was scored.
    public func horizon(_ horizon: Int) -> Horizon? { horizons.first { $0.horizon == horizon } }

    /// A score an origin is judged by against the base rate.
    public enum Score: Sendable {
        case log
        case brier
    }

    /// Origins (at `horizon`) where the ensemble scored worse than the base rate on `score`.
    public func misses(at horizon: Int, by score: Score) -> [OriginScore] {
        origins.filter { origin in
            guard origin.horizon == horizon else { return false }
            switch score {
            case .log: return origin.logScore > origin.referenceLogScore
            case .brier: return origin.brier > origin.referenceBrier
            }
        }
    }
}
