import EntenteCore
import EntenteStore

/// The alignment index by month: the diplomatic component from the month's UN roll calls (share of identical
/// votes, as a percentile among all pairs voting that month) and the event component from the month's imported
/// GDELT events (cooperative share of events between the two, as a percentile among dyads with at least 5 events
/// that month); the military and economic components, yearly in their sources, carry their year's value. The
/// composite is the mean of the components present.
public struct MonthlyAlignment: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// One month of the index.
    public struct Month: Sendable {
        /// YYYYMM.
        public var month: Int
        public var composite: Double?
        public var diplomatic: Double?
        public var military: Double?
        public var economic: Double?
        public var event: Double?
        public var unAgree: Double?
        public var unVotes: Int
        public var cooperationShare: Double?
        public var events: Int
    }

    /// Months of `first...last` (years) for the dyad.
    public func series(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws -> [Month] {
        let yearly = try AlignmentIndex(database: database, reference: reference)
            .series(a, b, from: first, to: last, replicates: 0)
        let byYear = Dictionary(uniqueKeysWithValues: yearly.map { ($0.year, $0) })
        let (unDistributions, unDyad) = try monthlyAgreement(a, b, from: first, to: last)
        let (eventDistributions, eventDyad) = try monthlyCooperation(a, b, from: first, to: last)
        var months: [Month] = []
        for year in first...last {
            for monthOfYear in 1...12 {
                let month = year * 100 + monthOfYear
                let un = unDyad[month], events = eventDyad[month]
                let diplomatic = un.flatMap { value in unDistributions[month].flatMap { Statistics.percentileRank(value.agree, inSorted: $0) } }
                let event = events.flatMap { value in eventDistributions[month].flatMap { Statistics.percentileRank(value.share, inSorted: $0) } }
                let military = byYear[year]?.military, economic = byYear[year]?.economic
                let parts = [diplomatic, military, economic, event].compactMap { $0 }
                months.append(Month(month: month, composite: Statistics.mean(parts), diplomatic: diplomatic, military: military,
                                    economic: economic, event: event, unAgree: un?.agree, unVotes: un?.votes ?? 0,
                                    cooperationShare: events?.share, events: events?.events ?? 0))
            }
        }
        return months
    }

    /// Per month, the sorted shares of identical votes of every pair of states that voted on the same roll calls,
    /// and the dyad's own share and count.
    func monthlyAgreement(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws
        -> ([Int: [Double]], [Int: (agree: Double, votes: Int)]) {
        // votes[month][rcid] = [(ccode, vote code)]
        var votes: [Int: [Int: [(Int, Int8)]]] = [:]
        try database.forEachRow("""
            SELECT CAST(substr(r.date, 1, 4) || substr(r.date, 6, 2) AS INTEGER), v.rcid, v.country_ccode,
                   CASE v.vote WHEN 'yes' THEN 1 WHEN 'abstain' THEN 2 ELSE 3 END
            FROM un_votes v JOIN un_roll_calls r ON r.rcid = v.rcid
            WHERE v.country_ccode IS NOT NULL AND v.vote IN ('yes', 'abstain', 'no') AND v.year BETWEEN \(first) AND \(last)
            """) { row in
            votes[row.integer(0), default: [:]][row.integer(1), default: []].append((row.integer(2), Int8(row.integer(3))))
        }
        var distributions: [Int: [Double]] = [:]
        var dyad: [Int: (agree: Double, votes: Int)] = [:]
        for (month, calls) in votes {
            let states = Array(Set(calls.values.flatMap { $0.map(\.0) })).sorted()
            let column = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1, $0) })
            let rcids = calls.keys.sorted()
            var matrix = [Int8](repeating: 0, count: states.count * rcids.count)
            for (index, rcid) in rcids.enumerated() {
                for (code, vote) in calls[rcid]! { matrix[column[code]! * rcids.count + index] = vote }
            }
            var shares: [Double] = []
            for i in states.indices {
                for j in (i + 1)..<max(i + 1, states.count) {
                    var n = 0, same = 0
                    for call in rcids.indices {
                        let x = matrix[i * rcids.count + call], z = matrix[j * rcids.count + call]
                        if x != 0 && z != 0 {
                            n += 1
                            if x == z { same += 1 }
                        }
                    }
                    guard n > 0 else { continue }
                    let share = Double(same) / Double(n)
                    shares.append(share)
                    if Set([states[i], states[j]]) == Set([a.rawValue, b.rawValue]) { dyad[month] = (share, n) }
                }
            }
            distributions[month] = shares.sorted()
        }
        return (distributions, dyad)
    }

    /// Per month, the sorted cooperative shares of events of every dyad with at least 5 events (both directions),
    /// and the dyad's own share and event count.
    func monthlyCooperation(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws
        -> ([Int: [Double]], [Int: (share: Double, events: Int)]) {
        var totals: [UInt64: (cooperation: Int, events: Int)] = [:]
        try database.forEachRow("""
            SELECT source, target, day / 100, SUM(events_q1 + events_q2), SUM(events) FROM event_dyad_day
            WHERE day / 10000 BETWEEN \(first) AND \(last) GROUP BY 1, 2, 3
            """) { row in
            let key = PanelBuilder.key(row.integer(0), row.integer(1), 0) << 20 | UInt64(row.integer(2))
            let current = totals[key] ?? (0, 0)
            totals[key] = (current.cooperation + row.integer(3), current.events + row.integer(4))
        }
        let dyadKey = PanelBuilder.key(a.rawValue, b.rawValue, 0)
        var distributions: [Int: [Double]] = [:]
        var dyad: [Int: (share: Double, events: Int)] = [:]
        for (key, value) in totals where value.events >= 5 {
            let month = Int(key & 0xFFFFF)
            let share = Double(value.cooperation) / Double(value.events)
            distributions[month, default: []].append(share)
            if key >> 20 == dyadKey { dyad[month] = (share, value.events) }
        }
        for month in distributions.keys { distributions[month]!.sort() }
        return (distributions, dyad)
    }

    /// The series as a printable table; months with no component at all are left out.
    public static func report(_ months: [Month]) -> ReportTable {
        func cell(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        return ReportTable(
            columns: ["month", "composite", "diplomatic", "military", "economic", "event", "un_agree", "un_votes_n",
                      "cooperation_share", "events"],
            rows: months.filter { $0.composite != nil }.map { month in
                [.text("\(month.month / 100)-\(month.month % 100 < 10 ? "0" : "")\(month.month % 100)"), cell(month.composite),
                 cell(month.diplomatic), cell(month.military), cell(month.economic), cell(month.event), cell(month.unAgree),
                 .integer(Int64(month.unVotes)), cell(month.cooperationShare), .integer(Int64(month.events))]
            })
    }
}
