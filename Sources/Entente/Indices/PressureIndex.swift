import EntenteCore
import EntenteStore
import Foundation

/// Western pressure on a state by year — the article's main driver — from three components, each a mid-rank
/// percentile among all system members in the year:
/// - sanctions: GSDB cases in effect against the state with a Western sender (`west_sanctions` of the panel);
/// - bloc: NATO members directly contiguous with the state (land or sea ≤ 400 miles), the state's own NATO
///   membership aside (COW IGO, to 2014); the Quad and AUKUS are not in the IGO data;
/// - events: the conflictual share of ICEWS events sent to the state by Western states (2002–2014).
/// The index is the mean of the components present. For a dyad, the shared pressure is the smaller of the two
/// states' indices: pressure both sides feel. `monthly` gives the raw Western sanctions and GDELT events by month.
public struct PressureIndex: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// The first year the briefing, `entente pressure` and the pressure test read: five years before the
    /// alignment index starts, so that a lagged pressure term has years before 1990 to lead from.
    public static let standardFirstYear = 1985

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// One state-year.
    public struct StateYear: Sendable, Codable, Equatable {
        public var index: Double?
        public var sanctions: Double?
        public var bloc: Double?
        public var events: Double?
        public var raw: [String: Double]
    }

    /// Pressure on every system member in every year of the range, keyed by (COW code, year), from `panel` when
    /// the caller has built it (non-directed, covering the years), else from one built here.
    public func compute(from first: Int, to last: Int, panel: DyadYearPanel? = nil) throws -> [CountryCode: [Int: StateYear]] {
        let panel = try panel ?? PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: first, lastYear: last, directed: false))
        let west1 = panel.column(.westSanctions.side(.first))!.values, west2 = panel.column(.westSanctions.side(.second))!.values
        let conttype = panel.column(.conttype)!.values
        var nato: Set<UInt64> = []
        var natoLastYear = 0
        try IGOMembership.forEach(of: "nato", in: database) { row in
            nato.insert(PanelBuilder.stateKey(row.code, row.year))
            natoLastYear = max(natoLastYear, row.year)
        }
        var sanctions: [UInt64: Double] = [:]
        var bloc: [UInt64: Double] = [:]
        for row in 0..<panel.count {
            let a = Int(panel.ccode1[row]), b = Int(panel.ccode2[row]), year = Int(panel.year[row])
            let keyA = PanelBuilder.stateKey(a, year), keyB = PanelBuilder.stateKey(b, year)
            sanctions[keyA] = west1[row]
            sanctions[keyB] = west2[row]
            guard year <= natoLastYear else { continue }
            if bloc[keyA] == nil { bloc[keyA] = 0 }
            if bloc[keyB] == nil { bloc[keyB] = 0 }
            if (1...5).contains(conttype[row]) {
                if nato.contains(keyB) && !nato.contains(keyA) { bloc[keyA]! += 1 }
                if nato.contains(keyA) && !nato.contains(keyB) { bloc[keyB]! += 1 }
            }
        }
        let events = try westernConflictShare(from: first, to: last)

        var result: [CountryCode: [Int: StateYear]] = [:]
        for year in first...last {
            let members = reference.stateSystem.members(in: year)
            func distribution(_ table: [UInt64: Double]) -> [Double] {
                members.compactMap { table[PanelBuilder.stateKey($0.rawValue, year)] }.sorted()
            }
            let sorted = (distribution(sanctions), distribution(bloc), distribution(events))
            for member in members {
                let key = PanelBuilder.stateKey(member.rawValue, year)
                var raw: [String: Double] = [:]
                raw["west_sanctions"] = sanctions[key]
                raw["nato_neighbours"] = bloc[key]
                raw["western_conflict_share"] = events[key]
                let parts = [
                    sanctions[key].flatMap { Statistics.percentileRank($0, inSorted: sorted.0) },
                    bloc[key].flatMap { Statistics.percentileRank($0, inSorted: sorted.1) },
                    events[key].flatMap { Statistics.percentileRank($0, inSorted: sorted.2) },
                ]
                result[member, default: [:]][year] = StateYear(index: Statistics.mean(parts.compactMap { $0 }), sanctions: parts[0],
                                                               bloc: parts[1], events: parts[2], raw: raw)
            }
        }
        return result
    }

    /// The Western states of Data/reference/western-senders.csv (those with a COW code).
    func westernStates() -> [Int] { reference.westernSenders.compactMap(\.code) }

    /// The conflictual share (verbal and material conflict over all events) of ICEWS events from Western states
    /// to each state in a year, where Western states sent at least 10.
    func westernConflictShare(from first: Int, to last: Int) throws -> [UInt64: Double] {
        guard try database.hasTable("icews") else { return [:] }
        var totals: [UInt64: (conflict: Double, all: Double)] = [:]
        try ICEWSDyadYear.forEach(years: first...last, sources: westernStates(), in: database) { row in
            let key = PanelBuilder.stateKey(row.target, row.year)
            let current = totals[key] ?? (0, 0)
            totals[key] = (current.conflict + Double(row.conflict), current.all + Double(row.events))
        }
        return totals.compactMapValues { $0.all >= 10 ? $0.conflict / $0.all : nil }
    }

    /// A dyad's series: each side's index and the shared pressure (the smaller), with components.
    public static func report(_ table: [CountryCode: [Int: StateYear]], _ a: CountryCode, _ b: CountryCode?) -> ReportTable {
        func cell(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        let years = Array(table[a]?.keys ?? [:].keys).sorted()
        guard let b else {
            return ReportTable(columns: ["year", "pressure", "sanctions", "bloc", "events", "west_sanctions", "nato_neighbours", "western_conflict_share"],
                               rows: years.map { year in
                                   let s = table[a]![year]!
                                   return [.integer(Int64(year)), cell(s.index), cell(s.sanctions), cell(s.bloc), cell(s.events),
                                           cell(s.raw["west_sanctions"]), cell(s.raw["nato_neighbours"]), cell(s.raw["western_conflict_share"])]
                               })
        }
        return ReportTable(columns: ["year", "pressure_1", "pressure_2", "shared", "west_sanctions_1", "west_sanctions_2"],
                           rows: years.compactMap { year in
                               guard let x = table[a]?[year], let z = table[b]?[year] else { return nil }
                               let shared: Double? = if let p = x.index, let q = z.index { min(p, q) } else { nil }
                               return [.integer(Int64(year)), cell(x.index), cell(z.index), cell(shared),
                                       cell(x.raw["west_sanctions"]), cell(z.raw["west_sanctions"])]
                           })
    }
}

extension PressureIndex {
    /// Western pressure on one state in one month, as raw counts.
    public struct StateMonth: Sendable, Equatable {
        /// GSDB cases with a Western sender in effect against the state. GSDB dates cases by year only, so a case
        /// counts in every month of each year it is in effect.
        public var sanctions: Int
        /// Events from Western states against the state in the month (GDELT roll-ups); nil when no imported event
        /// at all falls in the month, which is then not covered.
        public var westernEvents: Int?
        /// Of those, the conflictual ones: quad classes 3 and 4 (verbal and material conflict).
        public var conflictEvents: Int?

        /// `conflictEvents / westernEvents`; nil without Western events.
        public var conflictShare: Double? {
            guard let conflictEvents, let westernEvents, westernEvents > 0 else { return nil }
            return Double(conflictEvents) / Double(westernEvents)
        }
    }

    /// Western pressure on every system member in every month of `first...last` (YYYYMM), keyed by COW code and
    /// month. Needs the `gsdb` dataset; the events are those imported with `entente events import` or `sync`.
    public func monthly(from first: Int, to last: Int) throws -> [CountryCode: [Int: StateMonth]] {
        guard try database.hasTable("gsdb") else {
            throw PanelError.datasetNotImported("gsdb", use: "monthly pressure")
        }
        let rows = PanelRows(firstYear: first / 100, lastYear: last / 100, directed: false, stateSystem: reference.stateSystem)
        let sanctions = try PanelBuilder(database: database, reference: reference).sanctionsByYear(rows, database).western
        // A month with any imported event is covered: there, a state no Western state acted against has 0 events.
        let covered = try EventDyadDay.coveredMonths(first...last, in: database)
        var events: [Int: (all: Int, conflict: Int)] = [:]
        try EventsReceived.forEach(from: westernStates(), months: first...last, in: database) { row in
            events[row.month << 10 | row.target] = (row.events, row.conflict)
        }
        var result: [CountryCode: [Int: StateMonth]] = [:]
        for month in Self.months(from: first, to: last) {
            let year = month / 100
            for member in reference.stateSystem.members(in: year) {
                let tally = covered.contains(month) ? events[month << 10 | member.rawValue] ?? (0, 0) : nil
                result[member, default: [:]][month] = StateMonth(sanctions: Int(sanctions[rows.stateYear(member.rawValue, year)!]),
                                                                 westernEvents: tally?.all, conflictEvents: tally?.conflict)
            }
        }
        return result
    }

    /// The months `first...last` (YYYYMM), in order.
    static func months(from first: Int, to last: Int) -> [Int] {
        (first / 100 * 12 + first % 100 - 1...last / 100 * 12 + last % 100 - 1).map { $0 / 12 * 100 + $0 % 12 + 1 }
    }

    /// The monthly view as a printable table: a state's values by month (YYYY-MM), or for a dyad each side's
    /// value of every measure and the shared one, the smaller of the two.
    public static func monthlyReport(_ table: [CountryCode: [Int: StateMonth]], _ a: CountryCode, _ b: CountryCode?) -> ReportTable {
        let measures: [(name: String, integer: Bool, value: (StateMonth) -> Double?)] = [
            ("west_sanctions", true, { Double($0.sanctions) }),
            ("western_events", true, { $0.westernEvents.map(Double.init) }),
            ("western_conflict_events", true, { $0.conflictEvents.map(Double.init) }),
            ("western_conflict_share", false, { $0.conflictShare }),
        ]
        func cell(_ value: Double?, _ integer: Bool) -> FieldValue {
            guard let value else { return .null }
            return integer ? .integer(Int64(value)) : .real(value)
        }
        let months = table[a].map { $0.keys.sorted() } ?? []
        guard let b else {
            return ReportTable(columns: ["month"] + measures.map(\.name), rows: months.map { month in
                [.text(EventPeriod.month.label(month))] + measures.map { cell($0.value(table[a]![month]!), $0.integer) }
            })
        }
        return ReportTable(columns: ["month"] + measures.flatMap { ["\($0.name)_1", "\($0.name)_2", "\($0.name)_shared"] },
                           rows: months.compactMap { month in
                               guard let x = table[a]?[month], let z = table[b]?[month] else { return nil }
                               return [.text(EventPeriod.month.label(month))] + measures.flatMap { measure in
                                   let (p, q) = (measure.value(x), measure.value(z))
                                   let shared: Double? = if let p, let q { min(p, q) } else { nil }
                                   return [cell(p, measure.integer), cell(q, measure.integer), cell(shared, measure.integer)]
                               }
                           })
    }
}
