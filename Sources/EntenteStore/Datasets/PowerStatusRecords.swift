import EntenteCore

/// A COW major-power spell (`majors`): `code` a major power from `fromYear` to `toYear`.
public struct MajorPowerSpell: Sendable, StreamedRecord {
    public var code: Int
    public var fromYear: Int
    public var toYear: Int

    init(_ row: RawRow) { (code, fromYear, toYear) = (row.integer(0), row.integer(1), row.integer(2)) }

    /// Every spell, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode, styear, endyear FROM majors", body)
    }
}

/// A state's row of Maoz's regional and global powers (`maoz_powers`): the ISO dates of each status, nil where the
/// state never held it.
public struct MaozPowerSpell: Sendable, StreamedRecord {
    public var code: Int
    public var regional: (start: String?, end: String?)
    public var global: (start: String?, end: String?)

    init(_ row: RawRow) {
        code = row.integer(0)
        regional = (row.text(1), row.text(2))
        global = (row.text(3), row.text(4))
    }

    /// Every row, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode, regstdate, regenddate, globstdate, globenddate FROM maoz_powers", body)
    }
}

/// A COW direct-contiguity relation (`contiguity`): its type (1–5 by distance over water, 0 none) between ISO
/// dates.
public struct ContiguitySpell: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var type: Int
    public var start: String?
    public var end: String?

    init(_ row: RawRow) {
        (ccode1, ccode2, type) = (row.integer(0), row.integer(1), row.integer(2))
        (start, end) = (row.text(3), row.text(4))
    }

    /// Every relation, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode1, ccode2, conttype, stdate, enddate FROM contiguity", body)
    }
}
