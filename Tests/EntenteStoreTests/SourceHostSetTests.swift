import EntenteTestSupport
import Foundation
import GRDB
import Testing
@testable import EntenteStore

@Suite struct SourceHostSetTests {
    /// Hashes with the top bit set sort after the rest: the order is unsigned, as the stored form promises.
    let high: UInt64 = 0xF000_0000_0000_0001

    @Test func theUnionFunctionIsTheSetUnionInUnsignedOrder() throws {
        let database = try EntenteDatabase(path: nil)
        func union(_ a: [UInt64], _ b: [UInt64]) throws -> [UInt64]? {
            try database.queue.read { db in
                try Data.fetchOne(db, sql: "SELECT entente_host_union(?, ?)",
                                  arguments: [SourceHostSet(a).encoded, SourceHostSet(b).encoded])
            }.flatMap(SourceHostSet.init(encoded:))?.hashes
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...20, using: &generator)).map { _ in UInt64.random(in: 1...40, using: &generator) << 58 | 7 }
            let b = (0..<Int.random(in: 0...20, using: &generator)).map { _ in UInt64.random(in: 1...40, using: &generator) << 58 | 7 }
            #expect(try union(a, b) == Set(a + b).sorted())
        }
        #expect(try union([high, 2], [2, 1]) == [1, 2, high])
        #expect(try union([], []) == [])
    }

    @Test func theStoredFormRoundTripsAndMalformedBlobsAreRefused() {
        let set = SourceHostSet([high, 3, 3, 1])
        #expect(set.hashes == [1, 3, high])
        #expect(set.encoded.count == 24)
        #expect(Array(set.encoded.prefix(8)) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(SourceHostSet(encoded: set.encoded) == set)
        #expect(SourceHostSet(encoded: Data()) == SourceHostSet([]))
        #expect(SourceHostSet(encoded: set.encoded.prefix(23)) == nil)
        #expect(SourceHostSet(encoded: SourceHostSet([2]).encoded + SourceHostSet([1]).encoded) == nil)
        #expect(SourceHostSet(encoded: SourceHostSet([2]).encoded + SourceHostSet([2]).encoded) == nil)
    }

    @Test func theCountAggregateCountsDistinctHostsAcrossRowsAndBadBlobsFail() throws {
        let database = try EntenteDatabase(path: nil)
        try database.queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER, hosts BLOB)")
            for (k, hosts) in [(1, [5, high]), (1, [5, 6]), (2, [] as [UInt64]), (3, [9])] {
                try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [k, SourceHostSet(hosts).encoded])
            }
            let counts = try Row.fetchAll(db, sql: "SELECT k, entente_host_count(hosts) FROM t GROUP BY k ORDER BY k")
            #expect(counts.map { [$0[0] as Int, $0[1] as Int] } == [[1, 3], [2, 0], [3, 1]])
            // Neither a blob of 2 bytes nor one out of order is taken for a set.
            #expect(throws: DatabaseError.self) {
                try Data.fetchOne(db, sql: "SELECT entente_host_union(?, x'0102')", arguments: [SourceHostSet([1]).encoded])
            }
            #expect(throws: DatabaseError.self) {
                try Data.fetchOne(db, sql: "SELECT entente_host_union(?, ?)",
                                  arguments: [SourceHostSet([2]).encoded + SourceHostSet([1]).encoded, Data()])
            }
            #expect(throws: DatabaseError.self) {
                try Data.fetchOne(db, sql: "SELECT entente_host_count(x'01')")
            }
        }
    }

    /// A database written before the hosts moved onto the dyad-day: every dyad-day keeps exactly its hosts.
    @Test func theMigrationMovesEveryDyadDaysHostsOntoIt() throws {
        // A folder, so that the -wal and -shm files go with the database.
        let folder = temporaryPath("hosts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        let hosts: [[Int64]: [UInt64]] = [[710, 365, 20240101]: [high, 4, 2], [710, 365, 20240102]: [4], [2, 710, 20240101]: []]
        do {
            let old = try DatabaseQueue(path: path)
            try EntenteDatabase.migrator.migrate(old, upTo: "v3: team evidence and forecasts")
            try old.write { db in
                for (key, set) in hosts {
                    try db.execute(sql: "INSERT INTO event_dyad_day VALUES (?, ?, ?, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0.5, 0.1, 1)",
                                   arguments: StatementArguments(key))
                    for host in set {
                        try db.execute(sql: "INSERT INTO event_dyad_day_hosts VALUES (?, ?, ?, ?)",
                                       arguments: StatementArguments(key + [Int64(bitPattern: host)]))
                    }
                }
            }
        }
        let database = try EntenteDatabase(path: path)
        let rows = try database.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT source, target, day, hosts FROM event_dyad_day")
        }
        #expect(rows.count == 3)
        for row in rows {
            let key: [Int64] = [row[0], row[1], row[2]]
            #expect(SourceHostSet(encoded: row[3]) == SourceHostSet(hosts[key] ?? [99]))
        }
        #expect(try database.readOnlyQuery("SELECT entente_host_count(hosts) FROM event_dyad_day WHERE source = 710").rows
            == [[.integer(3)]])
        #expect(try database.readOnlyQuery("SELECT count(*) FROM sqlite_master WHERE name = 'event_dyad_day_hosts'").rows
            == [[.integer(0)]])
    }
}
