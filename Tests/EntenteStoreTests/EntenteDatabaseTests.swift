import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@Suite struct EntenteDatabaseTests {
    let table = StoredTable(name: "fixture", columns: [StoredColumn("id", .integer), StoredColumn("name", .text),
                                                      StoredColumn("score", .real)], indexes: [["id"]])

    func ledger(_ sha: String) -> ImportRecord {
        ImportRecord(dataset: "fixture", layout: "", fileName: "f.csv", filePath: "/tmp/f.csv", sha256: sha, bytes: 10,
                     importedAt: "2026-01-01T00:00:00Z", ententeVersion: "test")
    }

    func load(_ database: EntenteDatabase, sha: String, rows: [[FieldValue]], failAfter: Int? = nil) throws -> ImportRecord {
        try database.replaceDataset("fixture", table: table, ledger: ledger(sha)) { writer in
            var counts = LoadCounts()
            counts.layout = "fixture layout"
            for (index, row) in rows.enumerated() {
                if index == failAfter { throw CocoaError(.fileReadCorruptFile) }
                try writer.insert(row)
                counts.rowsRead += 1
                counts.rowsLoaded += 1
            }
            return counts
        }
    }

    @Test func migrationsCreateTheLedgerAndAFileDatabaseReopens() throws {
        let folder = temporaryPath("database")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        let database = try EntenteDatabase(path: path)
        _ = try load(database, sha: "a", rows: [[.integer(1), .text("x"), .real(0.5)]])
        let reopened = try EntenteDatabase(path: path)
        #expect(try reopened.ledger().count == 1)
        #expect(try reopened.readOnlyQuery("SELECT name FROM fixture").rows == [[.text("x")]])
    }

    @Test func replacingLoadsRowsAndRecordsTheLedger() throws {
        let database = try EntenteDatabase(path: nil)
        let first = try load(database, sha: "a", rows: [[.integer(1), .text("x"), .real(0.5)], [.integer(2), .null, .null]])
        #expect(first.rowsStored == 2 && first.layout == "fixture layout" && first.id != nil)
        let second = try load(database, sha: "b", rows: [[.integer(3), .text("y"), .real(1)]])
        #expect(try database.readOnlyQuery("SELECT id, name, score FROM fixture").rows == [[.integer(3), .text("y"), .real(1)]])
        #expect(try database.currentImport(dataset: "fixture") == second)
        #expect(try database.ledger().map(\.sha256) == ["b", "a"], "the ledger keeps every import, newest first")
    }

    @Test func aFailingLoadLeavesEverythingAsItWas() throws {
        let database = try EntenteDatabase(path: nil)
        _ = try load(database, sha: "a", rows: [[.integer(1), .text("x"), .real(0.5)]])
        #expect(throws: (any Error).self) {
            _ = try load(database, sha: "b", rows: [[.integer(7), .text("new"), .null], [.integer(8), .null, .null]], failAfter: 1)
        }
        #expect(try database.readOnlyQuery("SELECT id FROM fixture").rows == [[.integer(1)]])
        #expect(try database.ledger().map(\.sha256) == ["a"])
        #expect(try database.currentImport(dataset: "fixture")?.sha256 == "a")
    }

    @Test func readOnlyQueriesRefuseWrites() throws {
        let database = try EntenteDatabase(path: nil)
        _ = try load(database, sha: "a", rows: [[.integer(1), .text("x"), .real(0.5)]])
        #expect(throws: (any Error).self) { _ = try database.readOnlyQuery("DELETE FROM fixture") }
        #expect(throws: (any Error).self) { _ = try database.readOnlyQuery("DROP TABLE import_ledger") }
        let result = try database.readOnlyQuery("SELECT id FROM fixture WHERE name = ?", arguments: [.text("x")])
        #expect(result.columns == ["id"] && result.rows == [[.integer(1)]])
    }
}
