import Foundation

/// A small, fast, seeded random number generator (SplitMix64), so that bootstraps are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Descriptive statistics on plain arrays.
public enum Statistics {
    /// A standard normal variate by the Box–Muller transform, from a seeded generator.
    public static func standardNormal(using generator: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// The mean, or nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation, or nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// The `p` quantile (0…1) by linear interpolation between order statistics (R type 7, numpy's default).
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    /// The mid-rank percentile of `value` in a sorted distribution: the share of values below it plus half the
    /// share equal to it, so ties (many dyads at zero trade) sit in the middle of their block.
    public static func percentileRank(_ value: Double, inSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty, !value.isNaN else { return nil }
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        let below = low
        var equalEnd = below
        high = sorted.count
        while equalEnd < high {
            let mid = (equalEnd + high) / 2
            if sorted[mid] <= value { equalEnd = mid + 1 } else { high = mid }
        }
        return (Double(below) + Double(equalEnd - below) / 2) / Double(sorted.count)
    }
}
