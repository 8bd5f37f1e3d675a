import Foundation

/// The rows a binary-outcome regression is fitted on: the outcome, the predictors (row-major, without the
/// intercept), and optionally a cluster per row for cluster-robust standard errors.
public struct RegressionDesign: Sendable {
    /// Predictor names, in column order.
    public var predictors: [String]
    /// The 0/1 outcome of each row.
    public var outcome: [Double]
    /// `count × predictors.count` values, row after row.
    public var values: [Double]
    /// The cluster of each row (a dyad), or nil for model-based standard errors.
    public var clusters: [Int64]?

    /// A design; `values` holds the predictors row after row.
    public init(predictors: [String], outcome: [Double], values: [Double], clusters: [Int64]? = nil) {
        precondition(values.count == outcome.count * predictors.count, "values must be rows × predictors")
        precondition(clusters == nil || clusters!.count == outcome.count, "one cluster per row")
        self.predictors = predictors
        self.outcome = outcome
        self.values = values
        self.clusters = clusters
    }

    /// The number of rows.
    public var count: Int { outcome.count }

    /// The number of rows whose outcome is 1.
    public var events: Int { outcome.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }
}

/// How a logistic regression is fitted.
public struct LogisticOptions: Sendable, Codable, Hashable {
    /// The L2 penalty λ: the fit maximises log-likelihood − λ/2 · Σ β_j² over the predictors (never the
    /// intercept), as scikit-learn does with C = 1/λ. Zero is the plain maximum-likelihood fit.
    public var l2Penalty: Double
    /// Apply King & Zeng's (2001) small-sample correction of the coefficients and the covariance, for rare
    /// events such as alliance onsets.
    public var rareEventsCorrection: Bool
    /// Fewer events than this (or non-events) is refused: a fit on a handful of onsets says nothing.
    public var minimumEvents: Int
    /// Newton steps before giving up.
    public var maxIterations: Int

    /// Options; the defaults are an unpenalised maximum-likelihood fit.
    public init(l2Penalty: Double = 0, rareEventsCorrection: Bool = false, minimumEvents: Int = 5,
                maxIterations: Int = 60) {
        self.l2Penalty = l2Penalty
        self.rareEventsCorrection = rareEventsCorrection
        self.minimumEvents = minimumEvents
        self.maxIterations = maxIterations
    }
}

/// Why a design cannot be fitted. Each case says what to do about it; a fit never returns NaN.
public enum LogisticDiagnostic: Error, Equatable, CustomStringConvertible {
    /// No rows.
    case empty
    /// Every outcome is the same value.
    case constantOutcome(Double)
    /// Too few events (or non-events) for the number asked.
    case tooFewEvents(events: Int, nonEvents: Int, minimum: Int)
    /// A value is infinite or NaN.
    case nonFinite(predictor: String, row: Int)
    /// The columns are linearly dependent: each named column is a combination of the intercept and the columns
    /// before it.
    case collinear([String])
    /// The outcome is perfectly (or quasi-perfectly) predicted: the named columns' coefficients run off to
    /// infinity.
    case separation([String])
    /// Newton's method did not settle.
    case notConverged(iterations: Int)

    public var description: String {
        switch self {
        case .empty:
            return "no rows to fit (every row had a missing value, or the selection is empty)"
        case .constantOutcome(let value):
            return "the outcome is \(value == 1 ? 1 : 0) in every row: nothing to explain"
        case .tooFewEvents(let events, let nonEvents, let minimum):
            return "too few events to fit: \(events) events and \(nonEvents) non-events (at least \(minimum) of each needed)"
        case .nonFinite(let predictor, let row):
            return "predictor \(predictor) is not a finite number in row \(row + 1)"
        case .collinear(let columns):
            return "collinear predictors: \(columns.joined(separator: ", ")) "
                + (columns.count == 1 ? "is" : "are") + " a linear combination of the intercept and earlier columns; drop "
                + (columns.count == 1 ? "it" : "them")
        case .separation(let columns):
            return "perfect separation: \(columns.joined(separator: ", ")) predict the outcome (quasi-)perfectly, so "
                + "maximum likelihood has no finite estimate; drop the column, merge categories, or add an L2 penalty"
        case .notConverged(let iterations):
            return "the fit did not converge in \(iterations) Newton steps"
        }
    }
}

/// A fitted logistic regression. The first coefficient is the intercept.
public struct LogisticFit: Sendable, Codable, Equatable {
    /// "(Intercept)" followed by the predictor names.
    public var names: [String]
    public var coefficients: [Double]
    /// The covariance of the coefficients the standard errors come from: cluster-robust when clusters were
    /// given, else the inverse information; row-major, names × names.
    public var covariance: [Double]
    /// Which covariance `covariance` is.
    public var covarianceKind: CovarianceKind
    public var logLikelihood: Double
    /// The log-likelihood of the intercept-only model on the same rows.
    public var nullLogLikelihood: Double
    public var observations: Int
    public var events: Int
    /// Distinct clusters, when cluster-robust.
    public var clusters: Int?
    public var iterations: Int
    public var options: LogisticOptions

    /// Where the covariance comes from.
    public enum CovarianceKind: String, Sendable, Codable {
        /// The inverse of the (penalised) information matrix.
        case model
        /// The sandwich estimator summed over clusters, with the small-sample factor G/(G−1)·(N−1)/(N−K).
        case clusterRobust = "cluster-robust"
    }

    /// The number of coefficients, the intercept included.
    public var parameterCount: Int { names.count }

    /// Standard errors: the square roots of the covariance's diagonal.
    public var standardErrors: [Double] {
        (0..<parameterCount).map { covariance[$0 * parameterCount + $0].squareRoot() }
    }

    /// Wald z statistics.
    public var zValues: [Double] { zip(coefficients, standardErrors).map { $0 / $1 } }

    /// Two-sided p-values from the normal distribution.
    public var pValues: [Double] { zValues.map { erfc(abs($0) / 2.0.squareRoot()) } }

    /// exp(β): the factor by which the odds change for a unit increase.
    public var oddsRatios: [Double] { coefficients.map { exp($0) } }

    /// Wald intervals β ± z·se for a normal quantile `z` (1.959963984540054 for 95%).
    public func confidenceIntervals(z: Double = 1.959963984540054) -> [(lower: Double, upper: Double)] {
        zip(coefficients, standardErrors).map { ($0 - z * $1, $0 + z * $1) }
    }

    /// Akaike's information criterion, −2 ln L + 2k.
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }

    /// Schwarz's Bayesian information criterion, −2 ln L + k ln n.
    public var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(Double(observations)) }

    /// McFadden's pseudo-R², 1 − ln L / ln L₀.
    public var pseudoR2: Double { 1 - logLikelihood / nullLogLikelihood }

    /// The linear predictor for one row of predictor values (without the intercept).
    public func linearPredictor(_ row: [Double]) -> Double {
        precondition(row.count == parameterCount - 1, "one value per predictor")
        var eta = coefficients[0]
        for (index, value) in row.enumerated() { eta += coefficients[index + 1] * value }
        return eta
    }

    /// The fitted probability for one row of predictor values.
    public func probability(_ row: [Double]) -> Double { LogisticRegression.logistic(linearPredictor(row)) }
}

/// Logistic regression by Newton's method (iteratively reweighted least squares), exact to machine precision.
public enum LogisticRegression {
    /// 1 / (1 + e^−x), without overflow for large |x|.
    public static func logistic(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// Fits `design`, or says why it cannot be fitted.
    public static func fit(_ design: RegressionDesign, options: LogisticOptions = LogisticOptions()) throws(LogisticDiagnostic) -> LogisticFit {
        let n = design.count, k = design.predictors.count + 1
        guard n > 0 else { throw .empty }
        let events = design.events
        if events == 0 || events == n { throw .constantOutcome(design.outcome[0]) }
        if events < options.minimumEvents || n - events < options.minimumEvents {
            throw .tooFewEvents(events: events, nonEvents: n - events, minimum: options.minimumEvents)
        }
        for (index, value) in design.values.enumerated() where !value.isFinite {
            throw .nonFinite(predictor: design.predictors[index % (k - 1)], row: index / (k - 1))
        }

        // Work on columns divided by their spread so that cubic time terms (up to ~10^7) and shares (0–1) give a
        // well-conditioned information matrix; coefficients and covariance are scaled back exactly at the end.
        let scale = columnScales(design)
        let names = ["(Intercept)"] + design.predictors
        let x = ScaledRows(design: design, scale: scale)
        try checkCollinearity(x, names: names)

        // The penalty λ/2·β_j² on the original scale is λ/(2 s_j²)·β̃_j² on the scaled one.
        var penalty = [Double](repeating: 0, count: k)
        for j in 1..<k { penalty[j] = options.l2Penalty / (scale[j - 1] * scale[j - 1]) }

        let rate = Double(events) / Double(n)
        var beta = [Double](repeating: 0, count: k)
        beta[0] = log(rate / (1 - rate))
        var state = x.accumulate(beta: beta, y: design.outcome)
        var objective = state.logLikelihood - penaltyTerm(beta, penalty)
        var iterations = 0
        var converged = false
        var lastChange = [Double](repeating: 0, count: k)
        while iterations < options.maxIterations {
            iterations += 1
            var hessian = state.information
            var gradient = state.score
            for j in 0..<k {
                hessian[j * k + j] += penalty[j]
                gradient[j] -= penalty[j] * beta[j]
            }
            // Collinearity was ruled out above, so an information matrix that stops being positive definite means
            // the weights p(1 − p) have vanished: the fitted probabilities reached 0 or 1.
            guard let step = Cholesky(hessian, size: k)?.solve(gradient) else {
                throw .separation(runaway(lastChange, names))
            }
            // Step halving keeps each step uphill; for the concave log-likelihood the full Newton step is almost
            // always taken.
            var fraction = 1.0
            var candidate = beta, candidateState = state, candidateObjective = objective
            for _ in 0..<30 {
                candidate = zip(beta, step).map { $0 + fraction * $1 }
                candidateState = x.accumulate(beta: candidate, y: design.outcome)
                candidateObjective = candidateState.logLikelihood - penaltyTerm(candidate, penalty)
                if candidateObjective >= objective - 1e-12 * abs(objective) { break }
                fraction /= 2
            }
            lastChange = zip(candidate, beta).map { abs($0 - $1) }
            let change = lastChange.max() ?? 0
            let gain = candidateObjective - objective
            beta = candidate
            state = candidateState
            objective = candidateObjective
            if change < 1e-10 || (gain >= 0 && gain < 1e-14 * max(1, abs(objective)) && change < 1e-6) {
                converged = true
                break
            }
        }
        // Under separation the likelihood keeps rising as the separating coefficients run off to infinity, so
        // Newton's steps never shrink: still moving when the steps run out means separation. (Large coefficients
        // alone do not: polynomial time terms legitimately carry large offsetting ones.)
        if !converged, options.l2Penalty == 0, let largest = lastChange.max(), largest > 1e-3 {
            throw .separation(runaway(lastChange, names))
        }
        guard converged else { throw .notConverged(iterations: iterations) }

        // Information at the estimate (penalised if a penalty was asked) and its inverse.
        var information = state.information
        for j in 0..<k { information[j * k + j] += penalty[j] }
        guard let factor = Cholesky(information, size: k) else { throw .separation(runaway(lastChange, names)) }
        var covariance = factor.inverse()
        var covarianceKind = LogisticFit.CovarianceKind.model
        var clusterCount: Int?

        if options.rareEventsCorrection {
            let bias = factor.solve(x.rareEventsScore(beta: beta, inverseInformation: covariance))
            beta = zip(beta, bias).map { $0 - $1 }
            let shrink = Double(n) / Double(n + k)
            covariance = covariance.map { $0 * shrink * shrink }
            state = x.accumulate(beta: beta, y: design.outcome)
        }
        if let clusters = design.clusters {
            let (meat, groups) = x.clusterMeat(beta: beta, y: design.outcome, clusters: clusters)
            guard groups > 1 else { throw .tooFewEvents(events: events, nonEvents: n - events, minimum: options.minimumEvents) }
            let bread = covariance
            var sandwich = multiply(multiply(bread, meat, k), bread, k)
            let correction = Double(groups) / Double(groups - 1) * Double(n - 1) / Double(n - k)
            sandwich = sandwich.map { $0 * correction }
            covariance = sandwich
            covarianceKind = .clusterRobust
            clusterCount = groups
        }

        // Back to the original scale: β_j = β̃_j / s_j, Cov_ij = Coṽ_ij / (s_i s_j).
        let full = [1.0] + scale
        let coefficients = (0..<k).map { beta[$0] / full[$0] }
        var unscaled = covariance
        for i in 0..<k { for j in 0..<k { unscaled[i * k + j] = covariance[i * k + j] / (full[i] * full[j]) } }

        let nullLogLikelihood = Double(events) * log(rate) + Double(n - events) * log(1 - rate)
        return LogisticFit(names: names, coefficients: coefficients, covariance: unscaled,
                           covarianceKind: covarianceKind, logLikelihood: state.logLikelihood,
                           nullLogLikelihood: nullLogLikelihood, observations: n, events: events,
                           clusters: clusterCount, iterations: iterations, options: options)
    }

    /// The columns that moved most in the last Newton step: the ones running off to infinity under separation.
    /// The intercept is named only when nothing else moves.
    private static func runaway(_ change: [Double], _ names: [String]) -> [String] {
        let predictors = change.indices.dropFirst()
        guard let largest = predictors.map({ change[$0] }).max(), largest > 0 else { return names }
        return predictors.filter { change[$0] > 0.1 * largest }.map { names[$0] }
    }

    private static func penaltyTerm(_ beta: [Double], _ penalty: [Double]) -> Double {
        zip(beta, penalty).reduce(0) { $0 + 0.5 * $1.1 * $1.0 * $1.0 }
    }

    /// The standard deviation of each predictor, or 1 where it is 0 (the collinearity check names those).
    private static func columnScales(_ design: RegressionDesign) -> [Double] {
        let n = design.count, p = design.predictors.count
        var sum = [Double](repeating: 0, count: p), squares = [Double](repeating: 0, count: p)
        design.values.withUnsafeBufferPointer { values in
            for row in 0..<n {
                for j in 0..<p {
                    let value = values[row * p + j]
                    sum[j] += value
                    squares[j] += value * value
                }
            }
        }
        return (0..<p).map { j in
            let mean = sum[j] / Double(n)
            let variance = max(0, squares[j] / Double(n) - mean * mean)
            return variance > 0 ? variance.squareRoot() : 1
        }
    }

    /// Finds columns that are combinations of the intercept and earlier columns, by a Cholesky of the correlation
    /// form of X'X that skips a column whose remaining variance is below 1e-10 of its own.
    private static func checkCollinearity(_ x: ScaledRows, names: [String]) throws(LogisticDiagnostic) {
        let k = names.count
        let gram = x.gram()
        var lower = [Double](repeating: 0, count: k * k)
        var dependent: [String] = []
        var kept: [Int] = []
        for j in 0..<k {
            var residual = gram[j * k + j]
            for m in kept { residual -= lower[j * k + m] * lower[j * k + m] }
            if residual <= 1e-10 * gram[j * k + j] || residual <= 0 {
                dependent.append(names[j])
                continue
            }
            let pivot = residual.squareRoot()
            lower[j * k + j] = pivot
            for i in (j + 1)..<max(j + 1, k) {
                var value = gram[i * k + j]
                for m in kept { value -= lower[i * k + m] * lower[j * k + m] }
                lower[i * k + j] = value / pivot
            }
            kept.append(j)
        }
        if !dependent.isEmpty { throw .collinear(dependent) }
    }

    private static func multiply(_ a: [Double], _ b: [Double], _ k: Int) -> [Double] {
        var product = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { for m in 0..<k { product[i * k + j] += a[i * k + m] * b[m * k + j] } } }
        return product
    }
}
