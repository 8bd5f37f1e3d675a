import EntenteCore
import EntenteStore
import Foundation

/// Monadic columns, one value per state-year given to each side: capabilities and status, regimes.
extension PanelBuilder {
    /// Monadic capability and status: CINC, GDP and population, COW major powers, Maoz's regional and global powers.
    func capabilityValues(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [StateYearColumn] {
        // A major at the 2016 release end stays one.
        var major = [Double](repeating: 0, count: rows.stateYearCount)
        try MajorPowerSpell.forEach(in: database) { spell in
            rows.mark(&major, spell.code, from: spell.fromYear, to: spell.toYear >= 2016 ? rows.lastYear : spell.toYear)
        }
        // Maoz's spells are dated; one running at the data's end (2019-12-31) continues, as COW's majors do.
        var regional = [Double](repeating: 0, count: rows.stateYearCount), global = regional
        try MaozPowerSpell.forEach(in: database) { spell in
            for (status, isGlobal) in [(spell.regional, false), (spell.global, true)] {
                guard let start = status.start, let end = status.end, let from = Int(start.prefix(4)), let to = Int(end.prefix(4)) else { continue }
                let last = end >= "2019-12-31" ? rows.lastYear : to
                if isGlobal { rows.mark(&global, spell.code, from: from, to: last) } else { rows.mark(&regional, spell.code, from: from, to: last) }
            }
        }
        return [
            StateYearColumn(name: .cinc, kind: .real, values: try stateYearValues(rows, database, .cinc)),
            StateYearColumn(name: .gdpLn, kind: .real, values: try stateYearValues(rows, database, .gdpLog)),
            StateYearColumn(name: .popLn, kind: .real, values: try stateYearValues(rows, database, .populationLog)),
            StateYearColumn(name: .major, kind: .integer, values: major),
            StateYearColumn(name: .maozRegional, kind: .integer, values: regional),
            StateYearColumn(name: .maozGlobal, kind: .integer, values: global),
        ]
    }

    /// CINC and the capability ratio, contiguity, GDP and population, major-power status.
    func capabilityColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let monadic = try capabilityValues(rows, database)
        let cinc = monadic[0].values

        // Contiguity: the closest type in effect (0 none); relations running at the release end continue.
        var contiguity = [UInt8](repeating: 0, count: rows.pairCount)
        try ContiguitySpell.forEach(in: database) { spell in
            guard let start = spell.start, let end = spell.end else { return }
            let from = Int(start.prefix(4)) ?? 0
            var to = Int(end.prefix(4)) ?? 0
            if end >= "2016-12-01" { to = max(to, rows.lastYear) }
            let type = spell.type
            // Type 0 rows in the file mark periods of no direct contiguity.
            guard (1...5).contains(type) else { return }
            for year in max(from, rows.firstYear)...max(min(to, rows.lastYear), max(from, rows.firstYear)) where year <= to {
                guard let pair = rows.pair(spell.ccode1, spell.ccode2, year) else { continue }
                contiguity[pair] = contiguity[pair] == 0 ? UInt8(type) : min(contiguity[pair], UInt8(type))
            }
        }
        return rows.sides(monadic[0]) + [
            rows.column(.capRatioLn, .real) { r in
                let x = cinc[r.stateYear1], z = cinc[r.stateYear2]
                return x > 0 && z > 0 ? log(max(x, z) / min(x, z)) : .nan
            },
            rows.column(.conttype) { Double(contiguity[$0.pair]) },
        ] + monadic[1...].flatMap(rows.sides)
    }

    /// Monadic regime and society: Polity2, V-Dem polyarchy, ethnic and religious fractionalisation.
    func regimeValues(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [StateYearColumn] {
        // Polity's own codes reach their COW states through Data/reference/polity-codes.csv.
        let polityCodes = reference.polityCodes
        var polity2 = [Double](repeating: .nan, count: rows.stateYearCount)
        var mapped: [(rank: Int, index: Int?, value: Double)] = []
        try StateYearMeasure.polity2.forEach(in: database) { row in
            let (code, year) = (row.code, row.year)
            if let rank = polityCodes.firstIndex(where: { $0.polityCode == code && $0.fromYear <= year && year <= $0.toYear }) {
                mapped.append((rank, rows.stateYear(polityCodes[rank].code, year), row.value))
            } else if let index = rows.stateYear(code, year) {
                polity2[index] = row.value
            }
        }
        // In a transition year Polity may score two codes for one COW state (1991: Yugoslavia 345 and 347): the
        // row already under the COW code wins, then the mapping listed first in polity-codes.csv.
        for entry in mapped.sorted(by: { $0.rank < $1.rank }) {
            if let index = entry.index, polity2[index].isNaN { polity2[index] = entry.value }
        }
        // CREG describes Russia and Serbia as two units each (the Soviet Union 365 and Russia 393, Yugoslavia 345
        // and Serbia 340), overlapping in 1991–92: the unit with the state's own number wins where both have a
        // value. HIEF repeats some state-years: the first row wins. (Both through the measures' row order.)
        return [
            StateYearColumn(name: .polity2, kind: .integer, values: polity2),
            StateYearColumn(name: .polyarchy, kind: .real, values: try stateYearValues(rows, database, .polyarchy)),
            StateYearColumn(name: .ethfrac, kind: .real, values: try stateYearValues(rows, database, .ethnicFractionalization)),
            StateYearColumn(name: .relfrac, kind: .real, values: try stateYearValues(rows, database, .religiousFractionalization)),
            StateYearColumn(name: .efindex, kind: .real, values: try stateYearValues(rows, database, .hiefIndex)),
        ]
    }

    /// Polity2 and V-Dem polyarchy of each side, their difference and joint democracy; fractionalisation.
    func regimeColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let monadic = try regimeValues(rows, database)
        let polity2 = monadic[0].values
        return rows.sides(monadic[0]) + [
            rows.column(.polityDiff) { abs(polity2[$0.stateYear1] - polity2[$0.stateYear2]) },
            rows.column(.jointDemocracy) { r in
                let x = polity2[r.stateYear1], z = polity2[r.stateYear2]
                guard !x.isNaN, !z.isNaN else { return .nan }
                return x >= 6 && z >= 6 ? 1 : 0
            },
        ] + monadic[1...].flatMap(rows.sides)
    }

    /// A dense state-year array (NaN where absent) of a measure; a later row wins.
    func stateYearValues(_ rows: PanelRows, _ database: EntenteDatabase, _ measure: StateYearMeasure) throws -> [Double] {
        var values = [Double](repeating: .nan, count: rows.stateYearCount)
        try measure.forEach(in: database) { row in
            if let index = rows.stateYear(row.code, row.year) { values[index] = row.value }
        }
        return values
    }
}
