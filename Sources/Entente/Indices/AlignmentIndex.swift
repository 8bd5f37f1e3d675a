import EntenteCore
import EntenteRendering
import EntenteStore
import Foundation

/// The alignment index of a dyad by year: how close the two states stand, from UN voting (diplomatic), alliance
/// level and arms transfers (military), trade (economic) and cooperative events (event).
///
/// Method. Each indicator is placed against the whole system in its year as a mid-rank percentile among all
/// dyads that have a value (0 = least aligned dyad, 1 = most). A component is the mean of its indicators'
/// percentiles; the composite is the mean of the components present. `composite_own_z` places each year against
/// the dyad's own history (z-score over its years). The band is the 5th–95th percentile of 500 seeded bootstrap
/// replicates that resample the dyad's roll calls within each year (the S-score's sampling noise; the other dyads'
/// S-scores held fixed) and resample the components present (their disagreement): `AlignmentBootstrap`, shared
/// with `MonthlyAlignment`.
public struct AlignmentIndex: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// The first year the briefing and `entente align` show: the years since the Cold War's end, which the
    /// article's argument is about and in which the China–Russia relationship has kept one shape.
    public static let standardFirstYear = 1990

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// One year of the index with its parts and the raw values they come from (in JSON, the reading's fields stand
    /// beside the year's own).
    @dynamicMemberLookup
    public struct Year: Sendable, Codable, Equatable {
        public var year: Int
        public var reading: AlignmentReading
        /// The composite as a z-score within the span asked for.
        public var ownZ: Double?
        public var raw: [String: Double]

        /// The reading's fields as the year's own (`year.composite`).
        public subscript<T>(dynamicMember path: WritableKeyPath<AlignmentReading, T>) -> T {
            get { reading[keyPath: path] }
            set { reading[keyPath: path] = newValue }
        }

        init(year: Int, reading: AlignmentReading, raw: [String: Double]) {
            (self.year, self.reading, self.raw) = (year, reading, raw)
        }

        private enum CodingKeys: String, CodingKey { case year, ownZ, raw }

        public init(from decoder: any Decoder) throws {
            reading = try AlignmentReading(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            year = try container.decode(Int.self, forKey: .year)
            ownZ = try container.decodeIfPresent(Double.self, forKey: .ownZ)
            raw = try container.decode([String: Double].self, forKey: .raw)
        }

        public func encode(to encoder: any Encoder) throws {
            try reading.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(year, forKey: .year)
            try container.encodeIfPresent(ownZ, forKey: .ownZ)
            try container.encode(raw, forKey: .raw)
        }
    }

    /// The ATOP ladder: 0 no tie, 1 consultation, 2 non-aggression or neutrality, 3 defence or offence.
    static func ladder(defense: Double, offense: Double, neutral: Double, nonagg: Double, consul: Double) -> Double {
        if defense == 1 || offense == 1 { return 3 }
        if nonagg == 1 || neutral == 1 { return 2 }
        return consul == 1 ? 1 : 0
    }

    /// The index for `a`–`b` over the years, computed against a panel of the same years: `panel` when the caller
    /// has built it (non-directed, covering the years), else one built here.
    public func series(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int, replicates: Int = 500,
                       seed: UInt64 = 20_011, panel: DyadYearPanel? = nil) throws -> [Year] {
        let panel = try panel ?? PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: first, lastYear: last, directed: false))
        func values(_ name: PanelColumnName) -> [Double] { panel.column(name)!.values }
        let sscore = values(.unSScore), ideal = values(.idealDistance), arms = values(.armsTIV)
        let dep1 = values(.tradeDep1), dep2 = values(.tradeDep2)
        let defense = values(.atop(.defense)), offense = values(.atop(.offense)), neutral = values(.atop(.neutral))
        let nonagg = values(.atop(.nonagg)), consul = values(.atop(.consul))
        let coop = try icewsCooperation(from: first, to: last)

        // Per year, the sorted system distribution of every indicator.
        var distributions: [String: [Int: [Double]]] = [:]
        var dyadRows: [Int: Int] = [:]
        let low = min(a.rawValue, b.rawValue), high = max(a.rawValue, b.rawValue)
        for row in 0..<panel.count {
            let year = Int(panel.year[row])
            let x = Int(panel.ccode1[row]), z = Int(panel.ccode2[row])
            if x == low && z == high { dyadRows[year] = row }
            func add(_ name: String, _ value: Double) { if !value.isNaN { distributions[name, default: [:]][year, default: []].append(value) } }
            add("un_sscore", sscore[row])
            add("ideal_closeness", -ideal[row])
            add("atop_level", Self.ladder(defense: defense[row], offense: offense[row], neutral: neutral[row],
                                          nonagg: nonagg[row], consul: consul[row]))
            add("arms_tiv", arms[row])
            if !dep1[row].isNaN && !dep2[row].isNaN { add("trade_dependence", (dep1[row] + dep2[row]) / 2) }
            if let share = coop[PanelBuilder.key(x, z, year)] { add("icews_cooperation", share) }
        }
        for name in distributions.keys {
            for year in distributions[name]!.keys { distributions[name]![year]!.sort() }
        }
        func percentile(_ name: String, _ year: Int, _ value: Double?) -> Double? {
            guard let value, !value.isNaN, let sorted = distributions[name]?[year] else { return nil }
            return Statistics.percentileRank(value, inSorted: sorted)
        }
        let rollCalls = try votes(a, b, from: first, to: last)
        var generator = SeededGenerator(seed: seed)
        var years: [Year] = []
        for year in first...last {
            guard let row = dyadRows[year] else { continue }
            var raw: [String: Double] = [:]
            func note(_ name: String, _ value: Double) { if !value.isNaN { raw[name] = value } }
            note("un_sscore", sscore[row])
            note("ideal_distance", ideal[row])
            let level = Self.ladder(defense: defense[row], offense: offense[row], neutral: neutral[row], nonagg: nonagg[row], consul: consul[row])
            note("atop_level", level)
            note("arms_tiv", arms[row])
            if !dep1[row].isNaN && !dep2[row].isNaN { note("trade_dependence", (dep1[row] + dep2[row]) / 2) }
            if let share = coop[PanelBuilder.key(low, high, year)] { note("icews_cooperation", share) }

            func components(sscoreValue: Double?) -> [String: Double] {
                var parts: [String: Double] = [:]
                let diplomatic = [percentile("un_sscore", year, sscoreValue), percentile("ideal_closeness", year, raw["ideal_distance"].map { -$0 })].compactMap { $0 }
                if let value = Statistics.mean(diplomatic) { parts["diplomatic"] = value }
                let military = [percentile("atop_level", year, level), percentile("arms_tiv", year, raw["arms_tiv"])].compactMap { $0 }
                if let value = Statistics.mean(military) { parts["military"] = value }
                if let value = percentile("trade_dependence", year, raw["trade_dependence"]) { parts["economic"] = value }
                if let value = percentile("icews_cooperation", year, raw["icews_cooperation"]) { parts["event"] = value }
                return parts
            }
            let parts = components(sscoreValue: raw["un_sscore"])
            // Bootstrap: resample this year's roll calls, then the components present.
            let calls = rollCalls[year] ?? []
            let band = AlignmentBootstrap.band(replicates: parts.isEmpty ? 0 : replicates, using: &generator) { generator in
                var resampledScore: Double? = raw["un_sscore"]
                if !calls.isEmpty {
                    var distance = 0.0
                    for _ in calls.indices { distance += calls[Int.random(in: 0..<calls.count, using: &generator)] }
                    resampledScore = 1 - distance / Double(calls.count)
                }
                return components(sscoreValue: resampledScore)
            }
            years.append(Year(year: year, reading: AlignmentReading(parts: parts, band: band), raw: raw))
        }
        let composites = years.compactMap(\.composite)
        if let mean = Statistics.mean(composites), let sd = Statistics.standardDeviation(composites), sd > 0 {
            for index in years.indices { years[index].ownZ = years[index].composite.map { ($0 - mean) / sd } }
        }
        return years
    }

    /// ICEWS cooperative share of all events between two states in a year (both directions), for dyad-years with
    /// at least 10 events, keyed like panel rows.
    func icewsCooperation(from first: Int, to last: Int) throws -> [UInt64: Double] {
        guard try database.hasTable("icews") else { return [:] }
        var totals: [UInt64: (coop: Double, all: Double)] = [:]
        try ICEWSDyadYear.forEach(years: first...last, in: database) { row in
            let key = PanelBuilder.key(row.source, row.target, row.year)
            let current = totals[key] ?? (0, 0)
            totals[key] = (current.coop + Double(row.cooperation), current.all + Double(row.events))
        }
        return totals.compactMapValues { $0.all >= 10 ? $0.coop / $0.all : nil }
    }

    /// Per year, the distance |v_a − v_b| on each roll call both voted on (yes 1, abstain 2, no 3).
    func votes(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws -> [Int: [Double]] {
        var result: [Int: [Double]] = [:]
        for rollCall in try UNVote.distances(between: a, and: b, years: first...last, in: database) {
            result[rollCall.year, default: []].append(Double(rollCall.distance))
        }
        return result
    }

    /// The series as a printable table.
    public static func report(_ years: [Year]) -> ReportTable {
        func cell(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        let rawNames = ["un_sscore", "ideal_distance", "atop_level", "arms_tiv", "trade_dependence", "icews_cooperation"]
        return ReportTable(
            columns: ["year", "composite", "lower", "upper", "diplomatic", "military", "economic", "event", "composite_own_z"] + rawNames,
            rows: years.map { year in
                [.integer(Int64(year.year)), cell(year.composite), cell(year.lower), cell(year.upper), cell(year.diplomatic),
                 cell(year.military), cell(year.economic), cell(year.event), cell(year.ownZ)] + rawNames.map { cell(year.raw[$0]) }
            })
    }

    /// The series as an SVG chart: the composite with its band, and the four components.
    /// The composite and its four components as chart lines, in the colours both alignment charts use.
    static func componentSeries(composite: [Double?], diplomatic: [Double?], military: [Double?], economic: [Double?],
                                event: [Double?]) -> [LineChart.Series] {
        [LineChart.Series(name: "composite", values: composite, color: "#111", width: 2.5),
         LineChart.Series(name: "diplomatic", values: diplomatic, color: "#1f77b4"),
         LineChart.Series(name: "military", values: military, color: "#d62728"),
         LineChart.Series(name: "economic", values: economic, color: "#2ca02c"),
         LineChart.Series(name: "event", values: event, color: "#9467bd")]
    }

    public static func chart(_ years: [Year], title: String) -> String {
        LineChart(
            title: title, x: years.map(\.year),
            series: componentSeries(composite: years.map(\.composite), diplomatic: years.map(\.diplomatic),
                                    military: years.map(\.military), economic: years.map(\.economic), event: years.map(\.event)),
            yLabel: "percentile among all dyads",
            band: (years.map(\.lower), years.map(\.upper), "#888", "90% band"),
            yRange: 0...1, markers: [(1989, "1989"), (2014, "2014")]
        ).svg()
    }
}
