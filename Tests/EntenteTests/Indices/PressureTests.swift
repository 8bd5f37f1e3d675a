import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PressureTests {
    @Test func theArticlesEpisodesShowAsRisingPressure() throws {
        let table = try PressureIndex(database: TestData.database(), reference: TestData.reference).compute(from: 1985, to: 2016)
        let china = table[CountryCode(710)]!, russia = table[CountryCode(365)]!
        // Tiananmen: Western sanctions on China in 1989 (GSDB), none in force in 1988.
        #expect(china[1988]!.raw["west_sanctions"] == 0 && china[1989]!.raw["west_sanctions"]! > 0)
        #expect(china[1989]!.index! > china[1988]!.index!)
        // Crimea: Western sanctions on Russia from 2014.
        #expect(russia[2014]!.raw["west_sanctions"]! > russia[2013]!.raw["west_sanctions"]!)
        #expect(russia[2014]!.sanctions! > russia[2013]!.sanctions!)
        for state in table.values {
            for year in state.values {
                for part in [year.index, year.sanctions, year.bloc, year.events].compactMap({ $0 }) { #expect((0...1).contains(part)) }
            }
        }
        let report = PressureIndex.report(table, CountryCode(710), CountryCode(365))
        #expect(report.columns == ["year", "pressure_1", "pressure_2", "shared", "west_sanctions_1", "west_sanctions_2"])
        for row in report.rows {
            if case .real(let p) = row[1], case .real(let q) = row[2], case .real(let shared) = row[3] { #expect(shared == min(p, q)) }
        }
    }

    /// GSDB and the three GDELT samples, imported into a database of their own.
    static let monthlyDatabase: Result<EntenteDatabase, any Error> = Result {
        let database = try EntenteDatabase(path: nil)
        _ = try ImportService(database: database, reference: TestData.reference)
            .importFile(dataset: DatasetCatalogue.dataset("gsdb")!, path: TestData.path("sanctions_gsdb/GSDB_V3.csv"))
        _ = try EventImportService(database: database, reference: TestData.reference).importFiles(gdeltSamples.map(TestData.path))
        return database
    }

    @Test func monthlyWesternEventsEqualAnIndependentCountOfTheRawFile() throws {
        let table = try PressureIndex(database: Self.monthlyDatabase.get(), reference: TestData.reference).monthly(from: 201606, to: 201608)
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonHasPandas(python) else {
            #expect(!TestData.required, "pandas is needed for this comparison (pip install pandas)")
            return
        }
        // Of the samples, only the GDELT 1.0 daily file has events in 2016 (the others are dated 1979 and 2023–2024).
        let (output, status) = try runScript(python, "pressure_month_check.py",
                                             [repositoryRoot.appendingPathComponent("Data/reference").path, "201607", TestData.path(gdeltSamples[0])])
        #expect(status == 0)
        var expected: [Int: (events: Int, conflict: Int)] = [:]
        for line in output.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").compactMap { Int($0) }
            expected[fields[0]] = (fields[1], fields[2])
        }
        #expect(expected[365]?.conflict == 1 && expected[2]?.conflict == 2, "Western conflictual events against Russia and the United States")
        #expect(Set(expected.keys).isSubset(of: table.keys.map(\.rawValue)))
        for (state, months) in table {
            let july = try #require(months[201607]), want = expected[state.rawValue] ?? (0, 0)
            #expect(july.westernEvents == want.events && july.conflictEvents == want.conflict, "\(state): pandas \(want)")
            #expect(months[201606]?.westernEvents == nil && months[201608]?.conflictEvents == nil, "no imported event in June or August")
        }
        #expect(table[CountryCode(365)]?[201607]?.conflictShare == 1.0 / 3)

        // The dyad: each measure's shared value is the smaller of the two.
        let report = PressureIndex.monthlyReport(table, CountryCode(365), CountryCode(2))
        let july = try #require(report.rows.first { $0[0] == .text("2016-07") })
        func value(_ column: String) -> FieldValue { july[report.columns.firstIndex(of: column)!] }
        #expect(value("western_events_shared") == .integer(3) && value("western_conflict_events_shared") == .integer(1))
        #expect(value("western_conflict_share_shared") == .real(2.0 / 7), "United States 2 of 7, Russia 1 of 3")
        #expect(value("western_events_1") == .integer(3) && value("western_events_2") == .integer(7))
    }

    @Test func monthlySanctionsEqualTheYearlyViewInEveryMonth() throws {
        let monthly = try PressureIndex(database: Self.monthlyDatabase.get(), reference: TestData.reference).monthly(from: 201401, to: 201612)
        let yearly = try PressureIndex(database: TestData.database(), reference: TestData.reference).compute(from: 2014, to: 2016)
        #expect(monthly.count == yearly.count)
        for (state, months) in monthly {
            #expect(months.count == (yearly[state]?.count ?? 0) * 12)
            for (month, value) in months where Double(value.sanctions) != yearly[state]?[month / 100]?.raw["west_sanctions"] {
                Issue.record("\(state) \(month): \(value.sanctions) Western cases, yearly \(String(describing: yearly[state]?[month / 100]?.raw["west_sanctions"]))")
            }
        }
        #expect(monthly[CountryCode(365)]?[201403]?.sanctions ?? 0 > 0, "Crimea: Western sanctions on Russia in March 2014")
    }
}
