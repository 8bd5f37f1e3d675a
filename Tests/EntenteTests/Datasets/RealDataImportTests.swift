import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// One real file, with its record count computed independently (Python's csv module over the same file; the
/// SIPRI preamble skipped, the 893 all-empty rows of the exercises list not counted) and, for reshaped files,
/// the stored row count (non-empty wide cells counted the same way).
struct FileCase: CustomTestStringConvertible, Sendable {
    var dataset: String
    var path: String
    var read: Int
    var rejected: Int
    var stored: Int?
    /// Records read and checked but not stored, by the layout's selection.
    var passedOver: Int

    init(_ dataset: String, _ path: String, read: Int, rejected: Int, stored: Int?, passedOver: Int = 0) {
        self.dataset = dataset
        self.path = path
        self.read = read
        self.rejected = rejected
        self.stored = stored
        self.passedOver = passedOver
    }

    var testDescription: String { "\(dataset) ← \(path)" }
}

let realFiles: [FileCase] = [
        FileCase("states", "cow_states/states2016.csv", read: 243, rejected: 0, stored: 243),
        FileCase("states", "peacesciencer_csv/cow_states.csv", read: 243, rejected: 0, stored: 243),
        FileCase("gw-states", "peacesciencer_csv/gw_states.csv", read: 216, rejected: 0, stored: 216),
        // The rows with microstate1 = 1 (awk -F, '$4 == 1'), of 2,599,466.
        FileCase("gw-microstates", "peacesciencer_csv/gw_ddy.csv.gz", read: 2599466, rejected: 0, stored: 235705, passedOver: 2363761),
        FileCase("atop-ddy", "peacesciencer_csv/atop_alliance.csv.gz", read: 273296, rejected: 0, stored: 273296),
        FileCase("atop-alliance", "atop/atop4_01_alliance_level.csv", read: 745, rejected: 0, stored: 745),
        FileCase("atop-member", "atop/atop4_01_member_level.csv", read: 2398, rejected: 0, stored: 2398),
        FileCase("atop-phase", "atop/atop4_01_alliancephase_level.csv", read: 799, rejected: 0, stored: 799),
        FileCase("nmc", "peacesciencer_csv/cow_nmc.csv", read: 17121, rejected: 0, stored: 17121),
        FileCase("nmc", "cow_nmc/NMC_5_0.csv", read: 15171, rejected: 1, stored: 15170),
        FileCase("sdp-gdp", "peacesciencer_csv/cow_sdp_gdp.csv", read: 27753, rejected: 0, stored: 27753),
        FileCase("contiguity", "peacesciencer_csv/cow_contdir.csv", read: 1874, rejected: 0, stored: 1874),
        FileCase("capitals", "peacesciencer_csv/cow_capitals.csv", read: 242, rejected: 0, stored: 242),
        FileCase("mindist", "peacesciencer_csv/cow_mindist.csv.gz", read: 952244, rejected: 0, stored: 952244),
        FileCase("majors", "peacesciencer_csv/cow_majors.csv", read: 14, rejected: 0, stored: 14),
        FileCase("maoz-powers", "peacesciencer_csv/maoz_powers.csv", read: 20, rejected: 0, stored: 20),
        FileCase("mid-dyadic", "peacesciencer_csv/cow_mid_ddydisps.csv", read: 10234, rejected: 0, stored: 10234),
        FileCase("mid-disputes", "peacesciencer_csv/cow_mid_disps.csv", read: 2436, rejected: 0, stored: 2436),
        FileCase("gml-mid", "mid_gml/gml-ddy-disputes-2.03.csv", read: 10386, rejected: 0, stored: 10386),
        FileCase("tss-rivalries", "peacesciencer_csv/tss_rivalries.csv", read: 264, rejected: 0, stored: 264),
        FileCase("td-rivalries", "peacesciencer_csv/td_rivalries.csv", read: 197, rejected: 0, stored: 197),
        FileCase("ucdp-acd", "peacesciencer_csv/ucdp_acd.csv", read: 5652, rejected: 0, stored: 5652),
        FileCase("terrthreat", "peacesciencer_csv/terrthreat.csv", read: 14781, rejected: 0, stored: 14781),
        FileCase("polity", "polity/p5v2018.csv", read: 17574, rejected: 0, stored: 17574),
        FileCase("polity", "polity/polity4v2015.csv", read: 17061, rejected: 0, stored: 17061),
        FileCase("vdem", "vdem/vdem_polyarchy_cow.csv", read: 27013, rejected: 0, stored: 27013),
        FileCase("creg", "peacesciencer_csv/creg.csv", read: 11523, rejected: 0, stored: 11523),
        FileCase("hief", "peacesciencer_csv/hief.csv", read: 8808, rejected: 0, stored: 8808),
        FileCase("un-roll-calls", "unvotes/un_roll_calls.csv", read: 6203, rejected: 0, stored: 6203),
        FileCase("un-issues", "unvotes/un_roll_call_issues.csv", read: 5745, rejected: 0, stored: 5745),
        FileCase("un-votes", "unvotes/un_votes.csv.gz", read: 870109, rejected: 0, stored: 870109),
        FileCase("un-votes", "unvotes/UNVotesPublished_voeten_1946_2015.csv.gz", read: 1066613, rejected: 0, stored: 1066613),
        FileCase("ideal-points", "un_ideal_points/IdealpointsJuly2025.csv", read: 11440, rejected: 0, stored: 11440),
        FileCase("ideal-points", "un_ideal_points/IdealpointestimatesAll_Jun2024.csv", read: 11238, rejected: 0, stored: 11238),
        FileCase("gsdb", "sanctions_gsdb/GSDB_V3.csv", read: 1325, rejected: 0, stored: nil),
        FileCase("ties", "sanctions_ties/TIESv4-1.csv", read: 1412, rejected: 0, stored: 1412),
        FileCase("sipri-transfers", "sipri/sipri_arms_transfers_2000_2024_deliveries_by_year.csv", read: 20480, rejected: 0, stored: 20480),
        FileCase("sipri-milex", "sipri/sipri_milex_constant_usd_1949_2018.csv", read: 173, rejected: 0, stored: 7623),
        FileCase("igo", "cow_igo_v3/state_year_format3.csv.gz", read: 15557, rejected: 0, stored: 677839),
        FileCase("igo-organisations", "cow_igo_v3/igo_year_format3.csv.gz", read: 19335, rejected: 0, stored: 19335),
        FileCase("trade", "peacesciencer_csv/cow_trade_ndy.csv.gz", read: 673654, rejected: 0, stored: 673654),
        FileCase("icews", "icews_netify/icews.csv.gz", read: 298376, rejected: 0, stored: 298376),
        FileCase("imf-dots-exports", "china_russia/imf_dots_russia_exports_2023_usd_mn.csv", read: 226, rejected: 0, stored: 2618),
        FileCase("imf-dots-imports", "china_russia/imf_dots_russia_imports_usd_mn.csv", read: 208, rejected: 0, stored: 2471),
        FileCase("exercises", "china_russia/joint_military_exercises_involving_russia.csv", read: 99, rejected: 0, stored: 278)
]

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct RealDataImportTests {
    @Test(arguments: realFiles)
    func everyImporterLoadsItsRealFile(_ file: FileCase) throws {
        let database = try EntenteDatabase(path: nil)
        let service = ImportService(database: database, reference: TestData.reference)
        if let lookup = DatasetCatalogue.dataset(file.dataset)?.yearLookup {
            _ = try service.importFile(dataset: DatasetCatalogue.dataset(lookup.dataset)!, path: TestData.path("unvotes/un_roll_calls.csv"))
        }
        let outcome = try service.importFile(dataset: DatasetCatalogue.dataset(file.dataset)!, path: TestData.path(file.path),
                                             keepGoing: file.rejected > 0)
        guard case .loaded(let record, _) = outcome else {
            Issue.record("a fresh database reported the file as unchanged")
            return
        }
        #expect(record.rowsRead == file.read)
        #expect(record.rowsRejected == file.rejected)
        #expect(record.rowsLoaded == file.read - file.rejected - file.passedOver)
        if let stored = file.stored { #expect(record.rowsStored == stored) }
        let table = DatasetCatalogue.dataset(file.dataset)!.tableName
        let count = try database.readOnlyQuery("SELECT COUNT(*) FROM \"\(table)\"").rows[0][0]
        #expect(count == .integer(Int64(record.rowsStored)))
        let rejects = try database.rejects(dataset: file.dataset)
        #expect(rejects.count == file.rejected)
        #expect(rejects.allSatisfy { !$0.reason.isEmpty })
        // The natural key holds: SQLite, counting on its own, finds no key more than once beyond the declared
        // repeats (HIEF gives some of them three times).
        let definition = DatasetCatalogue.dataset(file.dataset)!
        let key = definition.layouts.first { $0.name == record.layout }?.key ?? definition.key
        let columns = key.columns.map { "\"\($0)\"" }
        let repeats = try database.readOnlyQuery("""
            SELECT COUNT(*) FROM (SELECT COUNT(*) AS n FROM "\(table)"
            WHERE \(columns.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")) GROUP BY \(columns.joined(separator: ", ")) HAVING n > 1)
            """)
        #expect(repeats.rows == [[.integer(Int64(key.knownRepeats.count))]])
    }

    @Test func everyKnownPathIsAmongTheRealFiles() {
        #expect(Set(realFiles.map(\.path)) == Set(DatasetCatalogue.all.flatMap(\.knownPaths)))
    }

    /// The rivalry files import like every dataset: the same file again changes nothing, and a file with an
    /// unknown kind of rivalry stops with its file, line and column and leaves the stored rows as they were.
    @Test func rivalriesImportOnceAndABadKindChangesNothing() throws {
        let database = try EntenteDatabase(path: nil)
        let service = ImportService(database: database, reference: TestData.reference)
        let definition = try #require(DatasetCatalogue.dataset("td-rivalries"))
        let path = TestData.path("peacesciencer_csv/td_rivalries.csv")
        guard case .loaded = try service.importFile(dataset: definition, path: path),
              case .unchanged = try service.importFile(dataset: definition, path: path) else {
            Issue.record("loaded once, then unchanged")
            return
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let bad = temporaryPath("td_rivalries", suffix: ".csv")
        defer { try? FileManager.default.removeItem(at: bad) }
        try text.replacingOccurrences(of: "Russia-United States 2,2,365,2007,2010,Multiple,positional",
                                      with: "Russia-United States 2,2,365,2007,2010,Multiple,economic").write(to: bad, atomically: true, encoding: .utf8)
        #expect {
            try service.importFile(dataset: definition, path: bad.path)
        } throws: { error in
            "\(error)".contains("\(bad.path):198: column 'type1': value 'economic': not one of the codes")
        }
        #expect(try database.readOnlyQuery("SELECT COUNT(*), MAX(endyear) FROM td_rivalries").rows[0] == [.integer(197), .integer(2010)])
    }

    /// gw_ddy imports like every dataset: the same file again changes nothing, and a file whose microstate flag is
    /// neither 0 nor 1 stops with its file, line and column and leaves the stored rows as they were.
    @Test func microstatesImportOnceAndABadFlagChangesNothing() throws {
        let database = try EntenteDatabase(path: nil)
        let service = ImportService(database: database, reference: TestData.reference)
        let definition = try #require(DatasetCatalogue.dataset("gw-microstates"))
        let path = TestData.path("peacesciencer_csv/gw_ddy.csv.gz")
        guard case .loaded(_, let notes) = try service.importFile(dataset: definition, path: path),
              case .unchanged = try service.importFile(dataset: definition, path: path) else {
            Issue.record("loaded once, then unchanged")
            return
        }
        #expect(notes.contains("2363761 record(s) read and checked but not stored, as the layout selects"))
        let bad = temporaryPath("gw_ddy", suffix: ".csv")
        defer { try? FileManager.default.removeItem(at: bad) }
        try "gwcode1,gwcode2,year,microstate1,microstate2\n2,20,1867,0,0\n221,2,1900,yes,0\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect {
            try service.importFile(dataset: definition, path: bad.path)
        } throws: { error in
            "\(error)".contains("\(bad.path):3: column 'microstate1': value 'yes': expected one of 0, 1")
        }
        #expect(try database.readOnlyQuery("SELECT COUNT(*), COUNT(DISTINCT gwcode) FROM gw_microstates").rows[0] == [.integer(235705), .integer(23)])
    }

    @Test func theOneBadRecordOfNMC5IsSetAsideWithItsReason() throws {
        let database = try EntenteDatabase(path: nil)
        _ = try ImportService(database: database, reference: TestData.reference)
            .importFile(dataset: DatasetCatalogue.dataset("nmc")!, path: TestData.path("cow_nmc/NMC_5_0.csv"), keepGoing: true)
        let rejects = try database.rejects(dataset: "nmc")
        #expect(rejects.map(\.line) == [11221])
        #expect(rejects.first?.column == "tpop" && rejects.first?.value == "4517NA6")
    }

    @Test func importAllLoadsEveryDatasetFound() throws {
        let items = try TestData.imported.get().1
        #expect(items.count == DatasetCatalogue.all.count)
        for item in items {
            if case .failure(let error) = item.result { Issue.record("\(item.dataset): \(error)") }
        }
        let superseded = Dictionary(uniqueKeysWithValues: items.map { ($0.dataset, $0.superseded.count) })
        #expect(superseded["nmc"] == 1 && superseded["polity"] == 1 && superseded["un-votes"] == 1)
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct RealDataSpotValueTests {
    @Test func atopChinaRussiaNonAggressionFrom1992AndConsultationFrom2001() throws {
        let rows = try TestData.rows("""
            SELECT year, atop_defense, atop_nonagg, atop_consul FROM atop_ddy
            WHERE ccode1 = 710 AND ccode2 = 365 AND year BETWEEN 1990 AND 2018 ORDER BY year
            """)
        #expect(rows.first?[0] == "1992", "no ATOP tie in 1990–1991")
        #expect(rows.count == 27)
        for row in rows {
            let year = Int(row[0].text)!
            #expect(row[1] == "0", "no defence pact in \(year)")
            #expect(row[2] == "1", "non-aggression in \(year)")
            #expect(row[3] == (year >= 2001 ? "1" : "0"), "consultation in \(year)")
        }
        let reverse = try TestData.rows("SELECT COUNT(*) FROM atop_ddy WHERE ccode1 = 365 AND ccode2 = 710 AND year BETWEEN 1992 AND 2018")
        #expect(reverse == [["27"]], "directed: both directions are present")
    }

    @Test func chinaCINC2016() throws {
        // peacesciencer_csv/cow_nmc.csv: 710,2016,145039000,2333,807609,5709691,1403500.0,526464.0,0.23082519
        #expect(try TestData.rows("SELECT milex, tpop, cinc FROM nmc WHERE ccode = 710 AND year = 2016")
                == [["145039000", "1403500.0", "0.23082519"]])
    }

    @Test func howChinaRussiaAndTheUSVotedOnUkrainesTerritorialIntegrity() throws {
        // unvotes: rcid 5309 is A/RES/68/262 of 2014-03-27 ("Territorial integrity of Ukraine").
        #expect(try TestData.rows("SELECT unres, date FROM un_roll_calls WHERE rcid = 5309") == [["R/68/262", "2014-03-27"]])
        let votes = try TestData.rows("""
            SELECT country_ccode, vote, year FROM un_votes WHERE rcid = 5309 AND country_ccode IN (2, 365, 710) ORDER BY country_ccode
            """)
        #expect(votes == [["2", "yes", "2014"], ["365", "no", "2014"], ["710", "abstain", "2014"]])
        let issues = try TestData.rows("SELECT COUNT(*) FROM un_votes WHERE year IS NULL")
        #expect(issues == [["0"]], "every vote has its roll call's year")
    }

    @Test func gsdbSanctionsOnRussiaIn2014() throws {
        let senders = try TestData.rows("""
            SELECT DISTINCT sanctioning_state FROM gsdb WHERE sanctioned_state_ccode = 365 AND begin = 2014 ORDER BY 1
            """).map { $0[0].text }
        for sender in ["Australia", "Canada", "EU", "Japan", "United States", "Switzerland", "Norway"] {
            #expect(senders.contains(sender), "\(sender) sanctioned Russia in 2014")
        }
        let eu = try TestData.rows("SELECT sanctioning_state_ccode FROM gsdb WHERE case_id = 1000")
        #expect(eu == [["NULL"]], "the EU is an organisation, not a state")
    }

    @Test func sipriDeliveriesFromRussiaToChina() throws {
        let rows = try TestData.rows("""
            SELECT COUNT(*), ROUND(SUM(tiv_delivered), 1) FROM sipri_transfers
            WHERE supplier_ccode = 365 AND recipient_ccode = 710 AND delivery_year = 2015
            """)
        #expect(rows[0][0] != "0", "Russia delivered arms to China in 2015")
    }

    @Test func wideFilesReshapeAsTheRawFileReads() throws {
        // imf_dots_russia_exports_2023_usd_mn.csv: the World row's 2014 cell is 497833.710457.
        #expect(try TestData.rows("SELECT partner_ccode, usd_millions FROM imf_dots_exports WHERE partner = 'World' AND year = 2014")
                == [["NULL", "497833.710457"]])
        #expect(try TestData.rows("SELECT COUNT(*) FROM igo WHERE ccode = 710 AND igo = 'sco' AND year = 2001 AND status = 1") == [["1"]])
        #expect(try TestData.rows("SELECT COUNT(*) FROM igo WHERE ccode = 365 AND igo = 'nato' AND status = 1") == [["0"]])
    }
}
