import EntenteCore
import EntenteStore
import Foundation

/// ATOP: provisions, onsets, continuing ties of successor states, the clock, allies in common.
extension PanelBuilder {
    /// ATOP provisions (either direction), onsets, years since a defence pact, allies in common, triadic closure.
    func atopColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        // Provision bits of each pair in its year and in the year before.
        var current = [UInt8](repeating: 0, count: rows.pairCount), previous = current
        var defenseEvents: [(a: Int, b: Int, year: Int)] = []
        var defensePartners: [(stateYear: Int, element: Int)] = [], anyPartners: [(stateYear: Int, element: Int)] = []
        var atopLastYear = 0
        try AllianceDyadYear.forEach(in: database) { row in
            atopLastYear = max(atopLastYear, row.year)
            let bits = row.provisions.rawValue
            guard bits != 0 else { return }
            let (a, b, y) = (row.ccode1, row.ccode2, row.year)
            if let pair = rows.pair(a, b, y) { current[pair] |= bits }
            if let pair = rows.pair(a, b, y + 1) { previous[pair] |= bits }
            if bits & 1 != 0 { defenseEvents.append((a, b, y)) }
            // Partners are any state, member or not.
            if let stateYear = rows.stateYear(a, y), UInt(bitPattern: b) < PanelRows.codeLimit {
                anyPartners.append((stateYear, b))
                if bits & 1 != 0 { defensePartners.append((stateYear, b)) }
            }
            if let stateYear = rows.stateYear(b, y), UInt(bitPattern: a) < PanelRows.codeLimit {
                anyPartners.append((stateYear, a))
                if bits & 1 != 0 { defensePartners.append((stateYear, a)) }
            }
        }
        // A continuing tie counts as in force the year before, so that it is no onset.
        for (pair, provisions) in try continuingTies(rows, database, current: current, previous: previous) { previous[pair] |= provisions }
        let defenseYears = rows.yearsSince(defenseEvents)
        let defense = StateYearSets(stateYearCount: rows.stateYearCount, members: defensePartners)
        let any = StateYearSets(stateYearCount: rows.stateYearCount, members: anyPartners)
        // Provisions are known to ATOP's last year; what counts years before a year (or reads the year before)
        // to the year after it.
        let provisions = PanelColumnName.Provision.allCases
        var columns = provisions.enumerated().map { bit, provision in
            rows.column(.atop(provision)) { $0.year > atopLastYear ? .nan : current[$0.pair] & 1 << bit != 0 ? 1 : 0 }
        }
        columns += provisions.enumerated().map { bit, provision in
            rows.column(.atopOnset(provision)) { r in
                r.year > atopLastYear ? .nan : current[r.pair] & 1 << bit != 0 && previous[r.pair] & 1 << bit == 0 ? 1 : 0
            }
        }
        for (power, name) in zip(1..., PanelColumnName.defenseYearsPowers) {
            columns.append(rows.column(name) { r in
                r.year > atopLastYear + 1 ? .nan : pow(Double(defenseYears[r.pair]), Double(power))
            })
        }
        let lag = PanelRows.codeLimit
        columns.append(rows.column(.alliesCommon) { r in
            r.year > atopLastYear + 1 ? .nan : Double(defense.commonCount(r.stateYear1 - lag, r.stateYear2 - lag, excluding: r.a, r.b))
        })
        columns.append(rows.column(.triadClosure) { r in
            r.year > atopLastYear + 1 ? .nan : Double(any.commonCount(r.stateYear1 - lag, r.stateYear2 - lag, excluding: r.a, r.b))
        })
        return columns
    }

    /// The provisions that pairs new to the panel (no dyad-year the year before) continue rather than form: those
    /// of an ATOP alliance (member file) that links the two in the year and in which each of them was already a
    /// member with the provision the year before — a successor state in its first year through its predecessor
    /// (Data/reference/successor-states.csv), so that Germany's NATO ties of 1990 continue the Federal Republic's.
    /// A new state joining an existing pact (Kuwait and the Arab League, 1961) still forms new ties.
    func continuingTies(_ rows: PanelRows, _ database: EntenteDatabase, current: [UInt8], previous: [UInt8]) throws
        -> [(pair: Int, provisions: UInt8)] {
        let system = reference.stateSystem
        var candidates: [(pair: Int, a: Int, b: Int, year: Int, provisions: UInt8)] = []
        for year in rows.firstYear...rows.lastYear {
            rows.forEachPair(in: year) { pair, a, b in
                let new = current[pair] & ~previous[pair]
                guard new != 0 else { return }
                let hadRow = year > rows.firstYear ? rows.pair(a, b, year - 1) != nil
                    : system.shareADay(CountryCode(a), CountryCode(b), in: year - 1)
                if !hadRow { candidates.append((pair, a, b, year, new)) }
            }
        }
        guard !candidates.isEmpty else { return [] }
        let successors = reference.successions
        // Each state's spells in each alliance, with the provisions it had in them.
        var spells: [Int: [(alliance: Int, from: Int, to: Int, provisions: UInt8)]] = [:]
        try AllianceMembership.forEach(in: database) { row in
            // An exit year of 0 marks a membership running at the release end.
            let exit = row.exitYear == 0 ? Int.max : row.exitYear
            spells[row.member, default: []].append((row.alliance, row.entryYear, exit, row.provisions.rawValue))
        }
        func provisions(_ state: Int, _ alliance: Int, _ year: Int) -> UInt8 {
            spells[state, default: []].reduce(0) { $1.alliance == alliance && $1.from <= year && year <= $1.to ? $0 | $1.provisions : $0 }
        }
        func provisionsBefore(_ state: Int, _ alliance: Int, _ year: Int) -> UInt8 {
            successors.filter { $0.successor == state && $0.year == year }
                .reduce(provisions(state, alliance, year - 1)) { $0 | provisions($1.predecessor, alliance, year - 1) }
        }
        return candidates.compactMap { candidate in
            let (a, b, year) = (candidate.a, candidate.b, candidate.year)
            var continued: UInt8 = 0
            for alliance in Set(spells[a, default: []].map(\.alliance)) {
                continued |= provisions(a, alliance, year) & provisions(b, alliance, year)
                    & provisionsBefore(a, alliance, year) & provisionsBefore(b, alliance, year)
            }
            continued &= candidate.provisions
            return continued == 0 ? nil : (candidate.pair, continued)
        }
    }
}
