import EntenteCore
import Foundation

/// Out-of-sample validation of an alliance model: fit on the years up to an origin, forecast the years after,
/// and score the forecasts beside two baselines, on all dyad-years and on new ties only.
public struct ModelValidation: Sendable {
    /// Which dyad-years a score is computed on. Coded as its raw value (validation.json).
    public enum Population: String, Sendable, CaseIterable, Codable {
        /// Every test dyad-year with the predictors observed.
        case all = "all dyad-years"
        /// Test dyad-years without the tie the year before: the only ones where a forecast can be wrong about
        /// something new, since persistence already gets the others right.
        case newTies = "new ties only"
    }

    /// Who made the forecasts. Coded as its raw value (validation.json).
    public enum Forecaster: String, Sendable, CaseIterable, Codable {
        case model
        /// The training event rate, for every dyad-year.
        case baseRate = "base rate"
        /// The training event rate given whether the tie was in force the year before.
        case persistence
    }

    /// One forecaster's scores on one population.
    public struct Evaluation: Sendable {
        public var population: Population
        public var forecaster: Forecaster
        public var scores: ForecastScores
    }

    /// The result for one origin.
    public struct Split: Sendable {
        public var trainYears: ClosedRange<Int>
        public var testYears: ClosedRange<Int>
        public var trainRows: Int
        public var trainEvents: Int
        public var evaluations: [Evaluation]
        /// The model's forecasts on new ties, one per test dyad-year, for export.
        public var newTieForecasts: [ScoredForecast] = []

        /// The model's scores on new ties (the headline).
        public var headline: ForecastScores? {
            evaluations.first { $0.population == .newTies && $0.forecaster == .model }?.scores
        }
    }

    /// The design over all the specification's years, every dyad-year kept (at risk or not).
    public let design: ModelDesign

    /// Validation of `specification` on `panel` (the non-directed panel over its years).
    public init(specification: ModelSpecification, panel: DyadYearPanel) throws {
        design = try ModelDesign(panel: panel, specification: specification, atRiskOnly: false)
    }

    /// Fits on the years up to `origin` and scores the forecasts for `origin + 1` through `testThrough` (default:
    /// the specification's last year).
    public func split(trainThrough origin: Int, testThrough: Int? = nil) throws -> Split {
        let specification = design.specification
        let last = testThrough ?? specification.lastYear
        guard origin >= specification.firstYear, origin < last else {
            throw ModelError("the origin \(origin) must fall within \(specification.firstYear)-\(last - 1)")
        }
        let onset = specification.outcome.isOnset
        let train = design.rows { $0 <= origin }
        let fitted = onset ? train.subset { !train.tiedBefore[$0] } : train
        let fit: LogisticFit
        do { fit = try LogisticRegression.fit(fitted.regression, options: specification.options) } catch {
            throw ModelError("training on \(specification.firstYear)-\(origin): \(error)")
        }

        // Baselines learn from the same training years: the event rate of the rows the model was fitted on, and
        // the rate given the tie the year before over all training rows.
        let baseRate = Double(fitted.regression.events) / Double(fitted.regression.count)
        var tiedCounts = (events: 0.0, rows: 0.0), untiedCounts = (events: 0.0, rows: 0.0)
        for row in 0..<train.regression.count {
            if train.tiedBefore[row] {
                tiedCounts.rows += 1
                tiedCounts.events += train.regression.outcome[row]
            } else {
                untiedCounts.rows += 1
                untiedCounts.events += train.regression.outcome[row]
            }
        }
        let persistence = (tied: tiedCounts.rows > 0 ? tiedCounts.events / tiedCounts.rows : baseRate,
                           untied: untiedCounts.rows > 0 ? untiedCounts.events / untiedCounts.rows : baseRate)

        let test = design.rows { $0 > origin && $0 <= last }
        var evaluations: [Evaluation] = []
        var exported: [ScoredForecast] = []
        for population in Population.allCases {
            let rows = (0..<test.regression.count).filter { population == .all || !test.tiedBefore[$0] }
            let outcomes = rows.map { test.regression.outcome[$0] == 1 }
            for forecaster in Forecaster.allCases {
                let predictions = rows.map { row -> Double in
                    switch forecaster {
                    // An onset cannot happen where the tie already holds: the model's structural zero there.
                    case .model: onset && test.tiedBefore[row] ? 0 : fit.probability(test.predictors(row))
                    case .baseRate: baseRate
                    case .persistence: test.tiedBefore[row] ? persistence.tied : persistence.untied
                    }
                }
                evaluations.append(Evaluation(population: population, forecaster: forecaster,
                                              scores: ForecastScores(predictions: predictions, outcomes: outcomes)))
                if population == .newTies && forecaster == .model {
                    exported = zip(rows, predictions).map { row, p in
                        ScoredForecast(ccode1: Int(test.ccode1[row]), ccode2: Int(test.ccode2[row]), year: Int(test.year[row]), origin: nil,
                                       horizon: nil, outcome: test.regression.outcome[row] == 1, probability: p, reference: baseRate, members: [])
                    }
                }
            }
        }
        return Split(trainYears: specification.firstYear...origin, testYears: (origin + 1)...last,
                     trainRows: fitted.regression.count, trainEvents: fitted.regression.events, evaluations: evaluations,
                     newTieForecasts: exported)
    }

    /// Rolling origin: for each origin, fit on the years up to it and score the next `window` years.
    public func rolling(origins: [Int], window: Int) throws -> [Split] {
        try origins.map { try split(trainThrough: $0, testThrough: min($0 + window, design.specification.lastYear)) }
    }

    /// One row per origin, population and forecaster.
    public static func report(_ splits: [Split]) -> ReportTable {
        var rows: [[FieldValue]] = []
        func value(_ number: Double?) -> FieldValue { number.map { .real($0) } ?? .null }
        for split in splits {
            for evaluation in split.evaluations {
                let scores = evaluation.scores
                rows.append([.text("\(split.trainYears.lowerBound)-\(split.trainYears.upperBound)"),
                             .text("\(split.testYears.lowerBound)-\(split.testYears.upperBound)"),
                             .text(evaluation.population.rawValue), .text(evaluation.forecaster.rawValue),
                             .integer(Int64(scores.count)), .integer(Int64(scores.events)), value(scores.rocAUC),
                             value(scores.averagePrecision), value(scores.brierScore), value(scores.logScore)])
            }
        }
        return ReportTable(columns: ["train", "test", "population", "forecaster", "rows", "events", "roc_auc", "pr_auc",
                                     "brier", "log_score"], rows: rows)
    }

    /// The calibration table of one set of scores.
    public static func calibrationReport(_ scores: ForecastScores) -> ReportTable {
        ReportTable(columns: ["bin_lower", "bin_upper", "rows", "events", "mean_predicted", "observed_rate", "observed_lo95", "observed_hi95"],
                    rows: scores.calibration.map { bin in
                        [.real(bin.lower), .real(bin.upper), .integer(Int64(bin.count)), .integer(Int64(bin.events)),
                         .real(bin.meanPredicted), .real(bin.observedRate), .real(bin.interval.lowerBound), .real(bin.interval.upperBound)]
                    })
    }
}

extension ModelDesign {
    /// The rows for which `keep(row)` holds.
    func subset(_ keep: (Int) -> Bool) -> ModelDesign {
        var copy = self
        copy.select((0..<regression.count).filter(keep))
        return copy
    }
}
