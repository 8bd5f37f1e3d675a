import EntenteCore
import GRDB

/// A vote on a UN General Assembly roll call, on the 1/2/3 scale the agreement measures use.
public enum UNVoteChoice: Int, Sendable {
    case yes = 1, abstain, no
}

/// A member's vote on a roll call (`un_votes`), for members with a COW code, in years the data give.
public struct UNVote: Sendable, StreamedRecord {
    public var year: Int
    public var rollCall: Int
    public var code: Int
    /// Nil where the member was absent or not a voting member.
    public var choice: UNVoteChoice?

    init(_ row: RawRow) {
        (year, rollCall, code) = (row.integer(0), row.integer(1), row.integer(2))
        choice = row.optionalInteger(3).flatMap(UNVoteChoice.init(rawValue:))
    }

    /// Every vote, in table order (grouped by roll call).
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT year, rcid, country_ccode, \(choice("vote")) FROM un_votes WHERE country_ccode IS NOT NULL AND year IS NOT NULL
            """, body)
    }

    /// Per roll call of `years` on which both `a` and `b` voted yes, abstain or no, its year and the distance between
    /// their votes on the 1/2/3 scale.
    public static func distances(between a: CountryCode, and b: CountryCode, years: ClosedRange<Int>,
                                 in database: EntenteDatabase) throws -> [(year: Int, distance: Int)] {
        var distances: [(year: Int, distance: Int)] = []
        try database.forEachRow("""
            SELECT x.year, ABS((\(choice("x.vote"))) - (\(choice("y.vote"))))
            FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid
            WHERE x.country_ccode = ?1 AND y.country_ccode = ?2 AND x.year BETWEEN ?3 AND ?4
              AND x.vote IN ('yes', 'abstain', 'no') AND y.vote IN ('yes', 'abstain', 'no')
            """, arguments: [a.rawValue, b.rawValue, years.lowerBound, years.upperBound]) { row in
            distances.append((row.integer(0), row.integer(1)))
        }
        return distances
    }

    /// The `UNVoteChoice` of a vote column, NULL for any other vote.
    static func choice(_ column: String) -> String {
        "CASE \(column) WHEN 'yes' THEN 1 WHEN 'abstain' THEN 2 WHEN 'no' THEN 3 END"
    }
}

/// A yes, abstain or no vote of a member with a COW code, dated by its roll call's month (`un_roll_calls`).
public struct DatedUNVote: Sendable, StreamedRecord {
    /// YYYYMM.
    public var month: Int
    public var rollCall: Int
    public var code: Int
    public var choice: UNVoteChoice

    init(_ row: RawRow) {
        (month, rollCall, code) = (row.integer(0), row.integer(1), row.integer(2))
        // The query keeps only the three choices.
        choice = UNVoteChoice(rawValue: row.integer(3)) ?? .no
    }

    /// Every such vote in `years`, in table order.
    public static func forEach(years: ClosedRange<Int>, in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT CAST(substr(r.date, 1, 4) || substr(r.date, 6, 2) AS INTEGER), v.rcid, v.country_ccode, \(UNVote.choice("v.vote"))
            FROM un_votes v JOIN un_roll_calls r ON r.rcid = v.rcid
            WHERE v.country_ccode IS NOT NULL AND v.vote IN ('yes', 'abstain', 'no') AND v.year BETWEEN ?1 AND ?2
            """, arguments: [years.lowerBound, years.upperBound], body)
    }
}

/// Two members' votes in a month (YYYYMM of the roll calls' dates): the roll calls on which both voted yes,
/// abstain or no, and those on which they voted alike.
public struct UNMonthlyAgreement: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var month: Int
    public var votes: Int
    public var agreements: Int

    init(_ row: RawRow) {
        (ccode1, ccode2, month, votes, agreements) = (row.integer(0), row.integer(1), row.integer(2), row.integer(3), row.integer(4))
    }

    /// Every pair (`ccode1` < `ccode2`) and month of `months`, or only `dyad`'s, grouped by pair and month.
    public static func forEach(months: ClosedRange<Int>, dyad: (CountryCode, CountryCode)? = nil, in database: EntenteDatabase,
                               _ body: (Self) throws -> Void) throws {
        let pair = dyad.map { a, b in [min(a.rawValue, b.rawValue), max(a.rawValue, b.rawValue)] }
        try database.forEach("""
            SELECT x.country_ccode, y.country_ccode, CAST(substr(r.date, 1, 4) || substr(r.date, 6, 2) AS INTEGER) AS month,
                   COUNT(*), SUM(x.vote = y.vote)
            FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid JOIN un_roll_calls r ON r.rcid = x.rcid
            WHERE x.vote IN ('yes', 'no', 'abstain') AND y.vote IN ('yes', 'no', 'abstain')
              AND month BETWEEN ?1 AND ?2 AND \(pair == nil ? "x.country_ccode < y.country_ccode" : "x.country_ccode = ?3 AND y.country_ccode = ?4")
            GROUP BY 1, 2, 3
            """, arguments: StatementArguments([months.lowerBound, months.upperBound] + (pair ?? [])), body)
    }
}
