import EntenteCore
import EntenteFormats
import Foundation

/// Out-of-sample validation of the snapshot's models, as `entente model validate` reports it, so that the
/// validation can be shown without imported data. Each run is one invocation of that command (`command`), and
/// its numbers are that command's on the data of `provenance.json`.
public struct SnapshotValidation: Sendable, Codable, Equatable {
    /// The runs, in the order `SnapshotBuilder.validationRuns` lists them.
    public var runs: [Run]

    /// One `entente model validate` invocation: a single origin, or rolling origins.
    public struct Run: Sendable, Codable, Equatable {
        /// The named specification (`ModelSpecification.named`): `default` or `historical`.
        public var specification: String
        /// The outcome, as `AllianceOutcome`'s raw value (`defense-onset`).
        public var outcome: String
        /// The command that prints these numbers, run from the repository root against the imported data.
        public var command: String
        /// One entry per origin, earliest first; empty when the run failed.
        public var splits: [Split]
        /// Why the run gave no scores (a fit that did not converge, a separated predictor), when it failed.
        public var failure: String?
    }

    /// One origin: fitted on `trainYears`, scored on `testYears`.
    public struct Split: Sendable, Codable, Equatable {
        /// The years fitted on, `[first, last]`.
        public var trainYears: [Int]
        /// The years forecast and scored, `[first, last]`.
        public var testYears: [Int]
        /// The rows the model was fitted on: for an onset, the training dyad-years at risk.
        public var trainRows: Int
        /// The events among `trainRows`.
        public var trainEvents: Int
        /// Each population with each forecaster, in `ModelValidation`'s order (all dyad-years first, the model
        /// first).
        public var evaluations: [Evaluation]

        /// The split as the snapshot records it.
        public init(_ split: ModelValidation.Split) {
            trainYears = [split.trainYears.lowerBound, split.trainYears.upperBound]
            testYears = [split.testYears.lowerBound, split.testYears.upperBound]
            trainRows = split.trainRows
            trainEvents = split.trainEvents
            evaluations = split.evaluations.map(Evaluation.init)
        }

        /// The scores of `forecaster` on `population`.
        public func scores(_ population: ModelValidation.Population, _ forecaster: ModelValidation.Forecaster) -> Evaluation? {
            evaluations.first { $0.population == population && $0.forecaster == forecaster }
        }
    }

    /// One forecaster's scores on one population of test dyad-years (`ForecastScores`).
    public struct Evaluation: Sendable, Codable, Equatable {
        /// Which test dyad-years were scored (`"all dyad-years"` or `"new ties only"` in the file).
        public var population: ModelValidation.Population
        /// Who forecast them (`"model"`, `"base rate"` or `"persistence"` in the file).
        public var forecaster: ModelValidation.Forecaster
        /// The test dyad-years scored.
        public var count: Int
        /// The test dyad-years with the event.
        public var events: Int
        /// The area under the ROC curve; nil unless both outcomes occur.
        public var rocAUC: Double?
        /// PR-AUC as average precision; nil when no event occurs.
        public var averagePrecision: Double?
        /// The mean squared error of the probabilities; nil for no test rows.
        public var brierScore: Double?
        /// Mean negative log-likelihood, predictions clipped as `ForecastScores.logScoreClip` says.
        public var logScore: Double?
        /// The calibration table (ten equal-count bins, fewer where predictions tie), lowest predictions first.
        public var calibration: [CalibrationBin]

        /// The scores as the core computes them, for charts and reports.
        public var forecastScores: ForecastScores {
            ForecastScores(count: count, events: events, rocAUC: rocAUC, averagePrecision: averagePrecision, brierScore: brierScore,
                           logScore: logScore, calibration: calibration.map {
                               EntenteCore.CalibrationBin(lower: $0.lower, upper: $0.upper, count: $0.count, events: $0.events,
                                                          meanPredicted: $0.meanPredicted, interval: $0.intervalLow...$0.intervalHigh)
                           })
        }

        /// The evaluation as the snapshot records it.
        public init(_ evaluation: ModelValidation.Evaluation) {
            let scores = evaluation.scores
            population = evaluation.population
            forecaster = evaluation.forecaster
            (count, events) = (scores.count, scores.events)
            (rocAUC, averagePrecision, brierScore, logScore) = (scores.rocAUC, scores.averagePrecision, scores.brierScore, scores.logScore)
            calibration = scores.calibration.map(CalibrationBin.init)
        }
    }

    /// One bin of a calibration table (`EntenteCore.CalibrationBin`), its interval as two numbers.
    public struct CalibrationBin: Sendable, Codable, Equatable {
        /// The bin's lower edge: it holds predictions in (lower, upper], the first bin also its lower edge.
        public var lower: Double
        /// The bin's upper edge.
        public var upper: Double
        /// Forecasts in the bin.
        public var count: Int
        /// Forecasts in the bin whose event happened.
        public var events: Int
        /// The mean predicted probability in the bin.
        public var meanPredicted: Double
        /// The lower end of the Wilson 95% interval of the observed rate, `events / count`.
        public var intervalLow: Double
        /// The upper end of that interval.
        public var intervalHigh: Double

        /// The bin as the snapshot records it.
        public init(_ bin: EntenteCore.CalibrationBin) {
            (lower, upper, count, events, meanPredicted) = (bin.lower, bin.upper, bin.count, bin.events, bin.meanPredicted)
            (intervalLow, intervalHigh) = (bin.interval.lowerBound, bin.interval.upperBound)
        }
    }
}
