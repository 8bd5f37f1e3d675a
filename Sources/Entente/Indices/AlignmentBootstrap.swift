import EntenteCore

/// The bootstrap behind the alignment index's 90% band, one routine for the yearly and the monthly index.
///
/// Each replicate first redraws the parts that have a sampling unit (`replicate`: the year's roll calls for the
/// S-score; the month's roll calls and the dyad's events), then resamples the components present with
/// replacement (sorted by value, one draw each) and averages them. The band is the 5th–95th percentile (type 7)
/// of the replicate composites; each component also gets the 5th–95th percentile of its replicate values.
enum AlignmentBootstrap {
    /// The band of the composite and of each component.
    struct Band: Sendable, Equatable {
        var lower: Double?
        var upper: Double?
        var components: [String: ClosedRange<Double>]
    }

    /// `replicates` replicates, drawing from `generator`; `replicate` returns one replicate's components.
    static func band(replicates: Int, using generator: inout SeededGenerator,
                     _ replicate: (inout SeededGenerator) -> [String: Double]) -> Band {
        var composites: [Double] = []
        var parts: [String: [Double]] = [:]
        composites.reserveCapacity(replicates)
        for _ in 0..<max(0, replicates) {
            let drawnParts = replicate(&generator)
            for (name, value) in drawnParts { parts[name, default: []].append(value) }
            // Sorted: a dictionary's order varies, and with it which component a draw picks.
            let values = drawnParts.values.sorted()
            let drawn = values.indices.map { _ in values[Int.random(in: 0..<values.count, using: &generator)] }
            if let mean = Statistics.mean(drawn) { composites.append(mean) }
        }
        var components: [String: ClosedRange<Double>] = [:]
        for (name, values) in parts {
            if let low = Statistics.quantile(values, 0.05), let high = Statistics.quantile(values, 0.95) { components[name] = low...high }
        }
        return Band(lower: Statistics.quantile(composites, 0.05), upper: Statistics.quantile(composites, 0.95), components: components)
    }

    /// How often each of `count` units is drawn in `count` draws with replacement (`Int.random(in: 0..<count)`,
    /// in order).
    static func multiplicities(_ count: Int, using generator: inout SeededGenerator) -> [Int] {
        var result = [Int](repeating: 0, count: count)
        for _ in 0..<count { result[Int.random(in: 0..<count, using: &generator)] += 1 }
        return result
    }

    /// Of `count` draws with replacement among `count` units, how many fall among the first `first`.
    static func drawsAmongFirst(_ first: Int, of count: Int, using generator: inout SeededGenerator) -> Int {
        var hits = 0
        for _ in 0..<count where Int.random(in: 0..<count, using: &generator) < first { hits += 1 }
        return hits
    }
}
