import Foundation
import Testing
@testable import EntenteCore

/// A design from a 2×2 table: `counts[x][y]` rows with predictor x and outcome y.
private func table(_ counts: [[Int]]) -> RegressionDesign {
    var outcome: [Double] = [], values: [Double] = []
    for x in 0...1 {
        for y in 0...1 {
            outcome += Array(repeating: Double(y), count: counts[x][y])
            values += Array(repeating: Double(x), count: counts[x][y])
        }
    }
    return RegressionDesign(predictors: ["x"], outcome: outcome, values: values)
}

@Suite struct LogisticRegressionTests {
    /// With one binary predictor the maximum-likelihood estimate has a closed form: the intercept is the log odds
    /// where x = 0, the slope the log odds ratio, its standard error √(1/a + 1/b + 1/c + 1/d).
    @Test func twoByTwoTableMatchesTheClosedForm() throws {
        let counts = [[90, 10], [60, 40]]
        let fit = try LogisticRegression.fit(table(counts))
        #expect(abs(fit.coefficients[0] - log(10.0 / 90)) < 1e-12)
        #expect(abs(fit.coefficients[1] - log((40.0 / 60) / (10.0 / 90))) < 1e-12)
        let se = (1 / 90.0 + 1 / 10.0 + 1 / 60.0 + 1 / 40.0).squareRoot()
        #expect(abs(fit.standardErrors[1] - se) < 1e-10)
        // ln L = Σ counts × ln(cell probability).
        let logLikelihood = 90 * log(0.9) + 10 * log(0.1) + 60 * log(0.6) + 40 * log(0.4)
        #expect(abs(fit.logLikelihood - logLikelihood) < 1e-9)
        #expect(abs(fit.nullLogLikelihood - (150 * log(0.75) + 50 * log(0.25))) < 1e-9)
        #expect(abs(fit.aic - (-2 * logLikelihood + 4)) < 1e-8)
        #expect(abs(fit.bic - (-2 * logLikelihood + 2 * log(200))) < 1e-8)
        #expect(abs(fit.oddsRatios[1] - 6) < 1e-10)
        let interval = fit.confidenceIntervals()[1]
        #expect(abs(interval.lower - (log(6) - 1.959963984540054 * se)) < 1e-9)
        #expect(fit.covarianceKind == .model)
    }

    /// A design far larger than the two-thread threshold gives the same answer as the closed form.
    @Test func largeDesignSplitAcrossThreads() throws {
        let counts = [[40_000, 100], [9_000, 60]]
        let fit = try LogisticRegression.fit(table(counts))
        #expect(abs(fit.coefficients[1] - log((60.0 / 9_000) / (100.0 / 40_000))) < 1e-10)
        #expect(abs(fit.standardErrors[1] - (1 / 40_000.0 + 1 / 100.0 + 1 / 9_000.0 + 1 / 60.0).squareRoot()) < 1e-10)
    }

    /// Rescaling a predictor rescales its coefficient and nothing else (the internal standardisation is undone).
    @Test func scalingAPredictorRescalesItsCoefficient() throws {
        var generator = SeededGenerator(seed: 7)
        var outcome: [Double] = [], values: [Double] = [], scaled: [Double] = []
        for _ in 0..<2_000 {
            let a = Double.random(in: 0...10, using: &generator), b = Double.random(in: -1...1, using: &generator)
            let p = LogisticRegression.logistic(-2 + 0.3 * a - 0.8 * b)
            outcome.append(Double.random(in: 0...1, using: &generator) < p ? 1 : 0)
            values += [a, b]
            scaled += [a * 1_000, b]
        }
        let fit = try LogisticRegression.fit(RegressionDesign(predictors: ["a", "b"], outcome: outcome, values: values))
        let big = try LogisticRegression.fit(RegressionDesign(predictors: ["a", "b"], outcome: outcome, values: scaled))
        #expect(abs(fit.coefficients[1] - big.coefficients[1] * 1_000) < 1e-9)
        #expect(abs(fit.standardErrors[1] - big.standardErrors[1] * 1_000) < 1e-9)
        #expect(abs(fit.logLikelihood - big.logLikelihood) < 1e-8)
        // The score at the estimate is zero: Σ (y − p) x = 0 for every column.
        var score = [0.0, 0.0, 0.0]
        for row in 0..<outcome.count {
            let residual = outcome[row] - fit.probability([values[2 * row], values[2 * row + 1]])
            score[0] += residual
            score[1] += residual * values[2 * row]
            score[2] += residual * values[2 * row + 1]
        }
        #expect(score.allSatisfy { abs($0) < 1e-8 })
    }

    /// With every row its own cluster, the cluster-robust covariance is the heteroskedasticity-robust sandwich
    /// (X'WX)⁻¹ Σ (y−p)² x x' (X'WX)⁻¹ times n/(n−k); for one binary predictor it is computable by hand per cell.
    @Test func singletonClustersGiveTheRobustSandwich() throws {
        let counts = [[90, 10], [60, 40]]
        var design = table(counts)
        design.clusters = (0..<design.count).map { Int64($0) }
        let fit = try LogisticRegression.fit(design)
        #expect(fit.covarianceKind == .clusterRobust)
        #expect(fit.clusters == 200)
        // In a saturated model the sandwich equals the model covariance cell by cell, so only the factor differs.
        let model = try LogisticRegression.fit(table(counts))
        let factor = 200.0 / 199 * 199 / 198
        for index in 0..<4 { #expect(abs(fit.covariance[index] - model.covariance[index] * factor) < 1e-10) }
    }

    /// King & Zeng's correction (their eq. 11). In a saturated 2×2 design it acts cell by cell: each cell's log
    /// odds moves by −ξ = −(p − ½)/(n p (1 − p)), so the intercept moves by −ξ₀ and the slope by −(ξ₁ − ξ₀);
    /// the covariance shrinks by (n/(n+k))².
    @Test func rareEventsCorrection() throws {
        let counts = [[2_000, 8], [500, 6]]
        let plain = try LogisticRegression.fit(table(counts))
        let corrected = try LogisticRegression.fit(table(counts), options: LogisticOptions(rareEventsCorrection: true))
        func bias(_ events: Double, _ rows: Double) -> Double {
            let p = events / rows
            return (p - 0.5) / (rows * p * (1 - p))
        }
        let xi0 = bias(8, 2_008), xi1 = bias(6, 506)
        #expect(abs(corrected.coefficients[0] - (plain.coefficients[0] - xi0)) < 1e-10)
        #expect(abs(corrected.coefficients[1] - (plain.coefficients[1] - (xi1 - xi0))) < 1e-10)
        let shrink = (2_514.0 / 2_516) * (2_514.0 / 2_516)
        #expect(abs(corrected.covariance[3] - plain.covariance[3] * shrink) < 1e-12)
    }

    /// An L2 penalty pulls the slope towards zero and keeps a separated design finite.
    @Test func penaltyShrinksAndTamesSeparation() throws {
        let plain = try LogisticRegression.fit(table([[90, 10], [60, 40]]))
        let penalised = try LogisticRegression.fit(table([[90, 10], [60, 40]]), options: LogisticOptions(l2Penalty: 10))
        #expect(abs(penalised.coefficients[1]) < abs(plain.coefficients[1]))
        // At the penalised optimum the score equals the penalty's gradient: Σ (y − p) x = λ β.
        var score = 0.0
        let design = table([[90, 10], [60, 40]])
        for row in 0..<design.count {
            score += (design.outcome[row] - penalised.probability([design.values[row]])) * design.values[row]
        }
        #expect(abs(score - 10 * penalised.coefficients[1]) < 1e-8)
        let separated = try LogisticRegression.fit(table([[50, 10], [0, 20]]), options: LogisticOptions(l2Penalty: 1))
        #expect(separated.coefficients.allSatisfy { $0.isFinite })
    }

    @Test func separationIsDiagnosed() {
        // Quasi-complete: no row with x = 1 lacks the event.
        #expect(throws: LogisticDiagnostic.separation(["x"])) { try LogisticRegression.fit(table([[50, 10], [0, 20]])) }
        // Complete: a threshold on a continuous predictor splits the outcome exactly.
        let values = (0..<40).map(Double.init)
        let outcome = values.map { $0 >= 20 ? 1.0 : 0.0 }
        #expect(throws: LogisticDiagnostic.separation(["t"])) {
            try LogisticRegression.fit(RegressionDesign(predictors: ["t"], outcome: outcome, values: values))
        }
    }

    @Test func collinearColumnsAreNamed() {
        var generator = SeededGenerator(seed: 3)
        var outcome: [Double] = [], values: [Double] = []
        for _ in 0..<300 {
            let a = Double.random(in: 0...1, using: &generator), b = Double.random(in: 0...1, using: &generator)
            outcome.append(Double.random(in: 0...1, using: &generator) < 0.3 ? 1 : 0)
            values += [a, b, 2 * a - b + 5, 4]
        }
        let design = RegressionDesign(predictors: ["a", "b", "combo", "constant"], outcome: outcome, values: values)
        #expect(throws: LogisticDiagnostic.collinear(["combo", "constant"])) { try LogisticRegression.fit(design) }
    }

    @Test func degenerateOutcomes() {
        #expect(throws: LogisticDiagnostic.constantOutcome(0)) { try LogisticRegression.fit(table([[10, 0], [10, 0]])) }
        #expect(throws: LogisticDiagnostic.tooFewEvents(events: 3, nonEvents: 100, minimum: 5)) {
            try LogisticRegression.fit(table([[50, 2], [50, 1]]))
        }
        #expect(throws: LogisticDiagnostic.empty) {
            try LogisticRegression.fit(RegressionDesign(predictors: ["x"], outcome: [], values: []))
        }
        let design = RegressionDesign(predictors: ["x"], outcome: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
                                      values: [1, 2, 3, .nan, 5, 6, 7, 8, 9, 10, 11, 12])
        #expect(throws: LogisticDiagnostic.nonFinite(predictor: "x", row: 3)) { try LogisticRegression.fit(design) }
        // Every diagnostic reads as a sentence that says what to do.
        #expect(LogisticDiagnostic.separation(["x"]).description.contains("L2 penalty"))
    }
}
