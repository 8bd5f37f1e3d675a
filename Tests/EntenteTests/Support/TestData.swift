import Entente
import EntenteStore
import Foundation
import Testing
import EntenteTestSupport

/// Where the real datasets are: `ENTENTE_DATA`, else `../shared/data` beside the repository.
enum TestData {
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["ENTENTE_DATA"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent("../shared/data").standardizedFileURL.path
    }()

    /// Whether `.ci/run` demands the data (`ENTENTE_REQUIRE_DATA=1`): then a missing file fails instead of skipping.
    static let required = ProcessInfo.processInfo.environment["ENTENTE_REQUIRE_DATA"] == "1"

    static var available: Bool { FileManager.default.fileExists(atPath: directory + "/MANIFEST.md") }

    /// Real-data tests run when the data is there, or when it is required (and then fail on what is missing).
    static var enabled: Bool { available || required }

    static func path(_ relative: String) -> String { directory + "/" + relative }

    static let reference: ReferenceData = try! ReferenceData()

    /// Every dataset imported once from the real files, shared by the tests that only read it.
    static let imported: Result<(EntenteDatabase, [BatchItem]), any Error> = Result {
        let database = try EntenteDatabase(path: nil)
        let items = ImportService(database: database, reference: reference).importAll(from: directory)
        return (database, items)
    }

    static func database() throws -> EntenteDatabase { try imported.get().0 }

    /// All rows of one query, for terse assertions.
    static func rows(_ sql: String) throws -> [[FieldValueText]] {
        try database().readOnlyQuery(sql).rows.map { $0.map(FieldValueText.init) }
    }
}

/// A cell as text, so assertions can compare mixed columns simply.
struct FieldValueText: Equatable, CustomStringConvertible, ExpressibleByStringLiteral {
    var text: String
    init(stringLiteral value: String) { text = value }
    init(_ value: EntenteCore.FieldValue) {
        switch value {
        case .null: text = "NULL"
        case .integer(let number): text = String(number)
        case .real(let number): text = String(number)
        case .text(let string): text = string
        }
    }
    var description: String { text }
}

import EntenteCore

@Suite struct DataPresenceTests {
    @Test func realDataIsPresentWhenRequired() {
        if TestData.required {
            #expect(TestData.available, "ENTENTE_REQUIRE_DATA=1 but no data at \(TestData.directory)")
        } else if !TestData.available {
            print("note: real data not found at \(TestData.directory); real-data tests are skipped (set ENTENTE_DATA)")
        }
    }
}

/// Whether `python` can import pandas, which the independent comparison scripts need.
func pythonHasPandas(_ python: String) -> Bool { pythonCanImport(python, "pandas") }

