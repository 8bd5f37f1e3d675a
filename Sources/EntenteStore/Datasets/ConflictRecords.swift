import EntenteCore

/// A dyad-year of the COW militarized interstate disputes (`mid_dyadic`).
public struct MIDDyadYear: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var year: Int
    /// A dispute between the two is ongoing in the year.
    public var ongoing: Bool
    /// A dispute between the two begins in the year.
    public var onset: Bool

    init(_ row: RawRow) {
        (ccode1, ccode2, year) = (row.integer(0), row.integer(1), row.integer(2))
        (ongoing, onset) = (row.flag(3), row.flag(4))
    }

    /// Every dyad-year, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode1, ccode2, year, cowmidongoing, cowmidonset FROM mid_dyadic", body)
    }
}

/// A strategic rivalry (Thompson, Sakuwa & Suhas, `tss_rivalries`) and its kinds.
public struct StrategicRivalry: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var startYear: Int
    public var endYear: Int
    public var positional: Bool
    public var spatial: Bool
    public var ideological: Bool

    init(_ row: RawRow) {
        (ccode1, ccode2, startYear, endYear) = (row.integer(0), row.integer(1), row.integer(2), row.integer(3))
        (positional, spatial, ideological) = (row.flag(4), row.flag(5), row.flag(6))
    }

    /// Every rivalry, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode1, ccode2, start, \"end\", positional, spatial, ideological FROM tss_rivalries", body)
    }
}

/// A UCDP armed conflict in a year (`ucdp_acd`): the Gleditsch–Ward codes of its primary and secondary parties on
/// each side, nil where the row names none.
public struct ArmedConflictYear: Sendable, StreamedRecord {
    public var conflict: Int
    public var year: Int
    public var sideA: (primary: Int?, secondary: Int?)
    public var sideB: (primary: Int?, secondary: Int?)

    init(_ row: RawRow) {
        (conflict, year) = (row.integer(0), row.integer(1))
        sideA = (row.optionalInteger(2), row.optionalInteger(3))
        sideB = (row.optionalInteger(4), row.optionalInteger(5))
    }

    /// Every conflict-year row, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT conflict_id, year, gwno_a, gwno_a_2nd, gwno_b, gwno_b_2nd FROM ucdp_acd", body)
    }
}

/// A GSDB sanction case (`gsdb`) between one sanctioned and one sanctioning party, by their names as published.
public struct SanctionCase: Sendable, StreamedRecord {
    public var id: Int
    public var target: String?
    public var sender: String?
    public var beginYear: Int
    public var endYear: Int

    init(_ row: RawRow) {
        id = row.integer(0)
        (target, sender) = (row.text(1), row.text(2))
        (beginYear, endYear) = (row.integer(3), row.integer(4))
    }

    /// Every case row, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT case_id, sanctioned_state, sanctioning_state, begin, \"end\" FROM gsdb", body)
    }
}
