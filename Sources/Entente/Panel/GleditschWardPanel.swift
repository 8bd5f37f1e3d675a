import EntenteCore
import EntenteStore

extension PanelBuilder {
    /// The Gleditsch–Ward system from the imported `gw-states` dataset; a state listed to the list's last day
    /// (2017-12-31) stays a member, as a COW member at the 2016 release end does.
    func gleditschWardSystem() throws -> StateSystem {
        guard try database.hasTable("gw_states") else {
            throw PanelError.datasetNotImported("gw-states", use: "the Gleditsch–Ward panel")
        }
        var periods: [MembershipPeriod] = []
        try GleditschWardMembership.forEach(in: database) { row in
            guard let start = row.start.flatMap(Self.date), let end = row.end.flatMap(Self.date) else { return }
            periods.append(MembershipPeriod(code: CountryCode(row.code), start: start, end: end))
        }
        guard let releaseEnd = periods.map(\.end).max() else { throw PanelError.datasetEmpty("gw-states") }
        return StateSystem(periods: periods, releaseEnd: releaseEnd)
    }

    /// The Gleditsch–Ward universe: the `gw-states` system with, unless `microstates` is false, the microstates'
    /// dyad-years of `gw-microstates`.
    func gleditschWardMembers(microstates: Bool) throws -> GleditschWardMembers {
        let states = try gleditschWardSystem()
        guard microstates else { return GleditschWardMembers(states: states) }
        guard try database.hasTable("gw_microstates") else {
            throw PanelError.datasetNotImported("gw-microstates", use: "the Gleditsch–Ward panel's microstates (--no-microstates leaves them out)")
        }
        var partners: [UInt64: Set<Int>] = [:]
        try GleditschWardMicrostatePair.forEach(in: database) { pair in
            partners[Self.stateKey(pair.code, pair.year), default: []].insert(pair.partner)
        }
        guard !partners.isEmpty else { throw PanelError.datasetEmpty("gw-microstates") }
        return GleditschWardMembers(states: states, partners: partners)
    }

    /// An ISO date as the importer stores it.
    private static func date(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? CalendarDate(year: parts[0], month: parts[1], day: parts[2]) : nil
    }

    /// The COW panel `cow` (of `rows`) on Gleditsch–Ward dyad-years: every pair of GW members on a common day of
    /// the year (microstates included unless `microstates` is false), flagged `microstate1`/`microstate2` as
    /// peacesciencer does, each with the covariates of the COW dyad-year its two states are in that year
    /// (`GleditschWard.cowCode`). A pair with a state COW does not list that year, or two GW states that are one
    /// COW state, has no covariates. Where the COW numbers run the other way round (GW 340 Serbia is COW 345, so
    /// Serbia–Montenegro is 345–341), each side's columns are swapped so that `x1` stays the first GW state's.
    func gleditschWardPanel(_ cow: DyadYearPanel, rows cowRows: PanelRows, microstates: Bool) throws -> DyadYearPanel {
        let members = try gleditschWardMembers(microstates: microstates)
        let rows = PanelRows(firstYear: cowRows.firstYear, lastYear: cowRows.lastYear, directed: cowRows.directed, stateSystem: members)
        // The COW row of each GW row (−1 for none), and whether its sides run the other way round.
        var source = [Int](repeating: -1, count: rows.count), swapped = [Bool](repeating: false, count: rows.count)
        for row in 0..<rows.count {
            let year = Int(rows.year[row])
            guard let a = GleditschWard.cowCode(Int(rows.ccode1[row]), year: year), let b = GleditschWard.cowCode(Int(rows.ccode2[row]), year: year),
                  let pair = cowRows.pair(a, b, year) else { continue }
            source[row] = cowRows.directed ? pair << 1 | (a < b ? 0 : 1) : pair
            swapped[row] = !cowRows.directed && a > b
        }
        var panel = DyadYearPanel(directed: rows.directed)
        panel.system = .gw
        (panel.ccode1, panel.ccode2, panel.year) = (rows.ccode1, rows.ccode2, rows.year)
        let flags = zip(PanelColumnName.microstate.sides, [rows.ccode1, rows.ccode2]).map { name, codes in
            PanelColumn(name: name, kind: .integer, values: codes.map { members.microstates.contains(Int($0)) ? 1 : 0 })
        }
        panel.columns = flags + cow.columns.map { column in
            // The other side's column: cinc1 for cinc2, polity2_2 for polity2_1.
            let other = PanelColumnName(rawValue: column.name)?.otherSide.flatMap(cow.column)
            let mine = column.values, theirs = other?.values ?? mine
            let values = (0..<rows.count).map { row in
                source[row] < 0 ? Double.nan : swapped[row] ? theirs[source[row]] : mine[source[row]]
            }
            return PanelColumn(name: column.name, kind: column.kind, values: values)
        }
        return panel
    }
}
