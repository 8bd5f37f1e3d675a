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

    /// The events from `source` to `target` (or between them both ways when `undirected`), summed per period,
    /// for days in `from...to` (YYYYMMDD, inclusive); ICEWS by year whatever `period` says.
    public func sums(from source: CountryCode, to target: CountryCode, by period: EventPeriod, origin: EventSource = .gdelt,
                     undirected: Bool = false, from start: Int? = nil, to end: Int? = nil) throws -> [EventPeriodSums] {
        let (start, end) = (start ?? 0, end ?? 99_999_999)
        guard start <= end else { return [] }
        switch origin {
        case .gdelt:
            return try EventDyadDay.sums(from: source, to: target, undirected: undirected, days: start...end, divisor: period.divisor, in: database)
        case .icews:
            return try ICEWSDyadYear.sums(from: source, to: target, undirected: undirected, years: start / 10_000...end / 10_000, in: database)
        }
    }

    /// `sums` as a table of `columns`, each period written out (2014-03 for a month).
    public func series(from source: CountryCode, to target: CountryCode, by period: EventPeriod, origin: EventSource = .gdelt,
                       undirected: Bool = false, from start: Int? = nil, to end: Int? = nil) throws -> ReportTable {
        let sums = try sums(from: source, to: target, by: period, origin: origin, undirected: undirected, from: start, to: end)
        func label(_ key: Int) -> String { origin == .icews ? String(key) : period.label(key) }
        return ReportTable(columns: Self.columns, rows: sums.map { sum in
            func count(_ value: Int?) -> FieldValue { value.map { .integer(Int64($0)) } ?? .null }
            func real(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
            return [.text(label(sum.period)), count(sum.events), count(sum.mentions)] + sum.quadClasses.map(count)
                + [real(sum.goldsteinSum), real(sum.goldsteinMean), real(sum.toneMean), count(sum.sources)]
        })
    }
}
