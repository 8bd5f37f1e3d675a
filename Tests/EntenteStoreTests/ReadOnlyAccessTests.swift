import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Commands that only look at the database (`status`, `sql`) open it read-only: nothing is created, migrated or
/// attached, and a query's rows stream with a limit and a time bound.
@Suite struct ReadOnlyAccessTests {
    /// A read-write database in `directory` with a table of `rows` integers, then reopened read-only.
    func database(rows: Int, in directory: URL) throws -> (path: String, readOnly: EntenteDatabase) {
        let path = directory.appendingPathComponent("db.sqlite").path
        let writable = try EntenteDatabase(path: path)
        try writable.queue.write { db in
            try db.execute(sql: "CREATE TABLE numbers (n INTEGER)")
            for n in 0..<rows { try db.execute(sql: "INSERT INTO numbers VALUES (?)", arguments: [n]) }
        }
        return (path, try EntenteDatabase(path: path, access: .readOnly))
    }

    @Test func aMissingPathIsAnErrorAndNothingIsCreated() throws {
        let directory = temporaryPath("readonly")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sub/db.sqlite").path
        #expect(throws: DatabaseAccessError.noDatabase(path: path)) { try EntenteDatabase(path: path, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: directory.path), "no folder made for a mistyped path")
    }

    @Test func attachIsRefusedAndCreatesNoFile() throws {
        let directory = temporaryPath("readonly")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (path, database) = try database(rows: 3, in: directory)
        let attached = path + ".attached"
        #expect(throws: QueryStopped.self) {
            try database.streamQuery("ATTACH DATABASE '\(attached)' AS other", columns: { _ in }, row: { _ in })
        }
        #expect(!FileManager.default.fileExists(atPath: attached))
        #expect(throws: (any Error).self) {
            try database.streamQuery("INSERT INTO numbers VALUES (99)", columns: { _ in }, row: { _ in })
        }
    }

    @Test func rowsStreamAndStopAtTheLimit() throws {
        let directory = temporaryPath("readonly")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, database) = try database(rows: 100, in: directory)
        var seen = 0, names: [String] = []
        // A cross join of 100 × 100 × 100 rows: a million if it ran out, a thousand handed over.
        let result = try database.streamQuery("SELECT a.n, b.n, c.n FROM numbers a, numbers b, numbers c", limit: 1_000) {
            names = $0
        } row: { values in
            #expect(values.count == 3)
            seen += 1
        }
        #expect(names == ["n", "n", "n"])
        #expect(seen == 1_000 && result.rows == 1_000 && result.truncated)
        let all = try database.streamQuery("SELECT n FROM numbers", limit: 1_000, columns: { _ in }, row: { _ in })
        #expect(all.rows == 100 && !all.truncated)
    }

    @Test func aRunawayQueryIsStoppedAtItsTimeLimit() throws {
        let directory = temporaryPath("readonly")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, database) = try database(rows: 1, in: directory)
        let started = ContinuousClock.now
        #expect(throws: QueryStopped.timedOut(.milliseconds(300))) {
            try database.streamQuery("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                                     timeout: .milliseconds(300), columns: { _ in }, row: { _ in })
        }
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
