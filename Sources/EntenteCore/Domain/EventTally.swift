/// CAMEO's four quad classes, as GDELT assigns them in each record's QuadClass field.
public enum QuadClass: Int, CaseIterable, Sendable, Codable {
    case verbalCooperation = 1
    case materialCooperation = 2
    case verbalConflict = 3
    case materialConflict = 4

}

/// A directed dyad on one day: who acted on whom, when. Packed into 64 bits for hashing at ingest speed.
public struct DyadDay: Hashable, Comparable, Sendable {
    /// Source (actor 1) and target (actor 2) COW codes and the day as YYYYMMDD.
    public let packed: UInt64

    /// Packs a dyad-day; COW codes fit in 16 bits and days in 32.
    public init(source: CountryCode, target: CountryCode, day: Int) {
        packed = UInt64(UInt16(truncatingIfNeeded: source.rawValue)) << 48
            | UInt64(UInt16(truncatingIfNeeded: target.rawValue)) << 32 | UInt64(UInt32(truncatingIfNeeded: day))
    }

    public var source: CountryCode { CountryCode(Int(packed >> 48)) }
    public var target: CountryCode { CountryCode(Int((packed >> 32) & 0xFFFF)) }
    /// YYYYMMDD.
    public var day: Int { Int(packed & 0xFFFF_FFFF) }

    public static func < (lhs: DyadDay, rhs: DyadDay) -> Bool { lhs.packed < rhs.packed }
}

/// What the events of one dyad in one period add up to.
public struct EventTally: Hashable, Sendable {
    public var events: Int = 0
    public var mentions: Int = 0
    /// Events per quad class, lane 0 for class 1.
    public var eventsByQuad = SIMD4<Int>()
    /// Mentions per quad class, lane 0 for class 1.
    public var mentionsByQuad = SIMD4<Int>()
    public var goldsteinSum: Double = 0
    /// Sum of the events' average tones, over the `tonedEvents` that carry one (GDELT's reduced format has none).
    public var toneSum: Double = 0
    public var tonedEvents: Int = 0

    public init() {}

    /// Adds `count` events of one kind (the reduced GDELT format aggregates identical events into one row).
    @inline(__always)
    public mutating func add(quadClass: QuadClass, count: Int = 1, mentions eventMentions: Int, goldstein: Double,
                             tone: Double?) {
        events += count
        mentions += eventMentions
        eventsByQuad[quadClass.rawValue - 1] += count
        mentionsByQuad[quadClass.rawValue - 1] += eventMentions
        goldsteinSum += goldstein * Double(count)
        if let tone {
            toneSum += tone * Double(count)
            tonedEvents += count
        }
    }

    /// Adds another tally, as when files or days are combined.
    public mutating func merge(_ other: EventTally) {
        events += other.events
        mentions += other.mentions
        eventsByQuad &+= other.eventsByQuad
        mentionsByQuad &+= other.mentionsByQuad
        goldsteinSum += other.goldsteinSum
        toneSum += other.toneSum
        tonedEvents += other.tonedEvents
    }

    /// Mean Goldstein score, or nil with no events.
    public var goldsteinMean: Double? { events > 0 ? goldsteinSum / Double(events) : nil }
    /// Mean tone, or nil where no event carries one.
    public var toneMean: Double? { tonedEvents > 0 ? toneSum / Double(tonedEvents) : nil }
}
