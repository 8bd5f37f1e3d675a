import EntenteCore
import Foundation

/// The panel arranged for honest forecasting: each dyad's rows in year order, each term's values per row, the
/// years at risk and the onsets, and the system's yearly counts. It answers one question for any dyad and year
/// t: what did a term read at the end of year t − 1 (`ForecastTerm`'s rule)?
public struct PredictorSource: Sendable {
    /// Years a missing value may be carried forward from its last observation (beyond the year before).
    public static let carryYears = 4

    public let outcome: AllianceOutcome
    public let terms: [ForecastTerm]
    /// Panel keys, in panel order.
    public let ccode1: [Int32]
    public let ccode2: [Int32]
    public let year: [Int32]
    /// Panel rows sorted by dyad and year, and each row's position in that order.
    let order: [Int]
    let position: [Int]
    /// Each term's raw value in every panel row (log1p applied; NaN missing); the clock and the system rate
    /// hold NaN here and are computed where asked.
    let raw: [[Double]]
    /// Whether the outcome's provision is in force in the row's year, and whether the row is an onset.
    public let inForce: [Bool]
    public let onset: [Bool]
    /// Years without a defence pact in the row's year (the clock's input).
    let defenseYears: [Double]
    /// The system's dyad-years at risk and onsets, by year.
    public let system: SystemRate

    /// The source for `terms` on a non-directed `panel`.
    public init(panel: DyadYearPanel, terms: [ForecastTerm], outcome: AllianceOutcome = .defenseOnset) throws {
        guard !panel.directed else { throw ModelError("forecast models use the non-directed panel") }
        guard outcome.isOnset else { throw ModelError("forecast models predict an onset; \(outcome.rawValue) is a presence outcome") }
        self.outcome = outcome
        self.terms = terms
        ccode1 = panel.ccode1
        ccode2 = panel.ccode2
        year = panel.year
        let n = panel.count
        var order = Array(0..<n)
        let c1 = panel.ccode1, c2 = panel.ccode2, y = panel.year
        order.sort { (c1[$0], c2[$0], y[$0]) < (c1[$1], c2[$1], y[$1]) }
        var position = [Int](repeating: 0, count: n)
        for (index, row) in order.enumerated() { position[row] = index }
        self.order = order
        self.position = position

        raw = try terms.map { term -> [Double] in
            guard term.kind == .lagged else { return [] }
            return try ModelDesign.values(of: ModelTerm(term.base, logOnePlus: term.logOnePlus), in: panel)
        }
        let tied = try ModelDesign.inForceValues(panel, outcome)
        inForce = tied.map { $0 == 1 }
        guard let years = panel.column(.defenseYears)?.values else { throw ModelError("the panel lacks \(PanelColumnName.defenseYears)") }
        defenseYears = years
        // An onset is a new tie: the panel's onset column where the outcome has one (ATOP's own record of the year
        // before decides, so a state returning to the system with its pacts, as in 1945, is no onset), else a tie
        // in force whose dyad had none the year before. A row is at risk when its dyad had no tie the year before
        // and is not holding a tie that is no onset (such rows are neither events nor non-events).
        let onsetColumn = outcome.panelColumn.flatMap { panel.column($0)?.values }
        var onset = [Bool](repeating: false, count: n)
        var atRisk = [Bool](repeating: true, count: n)
        for p in 0..<n {
            let row = order[p]
            if p > 0 {
                let previous = order[p - 1]
                if c1[previous] == c1[row], c2[previous] == c2[row], y[previous] == y[row] - 1, tied[previous] == 1 {
                    atRisk[row] = false
                }
            }
            guard atRisk[row] else { continue }
            if let onsetColumn {
                onset[row] = onsetColumn[row] == 1
                if tied[row] == 1 && !onset[row] { atRisk[row] = false }
            } else {
                onset[row] = tied[row] == 1
            }
        }
        self.onset = onset
        let bilateral = panel.column(.atopDefenseBilateralOnset)?.values.map { $0 == 1 }
        if bilateral == nil, terms.contains(where: { $0.kind == .systemRate && $0.systemCount == .bilateralTreaties }) {
            throw ModelError("the bilateral-treaty rate needs the panel's \(PanelColumnName.atopDefenseBilateralOnset) column (AllianceModelService.panel(for:) for members)")
        }
        system = SystemRate(years: y, atRisk: atRisk, onset: onset, bilateral: bilateral)
        self.atRiskFlags = atRisk
    }

    /// Whether the row is at risk: no tie of the outcome's kind the year before.
    let atRiskFlags: [Bool]

    public var count: Int { year.count }

    /// Panel rows at risk in `years`: the rows a model is fitted and tested on (every onset is a new tie).
    public func atRiskRows(in years: ClosedRange<Int>) -> [Int] {
        (0..<count).filter { atRiskFlags[$0] && years.contains(Int(year[$0])) }.sorted { (year[$0], $0) < (year[$1], $1) }
    }

    /// Panel rows of `origin` whose dyad has no tie in force then: the pairs a forecast from `origin` covers.
    public func originRows(_ origin: Int) -> [Int] {
        (0..<count).filter { Int(year[$0]) == origin && !inForce[$0] }
    }

    /// Whether the dyad of panel row `row` (the origin) has an onset in the `horizon` years after it.
    public func onsetWithin(_ horizon: Int, after row: Int) -> Bool {
        var p = position[row] + 1
        let last = Int(year[row]) + horizon
        while p < order.count, sameDyad(order[p], row), Int(year[order[p]]) <= last {
            if onset[order[p]] { return true }
            p += 1
        }
        return false
    }

    /// The latest year any row describes.
    public var lastYear: Int { Int(year.max() ?? 0) }

    @inline(__always) private func sameDyad(_ a: Int, _ b: Int) -> Bool { ccode1[a] == ccode1[b] && ccode2[a] == ccode2[b] }

    /// The row of the dyad's latest year before `row`'s year, if any.
    func previousRow(_ row: Int) -> Int? {
        let p = position[row]
        guard p > 0, sameDyad(order[p - 1], row) else { return nil }
        return order[p - 1]
    }

    /// What a term reads for a forecast of one year.
    public struct Reading: Sendable, Equatable {
        /// The value (NaN: missing after carrying forward).
        public var value: Double
        /// Years older than the row the term should read (t − lag) the value is (0: fresh; > 0: carried forward).
        public var age: Int

        public init(value: Double, age: Int) {
            self.value = value
            self.age = age
        }
    }

    /// Term `index` for a forecast of `forecastYear`, from the dyad's rows: `anchor` is the dyad's row in that
    /// year (a fitted or tested dyad-year) or its latest row before it (a forecast origin); nil when it has none.
    /// A lagged term reads the row of year t − lag, or the latest observed value up to `carryYears` years older;
    /// never a row after t − lag.
    public func reading(_ index: Int, anchor: Int?, forecastYear t: Int) -> Reading {
        let term = terms[index]
        switch term.kind {
        case .systemRate:
            return Reading(value: system.logitRate(before: t, window: term.window ?? 5, counting: term.systemCount), age: 0)
        case .clock:
            // Years without a pact in the forecast year: from the dyad's latest row before it, plus the years since,
            // unless a pact was in force then (the clock restarts at 0).
            guard let anchor else { return Reading(value: 0, age: 0) }
            let latest = Int(year[anchor]) < t ? anchor : previousRow(anchor)
            guard let latest else { return Reading(value: log1p(max(0, defenseYears[anchor])), age: 0) }
            let years = inForce[latest] ? Double(t - Int(year[latest]) - 1) : defenseYears[latest] + Double(t - Int(year[latest]))
            return Reading(value: log1p(max(0, years)), age: 0)
        case .lagged:
            guard let anchor else { return Reading(value: .nan, age: 0) }
            let column = raw[index]
            let newest = t - term.lag, oldest = newest - Self.carryYears
            var p = position[anchor]
            // A column read from the forecast year's own row (lag 0) may sit one row after an origin.
            if p + 1 < order.count, sameDyad(order[p + 1], anchor), Int(year[order[p + 1]]) <= newest { p += 1 }
            while p >= 0, sameDyad(order[p], anchor) {
                let row = order[p], y = Int(year[row])
                if y < oldest { break }
                if y <= newest, !column[row].isNaN { return Reading(value: column[row], age: newest - y) }
                p -= 1
            }
            return Reading(value: .nan, age: 0)
        }
    }

    /// Every term for the forecast of row `row`'s own year (a fitted or tested dyad-year).
    public func readings(forRow row: Int) -> [Reading] {
        let t = Int(year[row])
        return terms.indices.map { reading($0, anchor: row, forecastYear: t) }
    }

    /// Every term for a forecast `ahead` years after the origin row `row` (1: the next year): covariates as they
    /// stood for the first forecast year, only the clock moving on.
    public func readings(fromOrigin row: Int, ahead: Int = 1) -> [Reading] {
        let first = Int(year[row]) + 1
        return terms.indices.map { index in
            reading(index, anchor: row, forecastYear: terms[index].kind == .clock ? Int(year[row]) + ahead : first)
        }
    }
}

/// The system-wide rate of new ties: onsets per dyad-year at risk, by year, and its logit over a window of past
/// years, so a model follows eras without seeing the future. It counts either every dyad onset or only those made
/// by new bilateral defence treaties: a bloc's enlargement adds dozens of dyad onsets in a year (NATO's in 2004 gave
/// 146) while almost no new treaty is signed, so the second count follows how often states make new pacts.
public struct SystemRate: Sendable, Codable, Equatable {
    /// What the rate counts as a new tie.
    public enum Count: String, Sendable, Codable, Hashable {
        /// Every dyad onset of the outcome.
        case dyadOnsets = "dyad-onsets"
        /// Onsets from new bilateral defence treaties (`BilateralPacts`): one per treaty.
        case bilateralTreaties = "bilateral-treaties"

        /// The name of the rate's term (`ForecastTerm.base`).
        public var termBase: String { self == .dyadOnsets ? "system_rate" : "treaty_rate" }
    }

    /// Dyad-years at risk and onsets in each year.
    public private(set) var atRisk: [Int: Int] = [:]
    public private(set) var onsets: [Int: Int] = [:]
    /// Onsets from new bilateral defence treaties in each year; nil when the panel lacks ATOP's bilateral column.
    public private(set) var bilateralTreaties: [Int: Int]?

    /// The counts of `years` only, and the treaty counts only when `counts` asks for them: what a forecast from
    /// the end of those years needs, without the rest of the panel.
    public func restricted(to years: ClosedRange<Int>, counting counts: Set<Count> = [.dyadOnsets]) -> SystemRate {
        var kept = self
        kept.atRisk = atRisk.filter { years.contains($0.key) }
        kept.onsets = onsets.filter { years.contains($0.key) }
        kept.bilateralTreaties = counts.contains(.bilateralTreaties) ? bilateralTreaties?.filter { years.contains($0.key) } : nil
        return kept
    }

    /// The counts of the rows at risk; `bilateral` flags the onsets from bilateral treaties where the panel has them.
    init(years: [Int32], atRisk: [Bool], onset: [Bool], bilateral: [Bool]? = nil) {
        if bilateral != nil { bilateralTreaties = [:] }
        for row in years.indices where atRisk[row] {
            let y = Int(years[row])
            self.atRisk[y, default: 0] += 1
            if onset[row] { onsets[y, default: 0] += 1 }
            if onset[row], bilateral?[row] == true { bilateralTreaties?[y, default: 0] += 1 }
        }
    }

    /// New ties as `count` counts them, and dyad-years at risk, summed over the years t − window … t − 1; nil when
    /// none of those years is in the panel, or the panel lacks the count.
    public func counts(before t: Int, window: Int, counting count: Count = .dyadOnsets) -> (events: Int, atRisk: Int)? {
        let events: [Int: Int]
        switch count {
        case .dyadOnsets: events = onsets
        case .bilateralTreaties:
            guard let bilateralTreaties else { return nil }
            events = bilateralTreaties
        }
        var e = 0, rows = 0
        for y in (t - window)..<t {
            rows += atRisk[y] ?? 0
            e += events[y] ?? 0
        }
        return rows > 0 ? (e, rows) : nil
    }

    /// ln((E + ½) / (N − E + ½)) over the years t − window … t − 1 (E new ties as `count` counts them among N
    /// dyad-years at risk, `counts(before:window:counting:)`); NaN where those counts are nil.
    public func logitRate(before t: Int, window: Int, counting count: Count = .dyadOnsets) -> Double {
        guard let (e, rows) = counts(before: t, window: window, counting: count) else { return .nan }
        return log((Double(e) + 0.5) / (Double(rows - e) + 0.5))
    }
}
