import EntenteCore
import Foundation

/// One scored forecast: a pair, the year (the first year the forecast covers), what happened and what was said.
public struct ScoredForecast: Sendable, Hashable {
    public var ccode1: Int
    public var ccode2: Int
    /// The year forecast (fixed splits), or the first year of the window (backtests: origin + 1).
    public var year: Int
    /// The origin and horizon of a backtest forecast (nil for a fixed split's yearly forecasts).
    public var origin: Int?
    public var horizon: Int?
    public var outcome: Bool
    /// The ensemble's (or the scored member's) probability.
    public var probability: Double
    /// The training base rate's forecast for the same window: 1 − (1 − b)^horizon.
    public var reference: Double
    /// Each member's probability, in the model's member order.
    public var members: [Double]
}

/// A fixed split scored on new ties: the ensemble trained on the years up to an origin (every choice made inside
/// them), its yearly forecasts for the years after (each from the covariates of the year before), beside each
/// member and the training base rate.
public struct EnsembleSplit: Sendable {
    public var model: EnsembleModel
    public var testYears: ClosedRange<Int>
    public var forecasts: [ScoredForecast]

    /// Trains through `trainThrough` and scores every dyad-year at risk in the years after, to `testThrough`.
    public init(trainer: EnsembleTrainer, trainThrough: Int, testThrough: Int? = nil) throws {
        let last = testThrough ?? trainer.source.lastYear
        guard trainThrough < last else { throw ModelError("the origin \(trainThrough) leaves no test years before \(last)") }
        let model = try trainer.train(through: trainThrough)
        self.model = model
        testYears = (trainThrough + 1)...last
        let table = trainer.table, source = trainer.source, base = model.baseRate
        forecasts = table.indices(in: (trainThrough + 1)...last).map { row in
            let (pooled, each) = model.probabilities(table: table, row: row)
            let panelRow = table.rows[row]
            return ScoredForecast(ccode1: Int(source.ccode1[panelRow]), ccode2: Int(source.ccode2[panelRow]), year: Int(table.years[row]),
                                  origin: nil, horizon: nil, outcome: table.outcomes[row], probability: pooled, reference: base, members: each)
        }
    }

    /// Scores of the pool, each member and the base rate.
    public var scores: [(forecaster: String, scores: ForecastScores)] {
        let outcomes = forecasts.map(\.outcome)
        return [("ensemble", ForecastScores(predictions: forecasts.map(\.probability), outcomes: outcomes))]
            + model.members.indices.map { m in
                ("member \(model.members[m].name)", ForecastScores(predictions: forecasts.map { $0.members[m] }, outcomes: outcomes))
            }
            + [("base rate \(model.firstYear)-\(model.trainThrough)", ForecastScores(predictions: forecasts.map(\.reference), outcomes: outcomes))]
    }
}

/// The backtest of what the briefing prints: at each origin the ensemble is trained on the years up to it, every
/// pair without a pact then is forecast 1…h years ahead exactly as the briefing does (covariates held at the
/// origin, the clock moving on), and the cumulative probabilities are scored against an onset within h years.
public struct Backtest: Sendable {
    /// One origin's trained model, in brief.
    public struct Origin: Sendable {
        public var year: Int
        public var pairs: Int
        public var baseRate: Double
        public var weights: [(member: String, weight: Double)]
        public var configurations: [(member: String, configuration: MemberConfiguration)]
        /// What the inner blocks changed in each member's terms (`TermScreening.summary`), for screened members.
        public var screenings: [(member: String, summary: String)]
    }

    public var origins: [Origin]
    public var horizons: [Int]
    /// Forecasts by horizon, then origin.
    public var forecasts: [Int: [[ScoredForecast]]]
    public var memberNames: [String]

    /// Runs the backtest over `origins` for `horizons` (each origin scored only at horizons whose window ends by
    /// the panel's last year).
    public init(trainer: EnsembleTrainer, origins: [Int], horizons: [Int], progress: (String) -> Void = { _ in }) throws {
        guard let longest = horizons.max(), horizons.allSatisfy({ $0 >= 1 }) else { throw ModelError("horizons must be 1 or more years") }
        let source = trainer.source, last = source.lastYear
        self.horizons = horizons.sorted()
        self.origins = []
        forecasts = Dictionary(uniqueKeysWithValues: horizons.map { ($0, [[ScoredForecast]]()) })
        memberNames = trainer.members.map(\.name)
        for (index, origin) in origins.enumerated() {
            guard origin < last else { throw ModelError("the origin \(origin) leaves nothing to score before \(last)") }
            progress("origin \(origin) (\(index + 1) of \(origins.count)): training on the years up to \(origin)")
            let model = try trainer.train(through: origin)
            let rows = source.originRows(origin)
            let table = ReadingTable(source: source, originRows: rows, ahead: 1)
            let reach = min(longest, last - origin)
            var byHorizon = Dictionary(uniqueKeysWithValues: horizons.map { ($0, [ScoredForecast]()) })
            for (row, panelRow) in rows.enumerated() {
                let (pooled, each) = model.cumulative(table: table, row: row, source: source, horizon: reach)
                for h in horizons where h <= reach {
                    byHorizon[h]!.append(ScoredForecast(
                        ccode1: Int(source.ccode1[panelRow]), ccode2: Int(source.ccode2[panelRow]), year: origin + 1, origin: origin,
                        horizon: h, outcome: source.onsetWithin(h, after: panelRow), probability: pooled[h - 1],
                        reference: 1 - pow(1 - model.baseRate, Double(h)), members: each.map { $0[h - 1] }))
                }
            }
            for (h, scored) in byHorizon where !scored.isEmpty { forecasts[h]!.append(scored) }
            self.origins.append(Origin(year: origin, pairs: rows.count, baseRate: model.baseRate,
                                       weights: model.members.map { ($0.name, $0.weight) },
                                       configurations: model.members.map { ($0.name, $0.fit.configuration) },
                                       screenings: model.members.compactMap { member in member.screening.map { (member.name, $0.summary) } }))
        }
    }

    /// A horizon's results: skills against the training base rate with intervals from resampling origins.
    public struct HorizonResult: Sendable {
        public var horizon: Int
        public var origins: Int
        public var pairs: Int
        public var events: Int
        public var point: SkillBootstrap.Skills
        public var intervals: [String: IntervalEstimate]
        public var calibration: CalibrationLine?
        public var scores: ForecastScores
    }

    /// Each horizon scored, with `replicates` moving-block bootstrap replicates over origins, in blocks of
    /// min(horizon, 5) consecutive origins (forecasts whose outcome windows overlap are resampled together).
    public func results(replicates: Int = 500, seed: UInt64 = 2_026) -> [HorizonResult] {
        horizons.compactMap { h in
            let groups = forecasts[h] ?? []
            guard !groups.isEmpty else { return nil }
            let bootstrap = SkillBootstrap(groups: groups.map { group in
                (group.map(\.probability), group.map(\.reference), group.map(\.outcome))
            })
            guard let (point, intervals) = bootstrap.estimate(blockLength: min(h, 5), replicates: replicates, seed: seed) else { return nil }
            let all = groups.joined()
            let p = all.map(\.probability), y = all.map(\.outcome)
            return HorizonResult(horizon: h, origins: groups.count, pairs: all.count, events: y.filter { $0 }.count, point: point,
                                 intervals: intervals, calibration: CalibrationLine(predictions: p, outcomes: y),
                                 scores: ForecastScores(predictions: p, outcomes: y))
        }
    }
}
