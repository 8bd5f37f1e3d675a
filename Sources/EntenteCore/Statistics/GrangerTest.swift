/// An ordinary least-squares fit.
public struct LeastSquaresFit: Sendable, Hashable {
    /// One coefficient per design column, in the columns' order.
    public let coefficients: [Double]
    /// The residual sum of squares.
    public let residualSumOfSquares: Double
    /// The number of rows fitted.
    public let observations: Int
    /// Rows less columns.
    public let degreesOfFreedom: Int
}

/// Ordinary least squares for small dense problems.
public enum LeastSquares {
    /// Fits `response` on the design `columns` (include a column of ones for an intercept) by Householder QR on
    /// the design itself, which keeps the accuracy that forming X'X would square away on collinear lags.
    /// Nil when there are no more rows than columns, or a column is within 1e-10 of its own length of the span of
    /// the columns before it (a constant series beside the intercept, a duplicated lag): the fit is not unique.
    ///
    /// - Precondition: every column has one value per response value.
    public static func fit(columns: [[Double]], response: [Double]) -> LeastSquaresFit? {
        let rows = response.count, width = columns.count
        precondition(columns.allSatisfy { $0.count == rows }, "every column needs \(rows) values")
        guard rows > width else { return nil }
        var matrix = columns, rotated = response
        for j in 0..<width {
            let originalLength = length(columns[j][...])
            let norm = length(matrix[j][j...])
            guard norm > 1e-10 * originalLength else { return nil }
            // The reflection sending the column's tail to ±norm·e₁, signed against the pivot to avoid cancellation.
            let alpha = matrix[j][j] > 0 ? -norm : norm
            var reflector = Array(matrix[j][j...])
            reflector[0] -= alpha
            let reflectorSquared = reflector.reduce(0) { $0 + $1 * $1 }
            func reflect(_ vector: inout [Double]) {
                var dot = 0.0
                for i in 0..<reflector.count { dot += reflector[i] * vector[j + i] }
                let factor = 2 * dot / reflectorSquared
                for i in 0..<reflector.count { vector[j + i] -= factor * reflector[i] }
            }
            for k in (j + 1)..<width { reflect(&matrix[k]) }
            reflect(&rotated)
            matrix[j][j] = alpha
        }
        // Back substitution on R β = (Q'y)[0..<width]; the rest of Q'y is the residual.
        var coefficients = [Double](repeating: 0, count: width)
        for j in stride(from: width - 1, through: 0, by: -1) {
            var sum = rotated[j]
            for k in (j + 1)..<width { sum -= matrix[k][j] * coefficients[k] }
            coefficients[j] = sum / matrix[j][j]
        }
        let residualSumOfSquares = rotated[width...].reduce(0) { $0 + $1 * $1 }
        return LeastSquaresFit(coefficients: coefficients, residualSumOfSquares: residualSumOfSquares,
                               observations: rows, degreesOfFreedom: rows - width)
    }

    private static func length(_ values: ArraySlice<Double>) -> Double {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}

/// One lag order of a Granger causality test.
public struct GrangerResult: Sendable, Hashable {
    /// The lag order p: both models use p lags of the response, the unrestricted one also p lags of the cause.
    public let lag: Int
    /// F = ((RSS_r − RSS_u) / p) / (RSS_u / (n − 2p − 1)).
    public let fStatistic: Double
    /// P(F(p, n − 2p − 1) > F).
    public let pValue: Double
    /// The numerator degrees of freedom, p.
    public let numeratorDegreesOfFreedom: Int
    /// The denominator degrees of freedom, n − 2p − 1.
    public let denominatorDegreesOfFreedom: Int
    /// n: the time points used, those with the response and every needed lag present.
    public let observations: Int
    /// The residual sum of squares of y on its own lags.
    public let restrictedRSS: Double
    /// The residual sum of squares with the cause's lags added.
    public let unrestrictedRSS: Double
}

/// Why a Granger test could not be computed at a lag.
public enum GrangerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Too few complete time points: the unrestricted model needs more than 2p + 1.
    case tooFewObservations(lag: Int, observations: Int)
    /// The lags are collinear, as when either series is constant over the points used.
    case collinear(lag: Int)
    /// The unrestricted model fits the response exactly (or the response is constant), so F is undefined.
    case perfectFit(lag: Int)

    public var description: String {
        switch self {
        case .tooFewObservations(let lag, let observations):
            "lag \(lag): \(observations) complete time points, more than \(2 * lag + 1) are needed"
        case .collinear(let lag):
            "lag \(lag): the lagged series are collinear (is one of them constant?)"
        case .perfectFit(let lag):
            "lag \(lag): the lags explain the response exactly, so there is nothing left to test"
        }
    }
}

/// Granger causality by the F test on the sums of squared residuals (the "ssr based F test").
///
/// At lag p the restricted model regresses y_t on a constant and y_{t−1} … y_{t−p}; the unrestricted model adds
/// x_{t−1} … x_{t−p}. Both use the same time points: every t where y_t and all those lags are present (x_t itself
/// is not needed). On complete series this drops the first p points at lag p, exactly as statsmodels'
/// `grangercausalitytests` does (checked on 0.15): it builds each lag's design with `lagmat2ds(x, p,
/// trim="both")`, so lag p trims p rows, not P, whether it is called with `maxlag=P` (lags 1…P) or
/// `maxlag=[p]`, and its `[p][0]["ssr_ftest"]` is (F, p-value, df_denom, df_num) here. Unlike statsmodels, which
/// refuses series of no more than 3·P + 1 points for every lag, this needs only a positive residual degree of
/// freedom at each lag.
public enum GrangerTest {
    /// The test at one lag order. `response` (y) and `cause` (x) are aligned in time; nil or non-finite values
    /// are missing.
    ///
    /// - Precondition: the series have equal length and `lag` ≥ 1.
    public static func test(response: [Double?], cause: [Double?], lag: Int) throws(GrangerError) -> GrangerResult {
        precondition(response.count == cause.count, "the series differ in length: \(response.count) and \(cause.count)")
        precondition(lag >= 1, "the lag order must be at least 1")
        func value(_ series: [Double?], _ t: Int) -> Double? { series[t].flatMap { $0.isFinite ? $0 : nil } }
        let usable = (0..<response.count).filter { t in
            t >= lag && value(response, t) != nil
                && (1...lag).allSatisfy { value(response, t - $0) != nil && value(cause, t - $0) != nil }
        }
        let observations = usable.count
        guard observations > 2 * lag + 1 else { throw .tooFewObservations(lag: lag, observations: observations) }
        let y = usable.map { value(response, $0)! }
        let ones = [Double](repeating: 1, count: observations)
        let ownLags = (1...lag).map { k in usable.map { value(response, $0 - k)! } }
        let causeLags = (1...lag).map { k in usable.map { value(cause, $0 - k)! } }
        guard let restricted = LeastSquares.fit(columns: ownLags + [ones], response: y),
              let unrestricted = LeastSquares.fit(columns: ownLags + causeLags + [ones], response: y)
        else { throw .collinear(lag: lag) }
        // As statsmodels: a residual below machine epsilon of the response's variation leaves F meaningless.
        let mean = y.reduce(0, +) / Double(observations)
        let totalSumOfSquares = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard totalSumOfSquares > 0, unrestricted.residualSumOfSquares > Double.ulpOfOne * totalSumOfSquares else {
            throw .perfectFit(lag: lag)
        }
        let denominatorDF = unrestricted.degreesOfFreedom
        let f = (restricted.residualSumOfSquares - unrestricted.residualSumOfSquares) / Double(lag)
            / (unrestricted.residualSumOfSquares / Double(denominatorDF))
        return GrangerResult(lag: lag, fStatistic: f,
                             pValue: Distributions.fSurvival(f, d1: Double(lag), d2: Double(denominatorDF)),
                             numeratorDegreesOfFreedom: lag, denominatorDegreesOfFreedom: denominatorDF,
                             observations: observations, restrictedRSS: restricted.residualSumOfSquares,
                             unrestrictedRSS: unrestricted.residualSumOfSquares)
    }

    /// The test at every lag order 1…`maxLag`, each on its own time points; throws the first lag's failure.
    public static func tests(response: [Double?], cause: [Double?],
                             maxLag: Int) throws(GrangerError) -> [GrangerResult] {
        precondition(maxLag >= 1, "the largest lag order must be at least 1")
        var results: [GrangerResult] = []
        for lag in 1...maxLag { results.append(try test(response: response, cause: cause, lag: lag)) }
        return results
    }
}

/// The correlation of a response with a lagged or led candidate cause.
public struct LaggedCorrelation: Sendable, Hashable {
    /// k: the correlation pairs x_{t−k} with y_t, so a positive k means x leads y by k periods.
    public let lag: Int
    /// Pearson's r on the pairs with both values present; nil for fewer than two pairs or a constant side.
    public let correlation: Double?
    /// The number of such pairs.
    public let observations: Int
}

/// Lead–lag analysis of two aligned series.
public enum LeadLag {
    /// The cross-correlations of x_{t−k} with y_t for k in −`maxLag`…`maxLag`, each on the pairwise-complete
    /// points (pandas' `y.corr(x.shift(k))`). nil or non-finite values are missing.
    ///
    /// - Precondition: the series have equal length and `maxLag` ≥ 0.
    public static func crossCorrelations(response: [Double?], cause: [Double?], maxLag: Int) -> [LaggedCorrelation] {
        precondition(response.count == cause.count, "the series differ in length: \(response.count) and \(cause.count)")
        precondition(maxLag >= 0, "the largest lag must not be negative")
        return (-maxLag...maxLag).map { k in
            var xs: [Double] = [], ys: [Double] = []
            // t runs where both y_t and x_{t−k} exist; a shift beyond the series leaves nothing.
            let first = max(0, k), end = min(response.count, cause.count + k)
            for t in first..<max(first, end) {
                guard let y = response[t], let x = cause[t - k], y.isFinite, x.isFinite else { continue }
                xs.append(x)
                ys.append(y)
            }
            return LaggedCorrelation(lag: k, correlation: pearson(xs, ys), observations: xs.count)
        }
    }

    /// Pearson's r by centred sums (two passes), nil when undefined. A constant side is caught by comparing
    /// values, since rounding in its mean would leave a tiny nonzero variance and a meaningless r.
    private static func pearson(_ xs: [Double], _ ys: [Double]) -> Double? {
        guard xs.count > 1, xs.min() != xs.max(), ys.min() != ys.max() else { return nil }
        let n = Double(xs.count)
        let meanX = xs.reduce(0, +) / n, meanY = ys.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) {
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
            sxy += (x - meanX) * (y - meanY)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
