import EntenteCore
import EntenteStore

/// The period an event series is summed over.
public enum EventPeriod: String, CaseIterable, Sendable {
    case day, month, year

    /// Integer key of a YYYYMMDD day for this period.
    var divisor: Int {
        switch self {
        case .day: 1
        case .month: 100
        case .year: 10_000
        }
    }

    func label(_ key: Int) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        switch self {
        case .day: return "\(key / 10_000)-\(pad(key / 100 % 100))-\(pad(key % 100))"
        case .month: return "\(key / 100)-\(pad(key % 100))"
        case .year: return String(key)
        }
    }
}

/// Where a series comes from.
public enum EventSource: String, CaseIterable, Sendable {
    /// GDELT roll-ups imported with `entente events import`.
    case gdelt
    /// ICEWS dyad-year quad counts from the foundation import (`icews` dataset), yearly only.
    case icews
}

/// Event series for a dyad, from the stored roll-ups.
public struct EventSeries: Sendable {
    public let database: EntenteDatabase

    /// Creates the query service.
    public init(database: EntenteDatabase) { self.database = database }

    /// The column names of every event series, in order.
    public static let columns = ["period", "events", "mentions", "events_q1", "events_q2", "events_q3", "events_q4",
                                 "goldstein_sum", "goldstein_mean", "tone_mean", "sources"]

    /// The series of events from `source` to `target` (or between them both ways when `undirected`), summed per
    /// period, for days in `from...to` (YYYYMMDD, inclusive).
    public func series(from source: CountryCode, to target: CountryCode, by period: EventPeriod, origin: EventSource = .gdelt,
                       undirected: Bool = false, from start: Int? = nil, to end: Int? = nil) throws -> ReportTable {
        switch origin {
        case .gdelt: try gdelt(source, target, period, undirected, start ?? 0, end ?? 99_999_999)
        case .icews: try icews(source, target, undirected, (start ?? 0) / 10_000, (end ?? 99_999_999) / 10_000)
        }
    }

    private func dyadFilter(_ undirected: Bool) -> String {
        undirected ? "((source = ?1 AND target = ?2) OR (source = ?2 AND target = ?1))" : "source = ?1 AND target = ?2"
    }

    private func gdelt(_ source: CountryCode, _ target: CountryCode, _ period: EventPeriod, _ undirected: Bool,
                       _ start: Int, _ end: Int) throws -> ReportTable {
        let key = "(day / \(period.divisor))"
        let arguments: [FieldValue] = [.integer(Int64(source.rawValue)), .integer(Int64(target.rawValue)),
                                       .integer(Int64(start)), .integer(Int64(end))]
        let sums = try database.readOnlyQuery("""
            SELECT \(key) AS k, SUM(events), SUM(mentions), SUM(events_q1), SUM(events_q2), SUM(events_q3), SUM(events_q4),
                   SUM(goldstein_sum), SUM(goldstein_sum) / SUM(events), SUM(tone_sum) / NULLIF(SUM(toned_events), 0),
                   \(SourceHostSet.countFunction)(hosts)
            FROM event_dyad_day WHERE \(dyadFilter(undirected)) AND day BETWEEN ?3 AND ?4 GROUP BY k ORDER BY k
            """, arguments: arguments)
        let rows: [[FieldValue]] = sums.rows.map { row in
            guard case .integer(let k) = row[0] else { return row }
            return [.text(period.label(Int(k)))] + row.dropFirst()
        }
        return ReportTable(columns: Self.columns, rows: rows)
    }

    private func icews(_ source: CountryCode, _ target: CountryCode, _ undirected: Bool, _ start: Int, _ end: Int) throws -> ReportTable {
        let filter = undirected
            ? "((source_ccode = ?1 AND target_ccode = ?2) OR (source_ccode = ?2 AND target_ccode = ?1))"
            : "source_ccode = ?1 AND target_ccode = ?2"
        let result = try database.readOnlyQuery("""
            SELECT year, SUM(verbal_cooperation + material_cooperation + verbal_conflict + material_conflict), NULL,
                   SUM(verbal_cooperation), SUM(material_cooperation), SUM(verbal_conflict), SUM(material_conflict),
                   NULL, NULL, NULL, NULL
            FROM icews WHERE \(filter) AND year BETWEEN ?3 AND ?4 GROUP BY year ORDER BY year
            """, arguments: [.integer(Int64(source.rawValue)), .integer(Int64(target.rawValue)),
                             .integer(Int64(start)), .integer(Int64(end))])
        return ReportTable(columns: Self.columns, rows: result.rows.map { row in
            guard case .integer(let year) = row[0] else { return row }
            return [.text(String(year))] + row.dropFirst()
        })
    }
}
