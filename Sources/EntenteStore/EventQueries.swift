import EntenteCore
import GRDB

/// One period's events between two states, summed: a row of an event series. What a source does not record
/// (ICEWS has no mentions, Goldstein scores, tone or sources) is nil.
public struct EventPeriodSums: Sendable, Equatable {
    /// The period's key: a day (YYYYMMDD), month (YYYYMM) or year.
    public var period: Int
    public var events: Int
    public var mentions: Int?
    /// Events by quad class 1–4: verbal and material cooperation, verbal and material conflict.
    public var quadClasses: [Int]
    public var goldsteinSum: Double?
    public var goldsteinMean: Double?
    public var toneMean: Double?
    /// Distinct sources (the hosts of the articles).
    public var sources: Int?

    /// The sums of a row laid out as the two queries select them.
    init(_ row: RawRow) {
        (period, events, mentions) = (row.integer(0), row.integer(1), row.optionalInteger(2))
        quadClasses = (3...6).map { row.integer($0) }
        (goldsteinSum, goldsteinMean, toneMean, sources) = (row.real(7), row.real(8), row.real(9), row.optionalInteger(10))
    }

    /// The rows of `sql`, whose arguments are the two states' codes and then the first and last period.
    static func query(_ sql: String, _ source: CountryCode, _ target: CountryCode, _ periods: ClosedRange<Int>,
                      in database: EntenteDatabase) throws -> [EventPeriodSums] {
        var sums: [EventPeriodSums] = []
        try database.forEachRow(sql, arguments: [source.rawValue, target.rawValue, periods.lowerBound, periods.upperBound]) {
            sums.append(EventPeriodSums($0))
        }
        return sums
    }
}

/// The GDELT dyad-day roll-ups (`event_dyad_day`, written by `EventWriter`) summed for reading.
public enum EventDyadDay {
    /// One entry per period (days of `days` grouped by `day / divisor`: 1 for days, 100 for months, 10 000 for
    /// years) with events from `source` to `target` (both ways when `undirected`), in period order.
    public static func sums(from source: CountryCode, to target: CountryCode, undirected: Bool, days: ClosedRange<Int>,
                            divisor: Int, in database: EntenteDatabase) throws -> [EventPeriodSums] {
        let filter = undirected ? "((source = ?1 AND target = ?2) OR (source = ?2 AND target = ?1))" : "source = ?1 AND target = ?2"
        return try EventPeriodSums.query("""
            SELECT (day / \(divisor)) AS k, SUM(events), SUM(mentions), SUM(events_q1), SUM(events_q2), SUM(events_q3), SUM(events_q4),
                   SUM(goldstein_sum), SUM(goldstein_sum) / SUM(events), SUM(tone_sum) / NULLIF(SUM(toned_events), 0),
                   \(SourceHostSet.countFunction)(hosts)
            FROM event_dyad_day WHERE \(filter) AND day BETWEEN ?3 AND ?4 GROUP BY k ORDER BY k
            """, source, target, days, in: database)
    }

    /// The first and last month (YYYYMM) with an event, nil before any import.
    public static func monthSpan(in database: EntenteDatabase) throws -> ClosedRange<Int>? {
        var span: ClosedRange<Int>?
        try database.forEachRow("SELECT MIN(day) / 100, MAX(day) / 100 FROM event_dyad_day") { row in
            if !row.isNull(0) { span = row.integer(0)...row.integer(1) }
        }
        return span
    }

    /// The number of dyad-days and the first and last year, nil before any import.
    public static func extent(in database: EntenteDatabase) throws -> (dyadDays: Int, years: ClosedRange<Int>?) {
        var extent: (dyadDays: Int, years: ClosedRange<Int>?) = (0, nil)
        try database.forEachRow("SELECT COUNT(*), MIN(day) / 10000, MAX(day) / 10000 FROM event_dyad_day") { row in
            extent.dyadDays = row.integer(0)
            if !row.isNull(1) { extent.years = row.integer(1)...row.integer(2) }
        }
        return extent
    }

    /// The months (YYYYMM) of `months` with any event.
    public static func coveredMonths(_ months: ClosedRange<Int>, in database: EntenteDatabase) throws -> Set<Int> {
        var covered: Set<Int> = []
        try database.forEachRow("SELECT DISTINCT day / 100 FROM event_dyad_day WHERE day BETWEEN ?1 AND ?2",
                                arguments: days(of: months)) { covered.insert($0.integer(0)) }
        return covered
    }

    /// The first and last day of `months` (YYYYMM) as statement arguments.
    static func days(of months: ClosedRange<Int>) -> StatementArguments { [months.lowerBound * 100, months.upperBound * 100 + 99] }
}

/// GDELT events from one state to another in a month, summed over its days; `cooperation` events of quad classes
/// 1–2, `conflict` of 3–4.
public struct EventDyadMonth: Sendable, StreamedRecord {
    public var source: Int
    public var target: Int
    /// YYYYMM.
    public var month: Int
    public var events: Int
    public var cooperation: Int
    public var conflict: Int
    public var goldsteinSum: Double
    public var toneSum: Double
    /// Events with a tone.
    public var tonedEvents: Int

    init(_ row: RawRow) {
        (source, target, month) = (row.integer(0), row.integer(1), row.integer(2))
        (events, cooperation, conflict) = (row.integer(3), row.integer(4), row.integer(5))
        (goldsteinSum, toneSum, tonedEvents) = (row.real(6) ?? 0, row.real(7) ?? 0, row.integer(8))
    }

    /// Every directed dyad and month of `months` (YYYYMM) with events, or only `dyad`'s both ways, grouped by dyad
    /// and month.
    public static func forEach(months: ClosedRange<Int>, dyad: (CountryCode, CountryCode)? = nil, in database: EntenteDatabase,
                               _ body: (Self) throws -> Void) throws {
        var arguments = EventDyadDay.days(of: months)
        var dyadFilter = ""
        if let dyad {
            dyadFilter = " AND ((source = ?3 AND target = ?4) OR (source = ?4 AND target = ?3))"
            arguments += [dyad.0.rawValue, dyad.1.rawValue]
        }
        try database.forEach("""
            SELECT source, target, day / 100, SUM(events), SUM(events_q1 + events_q2), SUM(events_q3 + events_q4),
                   SUM(goldstein_sum), SUM(tone_sum), SUM(toned_events)
            FROM event_dyad_day WHERE day BETWEEN ?1 AND ?2\(dyadFilter) GROUP BY 1, 2, 3
            """, arguments: arguments, body)
    }
}

/// GDELT events a state received in a month from a set of senders, summed over them and the month's days;
/// `conflict` those of quad classes 3–4.
public struct EventsReceived: Sendable, StreamedRecord {
    public var target: Int
    /// YYYYMM.
    public var month: Int
    public var events: Int
    public var conflict: Int

    init(_ row: RawRow) { (target, month, events, conflict) = (row.integer(0), row.integer(1), row.integer(2), row.integer(3)) }

    /// Every target and month of `months` (YYYYMM) with events from `sources`.
    public static func forEach(from sources: [Int], months: ClosedRange<Int>, in database: EntenteDatabase,
                               _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT target, day / 100, SUM(events), SUM(events_q3 + events_q4) FROM event_dyad_day
            WHERE day BETWEEN ?1 AND ?2 AND source IN (\(sources.map(String.init).joined(separator: ","))) GROUP BY 1, 2
            """, arguments: EventDyadDay.days(of: months), body)
    }
}
