import Entente
import EntenteCore
import EntenteFormats
import Testing

/// Every country name in the files that carry names resolves: to the stored state for the row's year, or to a
/// listed non-state entity. Checked over the imported rows, so each distinct (name, year) is looked up again here.
@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct CrosswalkCoverageTests {
    static let namedColumns: [(table: String, column: String, year: String?)] = [
        ("un_votes", "country", "year"),
        ("sipri_transfers", "supplier", "delivery_year"), ("sipri_transfers", "recipient", "delivery_year"),
        ("sipri_milex", "country", "year"),
        ("gsdb", "sanctioned_state", "begin"), ("gsdb", "sanctioning_state", "begin"),
        ("imf_dots_exports", "partner", "year"), ("imf_dots_imports", "partner", "year"),
        ("icews", "source", "year"), ("icews", "target", "year"),
        ("exercises", "partner", "year"),
    ]

    @Test(arguments: namedColumns.map { "\($0.table).\($0.column)" })
    func everyNameResolves(_ qualified: String) throws {
        let entry = Self.namedColumns.first { "\($0.table).\($0.column)" == qualified }!
        let rows = try TestData.database().readOnlyQuery("""
            SELECT DISTINCT "\(entry.column)", "\(entry.column)_ccode", \(entry.year.map { "\"\($0)\"" } ?? "NULL")
            FROM "\(entry.table)" WHERE "\(entry.column)" IS NOT NULL
            """).rows
        #expect(!rows.isEmpty)
        let crosswalk = TestData.reference.crosswalk
        for row in rows {
            guard case .text(let name) = row[0] else { continue }
            let year: Int? = if case .integer(let value) = row[2] { Int(value) } else { nil }
            switch (crosswalk.resolve(name: name, year: year), row[1]) {
            case (.state(let code), .integer(let stored)):
                #expect(Int64(code.rawValue) == stored, "\(name) in \(year ?? 0)")
            case (.nonState, .null):
                break
            case (let resolution, let stored):
                Issue.record("\(qualified): '\(name)' (\(year ?? 0)) resolves to \(resolution) but \(stored) was stored")
            }
        }
    }

    @Test func tiesCodesAreCOWCodesOrTheDocumentedEUCode() throws {
        let codes = try TestData.rows("""
            SELECT DISTINCT c FROM (SELECT targetstate AS c FROM ties UNION SELECT sender1 FROM ties UNION SELECT sender2 FROM ties
            UNION SELECT sender3 FROM ties UNION SELECT sender4 FROM ties UNION SELECT sender5 FROM ties
            UNION SELECT primarysender FROM ties) WHERE c IS NOT NULL
            """).map { Int($0[0].text)! }
        let unknown = Set(codes.filter { TestData.reference.crosswalk.countries[CountryCode($0)] == nil })
        // TIES codes the European Community/Union as sender 1000 (TIES 4 codebook, https://sanctions.web.unc.edu/).
        #expect(unknown == [1000])
    }

    @Test func shippedReferenceTablesAgree() throws {
        let reference = TestData.reference
        #expect(reference.crosswalk.countries.count == 217)
        #expect(reference.crosswalk.resolve(name: "China, P.R.: Mainland") == .state(CountryCode(710)))
        #expect(reference.crosswalk.resolve(name: "Russian Federation") == .state(CountryCode(365)))
        #expect(reference.crosswalk.resolve(name: "USSR") == .state(CountryCode(365)))
        #expect(reference.crosswalk.resolve(name: "Korea, Democratic People's Republic of") == .state(CountryCode(731)))
        #expect(reference.crosswalk.resolve(name: "Congo, Democratic Republic of the") == .state(CountryCode(490)))
        #expect(reference.crosswalk.resolve(name: "Congo") == .state(CountryCode(484)))
        #expect(reference.crosswalk.resolve(name: "World") == .nonState(.aggregate))
        #expect(reference.crosswalk.resolve(name: "Advanced Economies") == .nonState(.aggregate))
        #expect(reference.crosswalk.resolve(name: "China, P.R.: Hong Kong") == .nonState(.territory))
        #expect(reference.crosswalk.code(iso3: "CHN") == CountryCode(710))
        #expect(reference.stateSystem.isMember(CountryCode(365), in: 2024))
        #expect(!reference.stateSystem.isMember(CountryCode(265), in: 1991))
        for period in reference.stateSystem.periods {
            #expect(reference.crosswalk.countries[period.code] != nil, "state-system code \(period.code) is in countries.csv")
        }
    }
}
