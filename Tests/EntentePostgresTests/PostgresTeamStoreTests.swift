@testable import EntentePostgres
import EntenteStore
import Foundation
import PostgresNIO
import Testing

/// What only the PostgreSQL store has: its URL, its errors, and two servers migrating at once.
@Suite struct PostgresTeamStoreTests {
    @Test func urlsAreReadWithTheirDefaults() throws {
        let local = try PostgresServer(url: "postgres://team%40lab:p%40ss%3Aword@127.0.0.1/entente_test", schema: nil)
        #expect(local.user == "team@lab" && local.password == "p@ss:word" && local.port == 5432)
        #expect(local.database == "entente_test" && !local.requiresTLS)
        #expect(local.description == "PostgreSQL 127.0.0.1:5432/entente_test")
        let remote = try PostgresServer(url: "postgresql://u:secret@db.example.org:6543/team", schema: "team_a")
        #expect(remote.port == 6543 && remote.requiresTLS && remote.schema == "team_a")
        #expect(try !PostgresServer(url: "postgres://u:secret@db.example.org/team?sslmode=disable", schema: nil).requiresTLS)
        #expect(try PostgresServer(url: "postgres://u@localhost/team?sslmode=require", schema: nil).requiresTLS)
        #expect(try PostgresServer(url: "postgres://u@[::1]:5433/team", schema: nil).description == "PostgreSQL [::1]:5433/team")
    }

    @Test(arguments: [
        ("mysql://u:secret@host/db", "the scheme"),
        ("postgres://u:secret@host", "no database"),
        ("postgres://u:secret@host/db/extra", "no database"),
        ("postgres://:secret@host/db", "no user"),
        ("postgres://u:secret@host/db?sslmode=prefer", "sslmode must be disable or require"),
        ("postgres://u:secret@host/db?connect_timeout=3", "unsupported parameter connect_timeout"),
        ("postgres://u:secret@host:99999/db", "port 99999 is out of range"),
        ("postgres://u:secret@host:port/db", "not a URL"),
        ("postgres:/u:secret@host/db", "no host"),
        ("postgres://u:pa?secret@host/db", "postgres://u@host/db: "),
        ("postgres://u@host/db?password=secret", "unsupported parameter password"),
    ])
    func badUrlsAreRejectedWithoutTheirPassword(_ url: String, reason: String) {
        let error = #expect(throws: PostgresStoreError.self) { try PostgresServer(url: url, schema: nil) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("secret") == false)
    }

    @Test(arguments: ["Team", "1team", "team-a", "team\"; DROP SCHEMA public; --", "", String(repeating: "a", count: 64)])
    func schemaNamesMustBeLowerCaseIdentifiers(_ schema: String) {
        #expect(throws: PostgresStoreError.self) {
            try PostgresServer(url: "postgres://u:secret@localhost/db", schema: schema)
        }
    }

    /// The store's own first connection reports the refusal; the pool alone would retry for a minute and then
    /// report a timeout, without the word "refused". (Not timed: speed belongs in benchmarks, and a loaded CI
    /// machine makes wall time meaningless.)
    @Test func aRefusedConnectionSaysSoAtOnce() async throws {
        // A server that cannot be reached is unavailable, not broken: the web edge answers 503 with Retry-After.
        let error = await #expect(throws: TeamStoreUnavailable.self) {
            // Port 1 on the loopback: nothing listens there.
            try await PostgresTeamStore.connect(url: "postgres://u:secret@127.0.0.1:1/db")
        }
        let description = error?.description ?? ""
        #expect(description.contains("cannot connect to PostgreSQL 127.0.0.1:1/db") && description.lowercased().contains("refused"),
                "\(description)")
        #expect(!description.contains("secret"))
    }

    @Test func aWrongPasswordSaysSo() async throws {
        let url = try postgresURL()
        let server = try PostgresServer(url: url, schema: nil)
        var wrong = URLComponents(string: url)!
        wrong.password = "not-the-password"
        let error = await #expect(throws: PostgresStoreError.self) {
            try await PostgresTeamStore.connect(url: wrong.string!)
        }
        #expect(error?.sqlState == "28P01", "\(error?.description ?? "")")
        #expect(error?.description == "\(server.description): password authentication failed for user \"\(server.user)\"")
    }

    @Test func serversStartingAtOnceMigrateOnce() async throws {
        let url = try postgresURL()
        let schema = "entente_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let outcome = await Result {
            let stores = try await withThrowingTaskGroup(of: PostgresTeamStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresTeamStore.connect(url: url, schema: schema) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            _ = try await stores[0].addEvidence(evidence("k"))
            #expect(try await stores[3].revision(first: 365, second: 710) == TeamRevision(evidence: 1, forecasts: 0))
            for store in stores { await store.close() }
            return try await withAdminConnection(url) { connection in
                try await connection.query("SELECT version FROM \(unescaped: schema).team_schema_version", logger: testLogger)
                    .collect().map { try $0.decode(Int.self) }
            }
        }
        try await withAdminConnection(url) { connection in
            try await connection.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: testLogger)
        }
        #expect(try outcome.get() == [TeamSchema.version])
    }
}
