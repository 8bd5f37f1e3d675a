import EntenteCore
import EntenteStore

/// The dyad-month view: for each non-directed pair and month with imported events or common UN votes, the GDELT
/// roll-ups in each direction and the month's UN voting agreement.
public struct DyadMonthPanel: Sendable {
    public let database: EntenteDatabase

    /// Creates the service.
    public init(database: EntenteDatabase) { self.database = database }

    /// The columns, in order.
    public static let columns = [
        "ccode1", "ccode2", "month", "events_12", "events_21", "cooperation_share", "conflict_share", "goldstein_mean",
        "tone_mean", "un_votes_n", "un_agree",
    ]

    /// Rows for months in `from...to` (YYYYMM), for one dyad or, with `dyad` nil, every dyad with data.
    public func build(from first: Int, to last: Int, dyad: (CountryCode, CountryCode)? = nil) throws -> ReportTable {
        struct Month {
            var events12 = 0, events21 = 0, cooperation = 0, conflict = 0
            var goldstein = 0.0, tone = 0.0, toned = 0
            var votes = 0, agree = 0
        }
        var months: [UInt64: Month] = [:]
        let dyadFilter = dyad.map { a, b in
            " AND ((source = \(a.rawValue) AND target = \(b.rawValue)) OR (source = \(b.rawValue) AND target = \(a.rawValue)))"
        } ?? ""
        try database.forEachRow("""
            SELECT source, target, day / 100, SUM(events), SUM(events_q1 + events_q2), SUM(events_q3 + events_q4),
                   SUM(goldstein_sum), SUM(tone_sum), SUM(toned_events)
            FROM event_dyad_day WHERE day / 100 BETWEEN \(first) AND \(last)\(dyadFilter) GROUP BY 1, 2, 3
            """) { row in
            let (a, b, month) = (row.integer(0), row.integer(1), row.integer(2))
            let key = PanelBuilder.key(a, b, 0) << 20 | UInt64(month)
            var entry = months[key] ?? Month()
            if a < b { entry.events12 += row.integer(3) } else { entry.events21 += row.integer(3) }
            entry.cooperation += row.integer(4)
            entry.conflict += row.integer(5)
            entry.goldstein += row.real(6) ?? 0
            entry.tone += row.real(7) ?? 0
            entry.toned += row.integer(8)
            months[key] = entry
        }
        let voteFilter = dyad.map { a, b in
            " AND x.country_ccode = \(min(a.rawValue, b.rawValue)) AND y.country_ccode = \(max(a.rawValue, b.rawValue))"
        } ?? " AND x.country_ccode < y.country_ccode"
        try database.forEachRow("""
            SELECT x.country_ccode, y.country_ccode, CAST(substr(r.date, 1, 4) || substr(r.date, 6, 2) AS INTEGER) AS month,
                   COUNT(*), SUM(x.vote = y.vote)
            FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid JOIN un_roll_calls r ON r.rcid = x.rcid
            WHERE x.vote IN ('yes', 'no', 'abstain') AND y.vote IN ('yes', 'no', 'abstain')
              AND month BETWEEN \(first) AND \(last)\(voteFilter)
            GROUP BY 1, 2, 3
            """) { row in
            let key = PanelBuilder.key(row.integer(0), row.integer(1), 0) << 20 | UInt64(row.integer(2))
            var entry = months[key] ?? Month()
            entry.votes += row.integer(3)
            entry.agree += row.integer(4)
            months[key] = entry
        }
        let rows: [[FieldValue]] = months.keys.sorted().map { key in
            let entry = months[key]!
            let dyadKey = key >> 20, month = Int(key & 0xFFFFF)
            let events = entry.events12 + entry.events21
            func share(_ part: Int) -> FieldValue { events > 0 ? .real(Double(part) / Double(events)) : .null }
            return [.integer(Int64(dyadKey >> 22)), .integer(Int64((dyadKey >> 12) & 0x3FF)),
                    .text("\(month / 100)-\(month % 100 < 10 ? "0" : "")\(month % 100)"),
                    .integer(Int64(entry.events12)), .integer(Int64(entry.events21)), share(entry.cooperation), share(entry.conflict),
                    events > 0 ? .real(entry.goldstein / Double(events)) : .null,
                    entry.toned > 0 ? .real(entry.tone / Double(entry.toned)) : .null,
                    .integer(Int64(entry.votes)), entry.votes > 0 ? .real(Double(entry.agree) / Double(entry.votes)) : .null]
        }
        return ReportTable(columns: Self.columns, rows: rows)
    }
}
