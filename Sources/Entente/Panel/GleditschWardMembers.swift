import EntenteCore

/// The Gleditsch–Ward panel's universe: the states of `gw-states` by their dates, and Gleditsch and Ward's
/// microstates in the years peacesciencer's gw_ddy lists them (`gw-microstates`), each paired with just the states
/// gw_ddy pairs it with. gw_ddy dates no microstate's entry but leaves out the pairs that shared no day: São Tomé
/// and Príncipe (from 12 July 1975) with the Republic of Vietnam (to 30 April 1975).
struct GleditschWardMembers: PanelMembership {
    let states: StateSystem
    /// Each microstate-year's partners, keyed by `PanelBuilder.stateKey(microstate, year)`.
    private let partners: [UInt64: Set<Int>]
    /// The microstates of each year gw_ddy lists, ascending.
    private let microstatesByYear: [Int: [Int]]
    /// gw_ddy's last year: its microstates stay members afterwards, as states listed to gw_states's last day do.
    private let lastListedYear: Int?
    /// Every microstate.
    let microstates: Set<Int>

    /// The universe of `states` and the microstates' dyad-years in `partners` (none: the states alone).
    init(states: StateSystem, partners: [UInt64: Set<Int>] = [:]) {
        self.states = states
        self.partners = partners
        let keys = partners.keys.map { (code: Int($0 >> 12), year: Int($0 & 0xFFF)) }
        microstatesByYear = Dictionary(grouping: keys, by: \.year).mapValues { $0.map(\.code).sorted() }
        lastListedYear = keys.map(\.year).max()
        microstates = Set(keys.map(\.code))
    }

    private func microstates(in year: Int) -> [Int] {
        microstatesByYear[lastListedYear.map { min(year, $0) } ?? year] ?? []
    }

    func members(in year: Int) -> [CountryCode] {
        Set(states.members(in: year) + microstates(in: year).map { CountryCode($0) }).sorted()
    }

    func pairsWithoutACommonDay(in year: Int) -> [(CountryCode, CountryCode)] {
        var pairs = states.pairsWithoutACommonDay(in: year)
        guard let lastListedYear, year <= lastListedYear else { return pairs }
        let members = members(in: year)
        var seen = Set<UInt64>()
        for microstate in microstates(in: year) {
            let known = partners[PanelBuilder.stateKey(microstate, year)] ?? []
            for other in members where other.rawValue != microstate && !known.contains(other.rawValue) {
                let (low, high) = (min(microstate, other.rawValue), max(microstate, other.rawValue))
                // Two microstates that gw_ddy does not pair come up from both sides.
                if seen.insert(UInt64(low) << 12 | UInt64(high)).inserted { pairs.append((CountryCode(low), CountryCode(high))) }
            }
        }
        return pairs
    }
}
