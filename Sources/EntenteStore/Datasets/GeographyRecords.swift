import EntenteCore

/// A state's capital over a span of years (`capitals`), where it stood in degrees.
public struct CapitalSpell: Sendable, StreamedRecord {
    public var code: Int
    /// The year of its start date.
    public var fromYear: Int
    /// The year of its end date.
    public var toYear: Int
    public var latitude: Double?
    public var longitude: Double?

    init(_ row: RawRow) {
        (code, fromYear, toYear) = (row.integer(0), row.integer(1), row.integer(2))
        (latitude, longitude) = (row.real(3), row.real(4))
    }

    /// Every spell, the latest start first.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT ccode, CAST(substr(stdate, 1, 4) AS INTEGER), CAST(substr(enddate, 1, 4) AS INTEGER), lat, lng
            FROM capitals ORDER BY stdate DESC
            """, body)
    }
}

/// The minimum distance between two states in a year (`mindist`), in kilometres.
public struct MinimumDistance: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var year: Int
    public var kilometres: Double?

    init(_ row: RawRow) { (ccode1, ccode2, year, kilometres) = (row.integer(0), row.integer(1), row.integer(2), row.real(3)) }

    /// Every dyad-year, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode1, ccode2, year, mindist FROM mindist", body)
    }
}

/// A Gleditsch–Ward state's membership period (`gw_states`), by ISO dates as the importer stores them.
public struct GleditschWardMembership: Sendable, StreamedRecord {
    public var code: Int
    public var start: String?
    public var end: String?

    init(_ row: RawRow) { (code, start, end) = (row.integer(0), row.text(1), row.text(2)) }

    /// Every period, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT gwcode, startdate, enddate FROM gw_states", body)
    }
}

/// A Gleditsch–Ward microstate's dyad-year (`gw_microstates`, from peacesciencer's gw_ddy): the microstate and a
/// state it was a member with on a common day of the year.
public struct GleditschWardMicrostatePair: Sendable, StreamedRecord {
    public var code: Int
    public var partner: Int
    public var year: Int

    init(_ row: RawRow) { (code, partner, year) = (row.integer(0), row.integer(1), row.integer(2)) }

    /// Every dyad-year, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT gwcode, partner, year FROM gw_microstates", body)
    }
}
