import EntenteCore

/// The alignment index at one time, a year or a month: the composite with its 90% bootstrap band, and the four
/// parts it averages (each a percentile, 0–100; nil where the data do not reach).
public struct AlignmentReading: Sendable, Codable, Equatable {
    /// The mean of the parts present.
    public var composite: Double?
    /// The 90% bootstrap band of the composite (`AlignmentBootstrap`).
    public var lower: Double?
    public var upper: Double?
    public var diplomatic: Double?
    public var military: Double?
    public var economic: Double?
    public var event: Double?

    /// The reading of `parts` (keyed `diplomatic`, `military`, `economic`, `event`) with `band`'s bounds.
    init(parts: [String: Double], band: AlignmentBootstrap.Band) {
        // Added in value order, as in the bootstrap's replicates: a dictionary's order varies, and with it the last digit.
        composite = Statistics.mean(parts.values.sorted())
        (lower, upper) = (band.lower, band.upper)
        (diplomatic, military, economic, event) = (parts["diplomatic"], parts["military"], parts["economic"], parts["event"])
    }
}
