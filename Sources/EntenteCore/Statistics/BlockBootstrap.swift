import Foundation

/// A score with its bootstrap interval.
public struct IntervalEstimate: Sendable, Hashable, Codable {
    public var estimate: Double
    /// The 5% and 95% points of the bootstrap replicates (a 90% interval); NaN when no replicate had a value.
    public var lower: Double
    public var upper: Double

    public init(estimate: Double, lower: Double, upper: Double) {
        (self.estimate, self.lower, self.upper) = (estimate, lower, upper)
    }
}

/// Forecast scores as skill against a reference forecast, with intervals from a moving-block bootstrap over
/// groups (years, or forecast origins): whole groups are resampled, in runs of `blockLength` consecutive groups,
/// so that forecasts made together — and outcome windows that overlap — stay together.
public struct SkillBootstrap: Sendable {
    /// What the bootstrap reports for a set of forecasts.
    public struct Skills: Sendable, Hashable, Codable {
        public var rocAUC: Double
        public var averagePrecision: Double
        public var brier: Double
        public var logScore: Double
        /// The reference's values, on the same rows.
        public var referenceRocAUC: Double
        public var referenceAveragePrecision: Double
        public var referenceBrier: Double
        public var referenceLogScore: Double
        /// 1 − score / reference score (log and Brier: higher is better, 0 is no better than the reference).
        public var brierSkill: Double { 1 - brier / referenceBrier }
        public var logSkill: Double { 1 - logScore / referenceLogScore }
        /// (score − reference) / (1 − reference): the share of the possible improvement in discrimination.
        public var rocSkill: Double { (rocAUC - referenceRocAUC) / (1 - referenceRocAUC) }
        public var precisionSkill: Double { (averagePrecision - referenceAveragePrecision) / (1 - referenceAveragePrecision) }
    }

    /// Forecasts, reference forecasts and outcomes, by group.
    public var groups: [(forecasts: [Double], reference: [Double], outcomes: [Bool])]

    public init(groups: [(forecasts: [Double], reference: [Double], outcomes: [Bool])]) {
        self.groups = groups
    }

    /// The skills on the groups `chosen` (with repetition), or nil when the outcomes are all one value.
    public func skills(_ chosen: [Int]) -> Skills? {
        var p: [Double] = [], q: [Double] = [], y: [Bool] = []
        for g in chosen {
            p += groups[g].forecasts
            q += groups[g].reference
            y += groups[g].outcomes
        }
        let model = ForecastScores(predictions: p, outcomes: y), reference = ForecastScores(predictions: q, outcomes: y)
        guard let auc = model.rocAUC, let ap = model.averagePrecision, let brier = model.brierScore, let log = model.logScore,
              let rAUC = reference.rocAUC, let rAP = reference.averagePrecision, let rBrier = reference.brierScore,
              let rLog = reference.logScore else { return nil }
        return Skills(rocAUC: auc, averagePrecision: ap, brier: brier, logScore: log, referenceRocAUC: rAUC,
                      referenceAveragePrecision: rAP, referenceBrier: rBrier, referenceLogScore: rLog)
    }

    /// Group indices for one moving-block replicate: ⌈G / L⌉ blocks of L consecutive groups, each starting at a
    /// uniformly drawn group (blocks running past the end are cut there), trimmed to G groups.
    public static func movingBlocks(groupCount: Int, blockLength: Int, using generator: inout SeededGenerator) -> [Int] {
        precondition(groupCount > 0 && blockLength > 0)
        let length = min(blockLength, groupCount)
        var chosen: [Int] = []
        while chosen.count < groupCount {
            let start = Int(generator.next() % UInt64(groupCount - length + 1))
            chosen += start..<(start + length)
        }
        return Array(chosen.prefix(groupCount))
    }

    /// The point skills on all groups and 90% intervals from `replicates` moving-block replicates, seeded.
    public func estimate(blockLength: Int, replicates: Int = 500, seed: UInt64 = 2_026)
        -> (point: Skills, intervals: [String: IntervalEstimate])? {
        guard let point = skills(Array(groups.indices)) else { return nil }
        var generator = SeededGenerator(seed: seed)
        var draws: [String: [Double]] = [:]
        for _ in 0..<replicates {
            let chosen = Self.movingBlocks(groupCount: groups.count, blockLength: blockLength, using: &generator)
            guard let s = skills(chosen) else { continue }
            for (name, value) in Self.named(s) where value.isFinite { draws[name, default: []].append(value) }
        }
        var intervals: [String: IntervalEstimate] = [:]
        for (name, value) in Self.named(point) {
            let values = draws[name] ?? []
            intervals[name] = IntervalEstimate(estimate: value, lower: Statistics.quantile(values, 0.05) ?? .nan,
                                               upper: Statistics.quantile(values, 0.95) ?? .nan)
        }
        return (point, intervals)
    }

    /// The reported quantities by name.
    public static func named(_ s: Skills) -> [(String, Double)] {
        [("roc_auc", s.rocAUC), ("pr_auc", s.averagePrecision), ("brier", s.brier), ("log_score", s.logScore),
         ("roc_skill", s.rocSkill), ("pr_skill", s.precisionSkill), ("brier_skill", s.brierSkill), ("log_skill", s.logSkill)]
    }
}

/// Calibration of probability forecasts as a logistic regression of the outcome on the forecast's log-odds:
/// slope 1 and intercept 0 for calibrated forecasts; a slope below 1 means too extreme, above 1 too timid.
public struct CalibrationLine: Sendable, Hashable, Codable {
    public var intercept: Double
    public var slope: Double

    /// The fit on `predictions` (clipped to [1e-12, 1 − 1e-12] before the logit), or nil when it cannot be fitted.
    public init?(predictions: [Double], outcomes: [Bool]) {
        let logits = predictions.map { p -> Double in
            let q = min(max(p, 1e-12), 1 - 1e-12)
            return log(q / (1 - q))
        }
        let design = RegressionDesign(predictors: ["logit"], outcome: outcomes.map { $0 ? 1 : 0 }, values: logits)
        guard let fit = try? LogisticRegression.fit(design) else { return nil }
        intercept = fit.coefficients[0]
        slope = fit.coefficients[1]
    }
}
