import EntenteCore

/// A monadic measure stored per state-year, read as (code, year, value) for its non-NULL values.
public enum StateYearMeasure: Sendable, CaseIterable {
    /// COW's composite index of national capability (`nmc`).
    case cinc
    /// Logged GDP (`sdp_gdp`).
    case gdpLog
    /// Logged population (`sdp_gdp`).
    case populationLog
    /// Polity2, under Polity's own state codes (`polity`).
    case polity2
    /// V-Dem's electoral democracy index (`vdem`), rows with a COW code.
    case polyarchy
    /// CREG ethnic fractionalisation; where two CREG units have one COW code, the unit with the state's own number
    /// comes last.
    case ethnicFractionalization
    /// CREG religious fractionalisation, ordered as `ethnicFractionalization`.
    case religiousFractionalization
    /// HIEF's ethnic fractionalisation, last row first (HIEF repeats some state-years).
    case hiefIndex
    /// Bailey, Strezhnev and Voeten's ideal point over all votes (`ideal_points`).
    case idealPoint
    /// Their ideal point over foreign-policy votes.
    case idealPointForeignPolicy
    /// Latent territorial threat (`terrthreat`).
    case territorialThreat

    private var query: String {
        switch self {
        case .cinc: "SELECT ccode, year, cinc FROM nmc WHERE cinc IS NOT NULL"
        case .gdpLog: "SELECT ccode, year, gdp_ln FROM sdp_gdp WHERE gdp_ln IS NOT NULL"
        case .populationLog: "SELECT ccode, year, pop_ln FROM sdp_gdp WHERE pop_ln IS NOT NULL"
        case .polity2: "SELECT ccode, year, polity2 FROM polity WHERE polity2 IS NOT NULL"
        case .polyarchy: "SELECT ccode, year, v2x_polyarchy FROM vdem WHERE ccode IS NOT NULL AND v2x_polyarchy IS NOT NULL"
        case .ethnicFractionalization: Self.creg("ethfrac")
        case .religiousFractionalization: Self.creg("relfrac")
        case .hiefIndex: "SELECT ccode, year, efindex FROM hief WHERE efindex IS NOT NULL ORDER BY rowid DESC"
        case .idealPoint: "SELECT ccode, year, ideal_point_all FROM ideal_points WHERE ideal_point_all IS NOT NULL AND year IS NOT NULL"
        case .idealPointForeignPolicy: "SELECT ccode, year, ideal_point_fp FROM ideal_points WHERE ideal_point_fp IS NOT NULL AND year IS NOT NULL"
        case .territorialThreat: "SELECT ccode, year, lterrthreat FROM terrthreat WHERE lterrthreat IS NOT NULL"
        }
    }

    private static func creg(_ column: String) -> String {
        "SELECT ccode, year, \(column) FROM creg WHERE \(column) IS NOT NULL ORDER BY creg_ccode = ccode, rowid"
    }

    /// Hands `body` each state-year's value, in the order the cases describe (a reader keeping the last value of a
    /// state-year gets the one the case prefers).
    public func forEach(in database: EntenteDatabase, _ body: (StateYearValue) throws -> Void) throws {
        try database.forEach(query, body)
    }
}

/// A state-year's value of a `StateYearMeasure`.
public struct StateYearValue: Sendable, StreamedRecord {
    public var code: Int
    public var year: Int
    public var value: Double

    init(_ row: RawRow) {
        // The measures' queries skip NULL values.
        (code, year, value) = (row.integer(0), row.integer(1), row.real(2) ?? .nan)
    }
}
