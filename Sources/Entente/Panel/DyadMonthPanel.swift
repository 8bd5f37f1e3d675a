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
        guard first <= last else { return ReportTable(columns: Self.columns, rows: []) }
        var months: [UInt64: Month] = [:]
        try EventDyadMonth.forEach(months: first...last, dyad: dyad, in: database) { row in
            let key = PanelBuilder.key(row.source, row.target, 0) << 20 | UInt64(row.month)
            var entry = months[key] ?? Month()
            if row.source < row.target { entry.events12 += row.events } else { entry.events21 += row.events }
            entry.cooperation += row.cooperation
            entry.conflict += row.conflict
            entry.goldstein += row.goldsteinSum
            entry.tone += row.toneSum
            entry.toned += row.tonedEvents
            months[key] = entry
        }
        try UNMonthlyAgreement.forEach(months: first...last, dyad: dyad, in: database) { row in
            let key = PanelBuilder.key(row.ccode1, row.ccode2, 0) << 20 | UInt64(row.month)
            var entry = months[key] ?? Month()
            entry.votes += row.votes
            entry.agree += row.agreements
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
