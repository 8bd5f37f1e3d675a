import EntenteCore

/// ATOP's five alliance provisions, as the bits the panel keeps per dyad-year.
public struct AllianceProvisions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    /// Provisions from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A defence obligation.
    public static let defense = Self(rawValue: 1)
    /// An offence obligation.
    public static let offense = Self(rawValue: 2)
    /// Neutrality.
    public static let neutral = Self(rawValue: 4)
    /// Non-aggression.
    public static let nonaggression = Self(rawValue: 8)
    /// Consultation.
    public static let consultation = Self(rawValue: 16)

    /// The provisions flagged 1 in the five columns from `first`, in the order above (ATOP's own order).
    init(_ row: RawRow, from first: Int32) {
        var bits: UInt8 = 0
        for bit in 0..<5 where row.flag(first + Int32(bit)) { bits |= 1 << UInt8(bit) }
        self.init(rawValue: bits)
    }
}

/// One directed dyad-year of ATOP (`atop_ddy`): the provisions `ccode1` has towards `ccode2` in `year`.
public struct AllianceDyadYear: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var year: Int
    public var provisions: AllianceProvisions

    init(_ row: RawRow) {
        (ccode1, ccode2, year) = (row.integer(0), row.integer(1), row.integer(2))
        provisions = AllianceProvisions(row, from: 3)
    }

    /// Every dyad-year, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul FROM atop_ddy
            """, body)
    }
}

/// One state's spell in an ATOP alliance (`atop_member`), with the provisions it had in it.
public struct AllianceMembership: Sendable, StreamedRecord {
    public var member: Int
    public var alliance: Int
    public var entryYear: Int
    /// The exit year; 0 marks a membership running at the release end.
    public var exitYear: Int
    public var provisions: AllianceProvisions

    init(_ row: RawRow) {
        (member, alliance, entryYear, exitYear) = (row.integer(0), row.integer(1), row.integer(2), row.integer(3))
        provisions = AllianceProvisions(row, from: 4)
    }

    /// Every membership spell, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT member, atopid, yrent, yrexit, defense, offense, neutral, nonagg, consul FROM atop_member", body)
    }

    /// Each member of a bilateral ATOP alliance with a defence obligation (`atop_alliance`: `bilat` and `defense`
    /// 1) and its first entry year, by alliance.
    public static func bilateralDefenseEntries(in database: EntenteDatabase) throws -> [(alliance: Int, member: Int, entryYear: Int)] {
        var entries: [(alliance: Int, member: Int, entryYear: Int)] = []
        try database.forEachRow("""
            SELECT m.atopid, m.member, MIN(m.yrent) FROM atop_member m JOIN atop_alliance a ON a.atopid = m.atopid
            WHERE a.bilat = 1 AND a.defense = 1 GROUP BY m.atopid, m.member ORDER BY m.atopid
            """) { row in
            guard let alliance = row.optionalInteger(0), let member = row.optionalInteger(1), let entry = row.optionalInteger(2) else { return }
            entries.append((alliance, member, entry))
        }
        return entries
    }
}
