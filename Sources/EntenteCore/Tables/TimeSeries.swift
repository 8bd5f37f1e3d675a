/// A straight-line trend fitted to a series against time.
public struct LinearTrend: Sendable, Hashable {
    /// The change per period.
    public let slope: Double
    /// The two-sided p-value of the slope's t statistic (H0: no trend).
    public let pValue: Double
    /// The points fitted: those present.
    public let observations: Int
}

/// A series' mean over a window after a date less its mean over the window before.
public struct WindowChange: Sendable, Hashable {
    /// The mean of the values present in the `window` periods before the date; nil when none is present.
    public let before: Double?
    /// The mean of the values present in the `window` periods after the date; nil when none is present.
    public let after: Double?

    /// `after − before`, nil when either is missing.
    public var change: Double? {
        guard let before, let after else { return nil }
        return after - before
    }
}

/// Helpers for equally spaced series where nil (or a non-finite value) is a missing point.
public enum TimeSeries {
    /// First differences: y_t − y_{t−1}, nil at the start and wherever either point is missing.
    public static func differences(_ values: [Double?]) -> [Double?] {
        values.indices.map { t in
            guard t > 0, let now = present(values[t]), let before = present(values[t - 1]) else { return nil }
            return now - before
        }
    }

    /// The least-squares line through the present points against their positions, with the slope's p-value; nil
    /// with fewer than three points or a constant series (no trend to speak of, and no residual to test it by).
    public static func linearTrend(_ values: [Double?]) -> LinearTrend? {
        let points = values.indices.compactMap { t in present(values[t]).map { (Double(t), $0) } }
        guard points.count > 2, let fit = LeastSquares.fit(columns: [points.map(\.0), points.map { _ in 1 }],
                                                          response: points.map(\.1)) else { return nil }
        let meanTime = points.reduce(0) { $0 + $1.0 } / Double(points.count)
        let spread = points.reduce(0) { $0 + ($1.0 - meanTime) * ($1.0 - meanTime) }
        let variance = fit.residualSumOfSquares / Double(fit.degreesOfFreedom)
        guard variance > 0 else { return nil }
        let t = fit.coefficients[0] / (variance / spread).squareRoot()
        return LinearTrend(slope: fit.coefficients[0],
                           pValue: Distributions.studentTTwoSidedPValue(t, degreesOfFreedom: Double(fit.degreesOfFreedom)),
                           observations: points.count)
    }

    /// The mean of the present values at positions `index + 1 … index + window` less the mean at
    /// `index − window … index − 1`; the period at `index` itself (the episode) belongs to neither side.
    ///
    /// - Precondition: `window` ≥ 1.
    public static func windowChange(_ values: [Double?], at index: Int, window: Int) -> WindowChange {
        precondition(window >= 1, "the window must hold at least one period")
        func mean(_ range: ClosedRange<Int>) -> Double? {
            Statistics.mean(range.filter(values.indices.contains).compactMap { present(values[$0]) })
        }
        return WindowChange(before: mean((index - window)...(index - 1)), after: mean((index + 1)...(index + window)))
    }

    private static func present(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
}

/// Corrections for running many tests at once.
public enum MultipleTesting {
    /// Holm's step-down adjustment of p-values, in their original order: sorted ascending, the i-th smallest
    /// (from 1) becomes max over j ≤ i of min(1, (m − j + 1) · p_(j)), m the number of tests. It controls the
    /// family-wise error rate as Bonferroni does, with more power.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(pValues.count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
