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
        let (start, end) = (start ?? 0, end ?? 99_999_999)
        guard start <= end else { return ReportTable(columns: Self.columns, rows: []) }
        switch origin {
        case .gdelt: return try gdelt(source, target, period, undirected, start...end)
        case .icews: return try icews(source, target, undirected, start / 10_000...end / 10_000)
        }
    }

    private func gdelt(_ source: CountryCode, _ target: CountryCode, _ period: EventPeriod, _ undirected: Bool,
                       _ days: ClosedRange<Int>) throws -> ReportTable {
        let sums = try EventDyadDay.sums(from: source, to: target, undirected: undirected, days: days, divisor: period.divisor, in: database)
        let rows: [[FieldValue]] = sums.map { row in
            guard case .integer(let k) = row[0] else { return row }
            return [.text(period.label(Int(k)))] + row.dropFirst()
        }
        return ReportTable(columns: Self.columns, rows: rows)
    }

    private func icews(_ source: CountryCode, _ target: CountryCode, _ undirected: Bool, _ years: ClosedRange<Int>) throws -> ReportTable {
        let sums = try ICEWSDyadYear.sums(from: source, to: target, undirected: undirected, years: years, in: database)
        return ReportTable(columns: Self.columns, rows: sums.map { row in
            guard case .integer(let year) = row[0] else { return row }
            return [.text(String(year))] + row.dropFirst()
        })
    }
}
