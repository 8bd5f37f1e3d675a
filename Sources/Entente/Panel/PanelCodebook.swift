import EntenteCore

/// The meaning, source, coverage and missing-value rule of every panel column (`entente panel --describe`);
/// Docs/panel-columns.md is the same table for readers of the repository.
public enum PanelCodebook {
    /// The entry of one column or of a few documented together.
    public struct Entry: Sendable {
        /// The columns, keys included.
        public var columns: [PanelColumnName]
        /// How the table names the columns: their names, or a pattern such as `atop_<provision>_onset`.
        public var label: String
        public var meaning: String
        public var source: String
        public var years: String
        public var missing: String

        init(_ columns: [PanelColumnName], label: String? = nil, meaning: String, source: String, years: String, missing: String) {
            self.columns = columns
            self.label = label ?? columns.map(\.rawValue).joined(separator: ", ")
            (self.meaning, self.source, self.years, self.missing) = (meaning, source, years, missing)
        }

        /// The entry's covariates: its columns, keys apart.
        public var covariates: [PanelColumnName] { columns.filter { !PanelCodebook.keys.contains($0) } }
    }

    /// The key columns of both panels.
    static let keys: Set<PanelColumnName> = [.ccode1, .ccode2, .ccode, .year]

    public static let entries: [Entry] = [
        Entry([.ccode1, .ccode2, .year], meaning: "keys: COW codes of the pair (ccode1 < ccode2 when non-directed) and the year; every pair of COW system members on a common day of the year (peacesciencer's cow_ddy), members at the 2016 release end continuing",
              source: "Data/reference/state-system.csv (COW v2016)", years: "1816–", missing: "never missing"),
        Entry(PanelColumnName.Provision.allCases.map(PanelColumnName.atop), meaning: "1 if an ATOP alliance with this provision links the two in the year (either direction of the directed ATOP row)",
              source: "atop-ddy (ATOP 5.1)", years: "1816–2018", missing: "0 when the dyad-year has no ATOP row; NULL after ATOP's last year"),
        Entry(PanelColumnName.Provision.allCases.map(PanelColumnName.atopOnset), label: "atop_<provision>_onset", meaning: "1 if the provision is 1 this year and 0 or absent in year−1 (a new tie); "
                  + "a pair new to the panel continues a tie, not an onset, where an ATOP alliance links the two and each had the provision in it in year−1, "
                  + "a successor state in its first year through its predecessor (Data/reference/successor-states.csv: Germany 1990, Yemen 1990, Czech Republic and Slovakia 1993)",
              source: "atop-ddy; atop-member (ATOP 4.01)", years: "1816–2018", missing: "as above"),
        Entry(PanelColumnName.defenseYearsPowers, meaning: "years since the dyad last had a defence pact: year − latest earlier pact year − 1, or year − the dyad's first panel year; squared; cubed",
              source: "atop-ddy", years: "1816–2019", missing: "NULL after the year after ATOP's last"),
        Entry([.alliesCommon], meaning: "third states with a defence pact with both in year−1", source: "atop-ddy", years: "1817–2019",
              missing: "0; NULL after the year after ATOP's last"),
        Entry([.triadClosure], meaning: "third states with any ATOP provision with both in year−1", source: "atop-ddy", years: "1817–2019",
              missing: "0; NULL after the year after ATOP's last"),
        Entry(PanelColumnName.cinc.sides + [.capRatioLn], meaning: "COW CINC of each side; ln(larger CINC / smaller CINC)",
              source: "nmc (peacesciencer's cow_nmc to 2022; NMC_5_0.csv ends in 2012)", years: "1816–2022",
              missing: "NULL where NMC has no value; ratio NULL if either is missing or 0"),
        Entry([PanelColumnName.gdpLn, .popLn].flatMap(\.sides), meaning: "ln GDP (2011 US$) and ln population of each side, as estimated by Anders, Fariss & Markowitz (2020)",
              source: "sdp-gdp (peacesciencer cow_sdp_gdp)", years: "1816–2015", missing: "NULL where the estimate is missing (every state in 2016)"),
        Entry([PanelColumnName.maozRegional, .maozGlobal].flatMap(\.sides), meaning: "1 if a regional / global power in Maoz's dated list on any day of the year; a spell running at the data's end (2019-12-31) continues",
              source: "maoz-powers (Maoz 2010, peacesciencer)", years: "1816–", missing: "0"),
        Entry([.conttype], meaning: "closest COW direct-contiguity type in effect: 1 land … 5 sea ≤400 mi, 0 none; relations running at the 2016 release end continue",
              source: "contiguity", years: "1816–", missing: "0"),
        Entry(PanelColumnName.major.sides, meaning: "1 if a COW major power in the year (majors at the release end continue)", source: "majors", years: "1816–", missing: "0"),
        Entry(PanelColumnName.polity2.sides + [.polityDiff, .jointDemocracy], meaning: "Polity2 of each side; their absolute difference; 1 if both ≥ 6",
              source: "polity (Polity5)", years: "1816–2018", missing: "NULL if a score is missing"),
        Entry(PanelColumnName.polyarchy.sides, meaning: "V-Dem electoral democracy index of each side", source: "vdem", years: "1816–2019", missing: "NULL if missing"),
        Entry([PanelColumnName.ethfrac, .relfrac].flatMap(\.sides), meaning: "ethnic and religious fractionalisation of each side (1 − Σ group share²); where CREG has two units for a state (the Soviet Union and Russia, Yugoslavia and Serbia), the unit with the state's own COW number wins where both have a value",
              source: "creg (CREG, Cline Center; peacesciencer)", years: "1945–2013", missing: "NULL where CREG has no value"),
        Entry(PanelColumnName.efindex.sides, meaning: "Historical Index of Ethnic Fractionalization of each side; of a repeated state-year, the first row", source: "hief (Drazanova 2019; peacesciencer)",
              years: "1945–2013", missing: "NULL where HIEF has no value"),
        Entry([.unVotesN, .unAgree, .unSScore], meaning: "UNGA roll calls in the year both voted yes/no/abstain on; share of identical votes; S = 1 − mean |v1 − v2| with yes 1, abstain 2, no 3",
              source: "un-votes (+ un-roll-calls for the year)", years: "1946–2020", missing: "n = 0 and NULL shares when no common vote; all NULL after the votes' last year"),
        Entry([.idealDistance], meaning: "absolute distance between the two UN ideal points (all votes)", source: "ideal-points (Bailey–Strezhnev–Voeten)",
              years: "1946–2023", missing: "NULL if either is missing"),
        Entry([.idealDistanceFP], meaning: "the same with the release's idealpointfp estimate (from about 80 roll calls a year against 170–200; the July 2025 release gives only it for 2024)",
              source: "ideal-points (BSV July 2025)", years: "1946–2024", missing: "NULL if either is missing"),
        Entry([.igoShared, .scoBoth, .natoBoth], meaning: "IGOs with both as full members; 1 if both are full SCO / NATO members", source: "igo (COW IGO v3)",
              years: "1816–2014", missing: "0; NULL after the data end"),
        Entry([.midOngoing, .midOnset, .midYears], meaning: "a COW MID between them ongoing / beginning in the year; years since one was last ongoing (as defense_years)",
              source: "mid-dyadic", years: "1816–2014", missing: "0; ongoing/onset NULL after the data end, mid_years after the year after it"),
        Entry([.commonFoe], meaning: "third states in a MID with both in the year (common threat)", source: "mid-dyadic", years: "1816–2014",
              missing: "0; NULL after the data end"),
        Entry([.commonSender], meaning: "senders (states, or organisations by name) with GSDB sanctions in effect against both in the year",
              source: "gsdb", years: "1949–2022", missing: "0; NULL after GSDB's last year"),
        Entry(PanelColumnName.westSanctions.sides, meaning: "GSDB cases in effect against each side with a Western sender (Data/reference/western-senders.csv)",
              source: "gsdb", years: "1949–2022", missing: "0; NULL after GSDB's last year"),
        Entry([.tradeFlow, .tradeDep1, .tradeDep2], meaning: "flow1 + flow2 (US$ m); as a share of each side's total trade with all partners",
              source: "trade (COW dyadic trade)", years: "1870–2014", missing: "NULL without a trade row"),
        Entry([.armsTIV], meaning: "SIPRI TIV delivered between them in the year, both directions", source: "sipri-transfers", years: "2000–2023",
              missing: "0 inside the coverage, NULL outside"),
        Entry([.capitalDistanceLn], meaning: "ln(1 + great-circle km between the two capitals in effect in the year: haversine, Earth radius 6371.0 km); in a year a capital moved, the first of the year (1 January, as peacesciencer)",
              source: "capitals (COW capitals, peacesciencer)", years: "1816–2024", missing: "NULL if either state has no capital in effect in the year"),
        Entry([.mindist], meaning: "minimum distance between the two states' territories on 1 January of the year, km (0 where the borders touch)",
              source: "mindist (CShapes 2.0, peacesciencer cow_mindist)", years: "1886–2019",
              missing: "NULL without a row: years outside 1886–2019, and dyad-years CShapes has no shape for on 1 January (mostly a state's first year)"),
        Entry([.rivalry, .rivalsCommon], meaning: "1 if a strategic rivalry between the two is in effect in the year (start ≤ year ≤ end); third states (members or not) that are strategic rivals of both in the year",
              source: "tss-rivalries (Thompson, Sakuwa & Suhas)", years: "1816–2020", missing: "0; NULL after the data end"),
        Entry([.rivalryPositional, .rivalrySpatial, .rivalryIdeological], meaning: "1 if a rivalry between the two in effect in the year is of this kind (status, territory, ideology)",
              source: "tss-rivalries", years: "1816–2020", missing: "0 (also without a rivalry); NULL after the data end"),
        Entry(PanelColumnName.ucdpConflicts.sides, meaning: "UCDP/PRIO armed conflicts (25+ battle deaths in the year) the side is a primary or secondary party to, on either side; Gleditsch–Ward codes placed on COW states by year (GW 260 is COW 255 from 1991, GW 678 COW 679 from 1990, GW 340 COW 345, GW 972 Tonga COW 955; GW-only states such as Tibet drop out)",
              source: "ucdp-acd (UCDP/PRIO ACD, peacesciencer)", years: "1946–2024", missing: "0; NULL outside the data's years"),
        Entry([.ucdpOpposed, .ucdpTogether], meaning: "1 if the two are on opposite sides / on the same side (as primary or secondary parties) of a UCDP armed conflict in the year",
              source: "ucdp-acd", years: "1946–2024", missing: "0; NULL outside the data's years"),
        Entry(PanelColumnName.terrthreat.sides, meaning: "latent territorial threat to each side (posterior mean of Miller's measurement model)", source: "terrthreat (Miller 2022; peacesciencer)",
              years: "1816–2010", missing: "NULL without an estimate"),
    ]

    /// The dyad-year panel's columns on the Gleditsch–Ward list (`entente panel --system gw`): its keys and
    /// microstate flags, then the COW panel's covariates, each taken from the states' COW counterparts.
    public static let gleditschWardEntries: [Entry] = [
        Entry([.gwcode1, .gwcode2, .year], meaning: "keys: Gleditsch–Ward codes of the pair (gwcode1 < gwcode2 when non-directed) and the year; every pair of GW members on a common day of the year (peacesciencer's gw_ddy), members at the list's end (2017) continuing; "
                  + "the microstates in the years gw_ddy lists them, paired as there (--no-microstates leaves them out). Each covariate below is the COW dyad-year's of the two states' COW counterparts of the year: GW 260 is COW 255 from 1991, 678 is 679 from 1990, 340 is 345, and the microstates Kiribati 970, Nauru 971, Tonga 972 and Tuvalu 973 are COW 946, 970, 955 and 947",
              source: "gw-states (peacesciencer gw_states); gw-microstates (peacesciencer gw_ddy)", years: "1816–", missing: "never missing"),
        Entry(PanelColumnName.microstate.sides, meaning: "1 if the side is one of Gleditsch and Ward's microstates (under 250,000 people: Monaco, Liechtenstein, Andorra, San Marino, the small Caribbean and Pacific states, Abkhazia, South Ossetia, …), as in peacesciencer's create_dyadyears(system = \"gw\")",
              source: "gw-microstates", years: "1816–", missing: "0 (all 0 with --no-microstates)"),
    ] + entries.dropFirst().map { entry in
        var entry = entry
        entry.missing += "; NULL where either state has no COW counterpart that year (Monaco before 1993, Abkhazia, Tibet, …)"
        return entry
    }

    /// The state-year panel's columns (`entente panel --states`): each is the value the dyad-year panel gives a
    /// side, documented there, plus three counts only the state-year panel has.
    public static let stateYearEntries: [Entry] = [
        Entry([.ccode, .year], meaning: "keys: every COW system member in each year (members at the 2016 release end continuing)",
              source: "Data/reference/state-system.csv (COW v2016)", years: "1816–", missing: "never missing"),
        Entry(PanelColumnName.stateYearCovariates,
              meaning: "as the dyad-year columns of the same name with 1/2 (or _1/_2) appended", source: "see `entente panel --describe`", years: "each its source's", missing: "as there"),
        Entry([.sanctionSenders], meaning: "senders (states, or organisations by name) with GSDB sanctions in effect against the state in the year",
              source: "gsdb", years: "1949–2022", missing: "0; NULL after GSDB's last year"),
        Entry([.rivals], meaning: "the state's strategic rivals in effect in the year (members of the system or not)", source: "tss-rivalries", years: "1816–2020",
              missing: "0; NULL after the data end"),
    ]

    /// The codebook as a printable table; with `lastYears` (a panel's `lastYearsWithData`), each entry's last year
    /// with data, per column where its columns differ.
    public static func report(lastYears: [String: Int]? = nil, entries: [Entry] = entries) -> ReportTable {
        ReportTable(columns: ["columns", "meaning", "source", "years", "last year with data", "missing"], rows: entries.map { entry in
            var last = FieldValue.null
            let names = entry.covariates
            if let lastYears, !names.isEmpty {
                let years = names.map { lastYears[$0].map(String.init) ?? "none" }
                last = .text(Set(years).count == 1 ? years[0] : zip(names, years).map { "\($0) \($1)" }.joined(separator: ", "))
            }
            return [.text(entry.label), .text(entry.meaning), .text(entry.source), .text(entry.years), last, .text(entry.missing)]
        })
    }
}

extension DyadYearPanel {
    /// The panel as a printable table (for small panels; large ones go to CSV).
    public var report: ReportTable {
        ReportTable(columns: keyNames + columns.map(\.name), rows: (0..<count).map { row in
            [.integer(Int64(ccode1[row])), .integer(Int64(ccode2[row])), .integer(Int64(year[row]))] + columns.map { $0.field(row) }
        })
    }
}

extension StateYearPanel {
    /// The panel as a printable table.
    public var report: ReportTable {
        ReportTable(columns: [PanelColumnName.ccode, .year].map(\.rawValue) + columns.map(\.name), rows: (0..<count).map { row in
            [.integer(Int64(ccode[row])), .integer(Int64(year[row]))] + columns.map { $0.field(row) }
        })
    }
}

extension PanelColumn {
    /// The value of `row` as a report field.
    func field(_ row: Int) -> FieldValue {
        let value = values[row]
        if value.isNaN { return .null }
        return kind == .integer ? .integer(Int64(value)) : .real(value)
    }
}
