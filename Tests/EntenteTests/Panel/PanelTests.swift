import Entente
import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PanelTests {
    static let panel: Result<DyadYearPanel, any Error> = Result {
        try PanelBuilder(database: TestData.database(), reference: TestData.reference).build(PanelRequest(firstYear: 1816))
    }

    func value(_ panel: DyadYearPanel, _ column: String, _ a: Int, _ b: Int, _ year: Int) -> Double? {
        guard let row = panel.row(a, b, year), let values = panel.column(column)?.values else { return nil }
        return values[row]
    }

    /// The rows are peacesciencer's COW dyad-years pair for pair: both states members on a common day of the year,
    /// so that the German Federal Republic (to 2 October 1990) and Germany (from 3 October) form no dyad.
    @Test func rowsArePeacesciencersCOWDyadYearsPairForPair() throws {
        let panel = try Self.panel.get()
        func key(_ a: Int, _ b: Int, _ year: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) << 16 | UInt64(year) }
        // cow_ddy is directed and runs to 2024, as the panel does: its pairs in code order.
        let path = TestData.path("peacesciencer_csv/cow_ddy.csv.gz")
        let reader = DelimitedReader(path: path, input: try InflatingInput(path: path, wrapper: .gzip))
        #expect(try reader.nextRecord() && reader.strings() == ["ccode1", "ccode2", "year"])
        var expected = Set<UInt64>()
        while try reader.nextRecord() {
            let fields = try reader.strings().map { try #require(Int($0)) }
            if fields[0] < fields[1] { expected.insert(key(fields[0], fields[1], fields[2])) }
        }
        let ours = Set((0..<panel.count).map { key(Int(panel.ccode1[$0]), Int(panel.ccode2[$0]), Int(panel.year[$0])) })
        #expect(panel.columns.map(\.name) == PanelColumnName.dyadYearCovariates.map(\.rawValue), "the columns, in the type's order")
        #expect(expected.count == 1_107_465)
        #expect(expected.filter { $0 & 0xFFFF <= 2018 }.count == 993_975, "1816–2018")
        #expect(panel.count == ours.count, "no pair twice")
        #expect(ours == expected, "\(ours.subtracting(expected).count) pairs not in cow_ddy, \(expected.subtracting(ours).count) missing")
        for (a, b, year) in [(255, 260, 1990), (115, 817, 1975)] { #expect(!ours.contains(key(a, b, year)), "\(a)-\(b) \(year)") }
        #expect(ours.contains(key(2, 260, 1990)) && ours.contains(key(2, 255, 1990)))
    }

    /// Successor states continue their predecessors' alliances: in its first year, a successor's pairs with the
    /// allies its predecessor had in the same pact are continuing ties in every onset column, not new ones.
    @Test func successorStatesContinueTheirPredecessorsTies() throws {
        let panel = try Self.panel.get()
        // Predecessor, successor, the successor's first year, and how many defence allies of the predecessor's of
        // the year before the successor has: NATO for Germany, the Arab League for Yemen, Czechoslovakia's
        // bilateral treaties with Romania and the USSR.
        let successions = [(260, 255, 1990, 15), (678, 679, 1990, 18), (680, 679, 1990, 18), (315, 316, 1993, 2), (315, 317, 1993, 2)]
        let file = repositoryRoot.appendingPathComponent("Data/reference/successor-states.csv").path
        let reader = DelimitedReader(path: file, input: try FileInput(path: file))
        #expect(try reader.nextRecord() && reader.strings() == ["predecessor", "successor", "year", "note"])
        var listed: [[Int]] = []
        while try reader.nextRecord() { listed.append(try reader.strings().prefix(3).map { try #require(Int($0)) }) }
        #expect(listed == successions.map { [$0.0, $0.1, $0.2] }, "the reference file lists the successions tested here")

        var rowOf: [UInt64: Int] = [:]
        for row in 0..<panel.count { rowOf[UInt64(panel.ccode1[row]) << 32 | UInt64(panel.ccode2[row]) << 16 | UInt64(panel.year[row])] = row }
        func row(_ a: Int, _ b: Int, _ year: Int) -> Int? { rowOf[UInt64(min(a, b)) << 32 | UInt64(max(a, b)) << 16 | UInt64(year)] }
        let defense = try #require(panel.column("atop_defense")).values, defenseOnset = try #require(panel.column("atop_defense_onset")).values
        for (predecessor, successor, year, allies) in successions {
            var kept = 0
            for partner in TestData.reference.stateSystem.members(in: year).map(\.rawValue) {
                guard let before = row(predecessor, partner, year - 1), let now = row(successor, partner, year),
                      defense[before] == 1, defense[now] == 1 else { continue }
                #expect(defenseOnset[now] == 0, "\(successor)-\(partner) \(year): the defence pact continues \(predecessor)'s")
                kept += 1
            }
            #expect(kept == allies, "\(predecessor) → \(successor)")
        }
        // Every onset column: NATO's consultation and non-aggression provisions continue too.
        for provision in ["defense", "offense", "neutral", "nonagg", "consul"] {
            #expect(value(panel, "atop_\(provision)_onset", 2, 255, 1990) == 0, "\(provision)")
        }
        #expect(value(panel, "atop_consul", 2, 255, 1990) == 1 && value(panel, "atop_nonagg", 2, 255, 1990) == 1)
        let germanyAndYemen = (0..<panel.count).filter { row in
            panel.year[row] == 1990 && defenseOnset[row] == 1 && ([255, 679].contains(panel.ccode1[row]) || [255, 679].contains(panel.ccode2[row]))
        }
        #expect(germanyAndYemen.isEmpty, "defence onsets of Germany or Yemen in 1990: \(germanyAndYemen.map { "\(panel.ccode1[$0])-\(panel.ccode2[$0])" })")
        // A new state joining an existing pact forms new ties: Kuwait and Egypt in the Arab League, 1961.
        #expect(value(panel, "atop_defense_onset", 651, 690, 1961) == 1)
    }

    /// The panel runs to the latest year any source has data (2024: the ideal points), each column filled where its
    /// source has data and NULL, not 0, after its source ends: `entente panel --years 2019-2024 --dyad CHN,RUS`.
    @Test func theLatestYearsHoldEachSourceToItsEndAndNullAfter() throws {
        let panel = try Self.panel.get()
        #expect(panel.year.max() == 2024)
        #expect(try PanelBuilder(database: TestData.database(), reference: TestData.reference).latestYear() == 2024)
        func values(_ column: String) -> [Double] { (2019...2024).map { value(panel, column, 365, 710, $0) ?? -1 } }
        func known(_ column: String, through last: Int, sourceLocation: SourceLocation = #_sourceLocation) {
            for (year, x) in zip(2019...2024, values(column)) {
                #expect(year <= last ? !x.isNaN : x.isNaN, "\(column) \(year): \(x)", sourceLocation: sourceLocation)
            }
        }
        // UN votes run to January 2020, GSDB to 2022, NMC (peacesciencer's cow_nmc) to 2022, SIPRI to 2023, the
        // ideal points to 2023 (all votes) and 2024 (idealpointfp); ATOP ends in 2018, MIDs, IGOs and trade in 2014.
        known("un_votes_n", through: 2020)
        known("west_sanctions1", through: 2022)
        known("common_sender", through: 2022)
        known("cinc1", through: 2022)
        known("arms_tiv", through: 2023)
        known("ideal_distance", through: 2023)
        known("ideal_distance_fp", through: 2024)
        known("conttype", through: 2024)
        known("capital_distance_ln", through: 2024)
        for column in ["atop_defense", "atop_consul", "atop_defense_onset", "igo_shared", "mid_ongoing", "common_foe", "mid_years", "trade_flow"] {
            known(column, through: 2018)
        }
        known("defense_years", through: 2019)
        known("allies_common", through: 2019)
        for (index, year) in [(0, 2019), (1, 2020)] {
            let votes = try TestData.rows("""
                SELECT COUNT(*), SUM(a.vote = b.vote) FROM un_votes a JOIN un_votes b ON a.rcid = b.rcid
                WHERE a.country_ccode = 365 AND b.country_ccode = 710 AND a.year = \(year)
                  AND a.vote IN ('yes', 'no', 'abstain') AND b.vote IN ('yes', 'no', 'abstain')
                """)[0].map { Double($0.text)! }
            #expect(values("un_votes_n")[index] == votes[0] && values("un_agree")[index] == votes[1] / votes[0], "\(year): \(votes)")
        }
        #expect(values("un_votes_n")[0] > 50, "2019: a full session of roll calls; 2020 has those of January")
        // Russia's Western sanctions (GSDB) rise in 2022, the year of the invasion of Ukraine.
        let russia = values("west_sanctions1")
        #expect(russia[3] > russia[2], "2022: \(russia[3]), 2021: \(russia[2])")
        let direct = try TestData.rows("SELECT COUNT(*) FROM gsdb WHERE sanctioned_state_ccode = 365 AND begin <= 2022 AND \"end\" >= 2022")
        #expect(russia[3] >= 1 && russia[3] <= Double(direct[0][0].text)!)
    }

    /// Strategic rivalries (Thompson, Sakuwa & Suhas): China and the USSR were rivals in 1958–1989, and from 2007
    /// China and Russia share the United States as a rival (China's from 1996, Russia's from 2007).
    @Test func chinaAndRussiaWereRivalsAndShareTheUnitedStatesFrom2007() throws {
        let panel = try Self.panel.get()
        for year in 1950...2020 {
            #expect(value(panel, "rivalry", 365, 710, year) == ((1958...1989).contains(year) ? 1 : 0), "\(year)")
            #expect(value(panel, "rivals_common", 365, 710, year) == ((2007...2020).contains(year) || (1950...1972).contains(year) ? 1 : 0),
                    "\(year): the United States")
        }
        #expect(value(panel, "rivalry_ideological", 365, 710, 1970) == 1 && value(panel, "rivalry_spatial", 365, 710, 1970) == 1)
        #expect(value(panel, "rivalry_positional", 2, 365, 2010) == 1 && value(panel, "rivalry_spatial", 2, 365, 2010) == 0)
        #expect(value(panel, "rivalry", 2, 365, 2007) == 1 && value(panel, "rivalry", 2, 710, 2007) == 1)
        #expect(value(panel, "rivalry", 2, 365, 2006) == 0)
        #expect(value(panel, "rivalry", 365, 710, 2021)?.isNaN == true, "the data end in 2020")
    }

    /// Two values alike, NULL (NaN) included.
    func same(_ x: Double?, _ z: Double?) -> Bool { x == z || (x?.isNaN == true && z?.isNaN == true) }

    /// `--system gw`: the rows are peacesciencer's Gleditsch–Ward dyad-years pair for pair, its microstates in and
    /// flagged as there (and out with `microstates: false`), and each takes the covariates of its states' COW
    /// counterparts.
    @Test func gleditschWardRowsAreGWDyadYearsWithTheirCOWCounterpartsCovariates() throws {
        let cow = try Self.panel.get()
        let builder = PanelBuilder(database: try TestData.database(), reference: TestData.reference)
        let gw = try builder.build(PanelRequest(firstYear: 1816, system: .gw))
        let withoutMicrostates = try builder.build(PanelRequest(firstYear: 1816, system: .gw, microstates: false))
        let directed = try builder.build(PanelRequest(firstYear: 1816, directed: true, system: .gw))
        func key(_ a: Int, _ b: Int, _ year: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) << 16 | UInt64(year) }
        func keys(_ panel: DyadYearPanel) -> [UInt64: Int] {
            Dictionary((0..<panel.count).map { (key(Int(panel.ccode1[$0]), Int(panel.ccode2[$0]), Int(panel.year[$0])), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let path = TestData.path("peacesciencer_csv/gw_ddy.csv.gz")
        let reader = DelimitedReader(path: path, input: try InflatingInput(path: path, wrapper: .gzip))
        #expect(try reader.nextRecord() && reader.strings() == ["gwcode1", "gwcode2", "year", "microstate1", "microstate2"])
        // Each non-directed pair with its flags, as 2 × microstate1 + microstate2.
        var expected: [UInt64: Double] = [:]
        while try reader.nextRecord() {
            let fields = try reader.strings().map { try #require(Int($0)) }
            if fields[0] < fields[1] { expected[key(fields[0], fields[1], fields[2])] = Double(2 * fields[3] + fields[4]) }
        }
        let ours = keys(gw)
        #expect(gw.count == ours.count && Set(ours.keys) == Set(expected.keys),
                "\(Set(ours.keys).subtracting(expected.keys).count) extra, \(Set(expected.keys).subtracting(ours.keys).count) missing")
        let microstate1 = try #require(gw.column("microstate1")).values, microstate2 = try #require(gw.column("microstate2")).values
        #expect(ours.allSatisfy { key, row in expected[key] == 2 * microstate1[row] + microstate2[row] }, "the flags are gw_ddy's")
        #expect(directed.count == 2 * gw.count && value(directed, "microstate1", 221, 220, 2000) == 1, "gw_ddy's directed rows")
        let small = keys(withoutMicrostates)
        #expect(withoutMicrostates.count == small.count && Set(small.keys) == Set(expected.filter { $0.value == 0 }.keys))
        #expect(withoutMicrostates.column("microstate1")?.values.allSatisfy { $0 == 0 } == true)
        #expect(gw.keyNames == ["gwcode1", "gwcode2", "year"] && gw.columns.map(\.name) == ["microstate1", "microstate2"] + cow.columns.map(\.name))
        for column in cow.columns.map(\.name) {
            // China–Russia has the same numbers in both lists; unified Germany is GW 260 and COW 255; Monaco (221)
            // is in COW from 1993; Nauru is GW 971 and COW 970.
            for (gwPair, cowPair, year) in [((365, 710), (365, 710), 2018), ((2, 260), (2, 255), 2003), ((260, 365), (255, 365), 1995),
                                            ((220, 221), (220, 221), 2000), ((900, 971), (900, 970), 2005)] {
                #expect(same(value(gw, column, gwPair.0, gwPair.1, year), value(cow, column, cowPair.0, cowPair.1, year)), "\(column) \(gwPair) \(year)")
            }
            // Monaco before COW lists it, and Abkhazia (GW 396), which COW never lists: NULL, never 0.
            #expect(value(gw, column, 220, 221, 1900)?.isNaN == true, "\(column) Monaco 1900")
            #expect(value(gw, column, 365, 396, 2010)?.isNaN == true, "\(column) Abkhazia 2010")
        }
        #expect(value(gw, "microstate1", 220, 221, 1900) == 0 && value(gw, "microstate2", 220, 221, 1900) == 1)
        #expect(value(gw, "cinc2", 220, 221, 2000).map { $0 > 0 } == true, "Monaco's COW capabilities")
        // Serbia (GW 340) and Montenegro (341) are COW 345 and 341, Fiji (950) and Kiribati (GW 970) COW 950 and 946:
        // the COW row runs the other way round.
        #expect(value(gw, "cinc1", 340, 341, 2010) == value(cow, "cinc2", 341, 345, 2010))
        #expect(value(gw, "polity2_2", 340, 341, 2010) == value(cow, "polity2_1", 341, 345, 2010))
        #expect(value(gw, "conttype", 340, 341, 2010) == 1)
        #expect(value(gw, "cinc1", 950, 970, 2005) == value(cow, "cinc2", 946, 950, 2005))
        #expect(value(gw, "cinc2", 950, 970, 2005) == value(cow, "cinc1", 946, 950, 2005))
        // Tibet (GW 711, to 1950) is in no COW year.
        #expect(value(gw, "cinc2", 2, 711, 1940)?.isNaN == true && value(gw, "atop_defense", 2, 711, 1940)?.isNaN == true)
    }

    /// UCDP armed conflicts, Gleditsch–Ward coded, land on COW states by year: Russia and Ukraine opposed from
    /// 2014 (Donbas, then the 2022 invasion), the United States and the United Kingdom together in Iraq in 2003
    /// (GW 2 and 200), Germany's Afghanistan years under COW 255 (GW 260), Tonga's Iraq years under COW 955 (GW
    /// 972), and nothing before UCDP's first year.
    @Test func armedConflictsPlaceGleditschWardPartiesOnCOWStates() throws {
        let panel = try Self.panel.get()
        for year in [2014, 2015, 2022] { #expect(value(panel, "ucdp_opposed", 365, 369, year) == 1, "\(year)") }
        #expect(value(panel, "ucdp_opposed", 365, 369, 2012) == 0)
        #expect(value(panel, "ucdp_together", 2, 200, 2003) == 1 && value(panel, "ucdp_opposed", 2, 645, 2003) == 1)
        #expect(value(panel, "ucdp_together", 2, 255, 2010) == 1, "GW 260 is COW 255 after 1990")
        #expect(try #require(value(panel, "ucdp_conflicts1", 365, 710, 2022)) >= 2, "Russia: Ukraine, and more")
        #expect(value(panel, "ucdp_conflicts1", 365, 710, 1945)?.isNaN == true, "UCDP starts in 1946")
        #expect(value(panel, "ucdp_opposed", 365, 710, 1969) == 1, "the Sino-Soviet border conflict")
        #expect(value(panel, "ucdp_together", 645, 955, 2004) == 1, "Tonga (GW 972, COW 955) beside Iraq's government")
    }

    /// Maoz's dated powers: the Soviet Union a global power to 1990 and Russia a regional one from 1991; China
    /// regional from 1950; spells open at the data's end (2019) continue.
    @Test func maozPowersFollowTheirDatedSpells() throws {
        let panel = try Self.panel.get()
        #expect(value(panel, "maoz_global1", 365, 710, 1990) == 1 && value(panel, "maoz_global1", 365, 710, 1991) == 0)
        #expect(value(panel, "maoz_regional1", 365, 710, 1991) == 1 && value(panel, "maoz_regional2", 365, 710, 1991) == 1)
        #expect(value(panel, "maoz_regional2", 365, 710, 2024) == 1 && value(panel, "maoz_global1", 2, 365, 2024) == 1)
        #expect(value(panel, "maoz_regional2", 365, 710, 1949) == 0)
    }

    /// The state-year panel holds every member once a year, with the values the dyad-year panel gives each side.
    @Test func stateYearsCarryTheSidesOfTheDyadYearPanel() throws {
        let panel = try Self.panel.get()
        let states = try PanelBuilder(database: TestData.database(), reference: TestData.reference).buildStates(PanelRequest(firstYear: 1816))
        let members = (1816...2024).reduce(0) { $0 + TestData.reference.stateSystem.members(in: $1).count }
        #expect(states.count == members)
        #expect(Set(zip(states.ccode, states.year).map { "\($0)-\($1)" }).count == states.count, "each state-year once")
        #expect(states.columns.map(\.name) == PanelColumnName.stateYearColumns.map(\.rawValue))
        func stateValue(_ column: String, _ code: Int, _ year: Int) -> Double? {
            guard let row = (0..<states.count).first(where: { states.ccode[$0] == code && states.year[$0] == year }) else { return nil }
            return states.column(column)?.values[row]
        }
        for (a, b, year) in [(365, 710, 2008), (2, 365, 2022), (200, 220, 1900), (345, 365, 1999), (2, 255, 2003)] {
            for name in ["cinc", "gdp_ln", "major", "maoz_global", "polity2", "polyarchy", "ethfrac", "efindex", "west_sanctions",
                         "ucdp_conflicts", "terrthreat"] {
                let separator = name.last!.isNumber ? "_" : ""
                for (side, code) in [("1", a), ("2", b)] {
                    let ours = try #require(stateValue(name, code, year)), theirs = try #require(value(panel, name + separator + side, a, b, year))
                    #expect(ours == theirs || (ours.isNaN && theirs.isNaN), "\(name) of \(code) in \(year)")
                }
            }
        }
        #expect(stateValue("rivals", 710, 2010) == 4, "China's rivals in 2010: India, Taiwan, the United States and Japan")
        #expect(try #require(stateValue("sanction_senders", 365, 2022)) > (try #require(stateValue("sanction_senders", 365, 2021))))
        #expect(stateValue("rivals", 710, 2021)?.isNaN == true && stateValue("sanction_senders", 365, 2023)?.isNaN == true)
    }

    @Test func chinaRussiaConsultationOnsetIn2001AndTheSinoSovietTreatyYears() throws {
        let panel = try Self.panel.get()
        #expect(value(panel, "atop_consul", 365, 710, 2000) == 0)
        #expect(value(panel, "atop_consul", 365, 710, 2001) == 1)
        #expect(value(panel, "atop_consul_onset", 365, 710, 2001) == 1)
        #expect(value(panel, "atop_consul_onset", 365, 710, 2002) == 0)
        #expect(value(panel, "atop_nonagg_onset", 365, 710, 1992) == 1)
        // The 1950 Sino-Soviet treaty of friendship, alliance and mutual assistance ran to 1980 in ATOP.
        for year in 1950...1979 { #expect(value(panel, "atop_defense", 365, 710, year) == 1, "\(year)") }
        #expect(value(panel, "atop_defense", 365, 710, 1981) == 0)
        #expect(value(panel, "defense_years", 365, 710, 1998) == Double(1998 - 1980 - 1))
        #expect(value(panel, "sco_both", 365, 710, 2002) == 1)
        #expect(value(panel, "conttype", 365, 710, 2001) == 1, "land border")
    }

    @Test func noPactBetweenTheUnitedStatesAndTheSovietUnion() throws {
        let panel = try Self.panel.get()
        let rows = (0..<panel.count).filter { panel.ccode1[$0] == 2 && panel.ccode2[$0] == 365 && (1946...1991).contains(panel.year[$0]) }
        #expect(rows.count == 46)
        let defense = panel.column("atop_defense")!.values
        #expect(rows.allSatisfy { defense[$0] == 0 })
        #expect(value(panel, "mid_ongoing", 2, 365, 1962) == 1, "the Cuban missile crisis is a MID")
    }

    @Test func distancesTakeTheCapitalOfFirstJanuaryAndMinimumDistanceIsNullOutsideCShapes() throws {
        let panel = try Self.panel.get()
        // Brazil's capital moved from Rio de Janeiro to Brasília on 1960-04-21: 1960 still measures from Rio.
        let rio = try #require(value(panel, "capital_distance_ln", 2, 140, 1959))
        #expect(value(panel, "capital_distance_ln", 2, 140, 1960) == rio)
        #expect(value(panel, "capital_distance_ln", 2, 140, 1961) != rio, "the move counts from 1961")
        #expect(value(panel, "mindist", 365, 710, 2001) == 0, "a land border")
        #expect(value(panel, "mindist", 2, 200, 1885)?.isNaN == true, "CShapes starts in 1886")
        #expect(value(panel, "capital_distance_ln", 2, 200, 1885)?.isNaN == false)
        #expect(value(panel, "mindist", 2, 366, 1991)?.isNaN == true, "no Estonian shape on 1 January 1991")
        #expect(value(panel, "mindist", 2, 366, 1992)?.isNaN == false)
    }

    @Test func sampledDyadYearsEqualAnIndependentPandasComputationFromTheRawFiles() throws {
        let panel = try Self.panel.get()
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonHasPandas(python) else {
            #expect(!TestData.required, "pandas is needed for this comparison (pip install pandas)")
            return
        }
        // Every 20,011th row (about 50, all eras) and the known cases.
        var rows = Array(stride(from: 17, to: panel.count, by: 20_011))
        // Capitals that moved (Brazil 1960, Vichy France 1942), a new state's first year without a minimum distance,
        // successors' continuing ties (Germany, Yemen, the Czech Republic), a new state's new ones (Kuwait 1961), and
        // China–Russia in the years after ATOP's end.
        for (a, b, y) in [(365, 710, 2001), (365, 710, 2014), (2, 365, 1962), (365, 710, 1955), (2, 200, 2010), (710, 713, 1996),
                          (2, 140, 1960), (2, 140, 1961), (220, 365, 1942), (2, 366, 1991),
                          (2, 255, 1990), (600, 679, 1990), (316, 365, 1993), (651, 690, 1961),
                          (365, 710, 1960), (365, 710, 2007), (2, 365, 2010),
                          (365, 710, 2019), (365, 710, 2020), (365, 710, 2021), (365, 710, 2022), (365, 710, 2023), (365, 710, 2024),
                          (2, 365, 2022), (345, 365, 1999), (365, 369, 2014), (365, 710, 1969)] {
            if let row = panel.row(a, b, y) { rows.append(row) }
        }
        let (output, status) = try runScript(python, "panel_check.py", [TestData.directory, repositoryRoot.path]
            + rows.map { "\(panel.ccode1[$0]),\(panel.ccode2[$0]),\(panel.year[$0])" })
        #expect(status == 0)
        let lines = output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return }
        #expect(header == ["ccode1", "ccode2", "year"] + panel.columns.map(\.name), "the script follows the same column contract")
        #expect(lines.count - 1 == rows.count)
        for (line, row) in zip(lines.dropFirst(), rows) {
            #expect(Int32(line[0]) == panel.ccode1[row] && Int32(line[1]) == panel.ccode2[row] && Int32(line[2]) == panel.year[row])
            for (offset, column) in panel.columns.enumerated() {
                let text = line[offset + 3], ours = column.values[row]
                let label = "\(column.name) for \(line[0])-\(line[1]) \(line[2])"
                if text.isEmpty {
                    #expect(ours.isNaN, "\(label): pandas has no value, Entente \(ours)")
                } else if let theirs = Double(text) {
                    #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "\(label): pandas \(theirs), Entente \(ours)")
                }
            }
        }
    }

    @Test func unAgreementEqualsADirectComputationFromTheVotes() throws {
        let panel = try Self.panel.get()
        for year in [1995, 2003, 2014] {
            let votes = try TestData.rows("""
                SELECT a.vote, b.vote FROM un_votes a JOIN un_votes b ON a.rcid = b.rcid
                WHERE a.country_ccode = 710 AND b.country_ccode = 365 AND a.year = \(year)
                """)
            let codes = ["yes": 1.0, "abstain": 2.0, "no": 3.0]
            let pairs = votes.compactMap { row -> (Double, Double)? in
                guard let x = codes[row[0].text], let z = codes[row[1].text] else { return nil }
                return (x, z)
            }
            let agree = Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count)
            let sscore = 1 - pairs.map { abs($0.0 - $0.1) }.reduce(0, +) / Double(pairs.count)
            #expect(value(panel, "un_votes_n", 365, 710, year) == Double(pairs.count))
            #expect(abs(value(panel, "un_agree", 365, 710, year)! - agree) < 1e-12)
            #expect(abs(value(panel, "un_sscore", 365, 710, year)! - sscore) < 1e-12)
        }
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct DyadMonthPanelTests {
    @Test func monthlyUNAgreementEqualsTheVotesOfThatMonth() throws {
        let table = try DyadMonthPanel(database: TestData.database()).build(from: 201_401, to: 201_412, dyad: (CountryCode(710), CountryCode(365)))
        #expect(table.columns == DyadMonthPanel.columns)
        let december = try #require(table.rows.first { $0[2] == .text("2014-12") })
        let direct = try TestData.rows("""
            SELECT COUNT(*), SUM(x.vote = y.vote) FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid
            JOIN un_roll_calls r ON r.rcid = x.rcid
            WHERE x.country_ccode = 365 AND y.country_ccode = 710 AND r.date LIKE '2014-12-%'
              AND x.vote IN ('yes', 'no', 'abstain') AND y.vote IN ('yes', 'no', 'abstain')
            """)[0]
        #expect(december[9] == .integer(Int64(direct[0].text)!))
        #expect(december[10] == .real(Double(direct[1].text)! / Double(direct[0].text)!))
        let yearly = table.rows.reduce(Int64(0)) { sum, row in if case .integer(let n) = row[9] { sum + n } else { sum } }
        #expect(try TestData.rows("SELECT COUNT(*) FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid WHERE x.country_ccode = 365 AND y.country_ccode = 710 AND x.year = 2014 AND x.vote IN ('yes','no','abstain') AND y.vote IN ('yes','no','abstain')") == [[FieldValueText(stringLiteral: String(yearly))]])
    }
}
