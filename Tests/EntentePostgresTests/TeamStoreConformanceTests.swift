import EntenteCore
@testable import EntentePostgres
import EntenteStore
import EntenteTestSupport
import Foundation
import PostgresNIO
import Testing

/// The stores the behaviour tests run against, each test on a fresh, empty one.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqliteInMemory = "SQLite in memory"
    case sqliteFile = "SQLite file"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }
    /// The kinds whose data outlives the store value, so that opening the store again shows something.
    static let persistent: [StoreKind] = [.sqliteFile, .postgres]
}

/// A fresh store, the way to open the same data again, and its tables' columns.
struct StoreFixture: Sendable {
    let store: any TeamStore
    /// Runs `body` on a new store over the same data (a new database connection or a new `connect`); nil in memory.
    let reopened: (@Sendable (_ body: @Sendable (any TeamStore) async throws -> Void) async throws -> Void)?
    /// A table's column names in order.
    let columns: @Sendable (_ table: String) async throws -> [String]
}

/// Runs `body` on a fresh store of `kind`, then removes what it made. PostgreSQL runs in a schema of its own on the
/// server `ENTENTE_TEST_POSTGRES` names; without one the PostgreSQL case is skipped, or fails when
/// `ENTENTE_REQUIRE_POSTGRES=1`.
func withStore(_ kind: StoreKind, _ body: (StoreFixture) async throws -> Void) async throws {
    switch kind {
    case .sqliteInMemory:
        let database = try EntenteDatabase(path: nil)
        try await body(StoreFixture(store: try SQLiteTeamStore(database: database),
                                    reopened: nil,
                                    columns: { try sqliteColumns(database, table: $0) }))
    case .sqliteFile:
        let folder = temporaryPath("team")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("team.sqlite").path
        let database = try EntenteDatabase(path: path)
        try await body(StoreFixture(store: try SQLiteTeamStore(database: database),
                                    reopened: { try await $0(try SQLiteTeamStore(database: EntenteDatabase(path: path))) },
                                    columns: { try sqliteColumns(database, table: $0) }))
    case .postgres:
        let url = try postgresURL()
        let schema = "entente_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let store = try await PostgresTeamStore.connect(url: url, schema: schema)
        let fixture = StoreFixture(store: store, reopened: { body in
            let again = try await PostgresTeamStore.connect(url: url, schema: schema)
            do { try await body(again) } catch {
                await again.close()
                throw error
            }
            await again.close()
        }, columns: { table in
            try await withAdminConnection(url) { connection in
                try await connection.query("""
                    SELECT column_name FROM information_schema.columns WHERE table_schema = \(schema) AND table_name = \(table)
                    ORDER BY ordinal_position
                    """, logger: testLogger).collect().map { try $0.decode(String.self) }
            }
        })
        let outcome = await Result { try await body(fixture) }
        await store.close()
        try await withAdminConnection(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: testLogger)
        }
        try outcome.get()
    }
}

/// `ENTENTE_TEST_POSTGRES`; without it the current test fails when `ENTENTE_REQUIRE_POSTGRES=1`, and is cancelled
/// (reported as skipped) otherwise.
func postgresURL() throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let url = environment["ENTENTE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    let reason = "ENTENTE_TEST_POSTGRES is not set (a postgres:// URL of a database the tests may create schemas in)"
    if environment["ENTENTE_REQUIRE_POSTGRES"] == "1" {
        return try #require(url, "ENTENTE_REQUIRE_POSTGRES=1 but \(reason)")
    }
    if let url { return url }
    print("Skipped: PostgreSQL case of \(Test.current?.name ?? "a test"), because \(reason)")
    try Test.cancel("PostgreSQL skipped: \(reason)")
}

/// Runs `body` on a connection of its own to the test server (outside any test schema).
@discardableResult func withAdminConnection<Value: Sendable>(_ url: String, _ body: (PostgresConnection) async throws -> Value) async throws -> Value {
    let connection = try await PostgresConnection.connect(configuration: PostgresServer(url: url, schema: nil).connectionConfiguration(),
                                                          id: 1, logger: testLogger)
    let outcome = await Result { try await body(connection) }
    try await connection.close()
    return try outcome.get()
}

let testLogger = Logger(label: "entente.postgres.tests")

func sqliteColumns(_ database: EntenteDatabase, table: String) throws -> [String] {
    try database.readOnlyQuery("SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [.text(table)]).rows.map {
        guard case .text(let name) = $0[0] else { throw CocoaError(.coderInvalidValue) }
        return name
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, so that clean-up can run before it is rethrown.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

func evidence(_ key: String, first: Int = 365, second: Int = 710, title: String = "Joint exercise",
              sources: [String] = ["https://example.org/a"], signposts: [String] = ["s1"], direction: String = "closer",
              analyst: String = "ana", submittedAt: String = "2026-03-01T10:00:00Z") -> TeamEvidence {
    TeamEvidence(first: first, second: second, key: key, date: "2026-02", kind: "military", title: title,
                 summary: "A summary.", direction: direction, sources: sources, signposts: signposts, analyst: analyst,
                 submittedAt: submittedAt)
}

func forecast(question: String = "q1", analyst: String = "ana", date: String = "2026-03-01", first: Int = 365,
              second: Int = 710, probability: Double = 0.25, submittedAt: String = "2026-03-01T10:00:00Z") -> TeamForecast {
    TeamForecast(first: first, second: second, question: question, analyst: analyst, date: date, probability: probability,
                 submittedAt: submittedAt)
}

@Suite(.serialized) // PostgreSQL cases open up to 20 connections each: one test at a time stays within the server's limit.
struct TeamStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func addedRecordsComeBackFieldForField(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let rich = evidence("k-1", title: "Кремль – 北京: \"talks\"; it's 'quoted' 🇨🇳 \\ % _ ?",
                                sources: ["https://example.org/ü?a=1&b=2", "UN Doc S/2026/1", "plain"],
                                signposts: ["s1", "s-2"])
            let bare = evidence("k-2", sources: [], signposts: [])
            let written = [try await store.addEvidence(rich), try await store.addEvidence(bare)]
            for (write, var item) in zip(written, [rich, bare]) {
                guard case .created(let record) = write else { Issue.record("\(write) is not .created"); continue }
                #expect(record.id > 0)
                item.id = record.id
                #expect(record == item)
            }
            #expect(written[0].record.id != written[1].record.id)
            #expect(try await store.evidence(first: 365, second: 710) == written.map(\.record))

            let forecasts = [forecast(probability: 1.0 / 3), forecast(question: "q2", probability: 0),
                             forecast(question: "q3", analyst: "Zoë", probability: 1)]
            var created: [TeamForecast] = []
            for var item in forecasts {
                guard case .created(let record) = try await store.addForecast(item) else {
                    Issue.record("\(item) was not created")
                    continue
                }
                #expect(record.id > 0)
                item.id = record.id
                #expect(record == item)
                created.append(record)
            }
            #expect(try await store.forecasts(first: 365, second: 710) == created)
            #expect(try await store.evidence(first: 2, second: 200).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func postingTheSameRecordAgainChangesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let first = try await store.addEvidence(evidence("k"))
            let firstForecast = try await store.addForecast(forecast())
            let revision = try await store.revision(first: 365, second: 710)
            let again = try await store.addEvidence(evidence("k", submittedAt: "2026-03-02T09:00:00Z"))
            let againForecast = try await store.addForecast(forecast(submittedAt: "2026-03-02T09:00:00Z"))
            #expect(again == .unchanged(first.record), "same id, and the first submission's time")
            #expect(againForecast == .unchanged(firstForecast.record))
            #expect(try await store.revision(first: 365, second: 710) == revision)
            #expect(revision == TeamRevision(evidence: 1, forecasts: 1))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTakenKeyWithOtherContentIsAConflict(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let original = try await store.addEvidence(evidence("k")).record
            let conflict = await #expect(throws: TeamConflict.self) {
                try await store.addEvidence(evidence("k", title: "Another title"))
            }
            #expect(conflict?.description == #"evidence "k" for 365-710 is already stored with different content (stored 2026-03-01T10:00:00Z by ana)"#)
            let originalForecast = try await store.addForecast(forecast(probability: 0.25)).record
            let forecastConflict = await #expect(throws: TeamConflict.self) {
                try await store.addForecast(forecast(probability: 0.5))
            }
            #expect(forecastConflict?.description == "ana's forecast of q1 on 2026-03-01 is already stored with different content (probability 0.25)")
            #expect(try await store.evidence(first: 365, second: 710) == [original])
            #expect(try await store.forecasts(first: 365, second: 710) == [originalForecast])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func listsKeepTheOrderOfStoringAndRevisionsCount(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            #expect(try await store.revision(first: 365, second: 710) == TeamRevision(evidence: 0, forecasts: 0))
            for key in ["c", "a", "b"] { _ = try await store.addEvidence(evidence(key)) }
            for analyst in ["zed", "ana", "mo"] { _ = try await store.addForecast(forecast(analyst: analyst)) }
            _ = try await store.addForecast(forecast(first: 2, second: 200))
            #expect(try await store.evidence(first: 365, second: 710).map(\.key) == ["c", "a", "b"])
            #expect(try await store.forecasts(first: 365, second: 710).map(\.analyst) == ["zed", "ana", "mo"])
            #expect(try await store.revision(first: 365, second: 710) == TeamRevision(evidence: 3, forecasts: 3))
            #expect(try await store.revision(first: 2, second: 200) == TeamRevision(evidence: 0, forecasts: 1))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func dyadsAreGroupedInCodeOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            #expect(try await store.dyads().isEmpty)
            _ = try await store.addEvidence(evidence("a"))
            _ = try await store.addForecast(forecast(first: 2, second: 200))
            _ = try await store.addEvidence(evidence("b"))
            _ = try await store.addForecast(forecast())
            _ = try await store.addForecast(forecast(analyst: "mo", first: 2, second: 200))
            _ = try await store.addEvidence(evidence("c", first: 2, second: 365))
            #expect(try await store.dyads() == [
                TeamDyadCount(first: 2, second: 200, revision: TeamRevision(evidence: 0, forecasts: 2)),
                TeamDyadCount(first: 2, second: 365, revision: TeamRevision(evidence: 1, forecasts: 0)),
                TeamDyadCount(first: 365, second: 710, revision: TeamRevision(evidence: 2, forecasts: 1)),
            ])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theTablesRejectWhatTheirConstraintsForbid(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture throws in
            let store = fixture.store
            let forbidden: [(String, @Sendable () async throws -> Void)] = [
                ("evidence with first > second", { _ = try await store.addEvidence(evidence("k", first: 710, second: 365)) }),
                ("evidence with first == second", { _ = try await store.addEvidence(evidence("k", first: 365, second: 365)) }),
                ("evidence with direction sideways", { _ = try await store.addEvidence(evidence("k", direction: "sideways")) }),
                ("forecast with first > second", { _ = try await store.addForecast(forecast(first: 710, second: 365)) }),
                ("probability 1.5", { _ = try await store.addForecast(forecast(probability: 1.5)) }),
                ("probability -0.1", { _ = try await store.addForecast(forecast(probability: -0.1)) }),
            ]
            for (what, write) in forbidden {
                let error = await #expect(throws: (any Error).self, "\(what)") { try await write() }
                let description = error.map { String(describing: $0) } ?? ""
                #expect(description.lowercased().contains("check constraint"), "\(what): \(description)")
            }
            #expect(try await store.dyads().isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentDistinctPostsAreAllStored(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let created = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask { try await store.addEvidence(evidence("key-\(index)")).isCreated }
                    group.addTask { try await store.addForecast(forecast(analyst: "analyst-\(index)")).isCreated }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(created.count == 400 && created.allSatisfy { $0 })
            let items = try await store.evidence(first: 365, second: 710)
            let forecasts = try await store.forecasts(first: 365, second: 710)
            #expect(items.count == 200 && Set(items.map(\.id)).count == 200 && Set(items.map(\.key)).count == 200)
            #expect(forecasts.count == 200 && Set(forecasts.map(\.id)).count == 200)
            #expect(try await store.revision(first: 365, second: 710) == TeamRevision(evidence: 200, forecasts: 200))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentIdenticalPostsStoreOneRecord(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let evidenceWrites = try await withThrowingTaskGroup(of: TeamWrite<TeamEvidence>.self) { group in
                for index in 0..<20 { group.addTask { try await store.addEvidence(evidence("same", submittedAt: "2026-03-01T10:00:\(index)Z")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let forecastWrites = try await withThrowingTaskGroup(of: TeamWrite<TeamForecast>.self) { group in
                for index in 0..<20 { group.addTask { try await store.addForecast(forecast(submittedAt: "2026-03-01T10:00:\(index)Z")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for writes in [evidenceWrites.map { ($0.isCreated, $0.record.id) }, forecastWrites.map { ($0.isCreated, $0.record.id) }] {
                #expect(writes.filter(\.0).count == 1)
                #expect(writes.filter { !$0.0 }.count == 19)
                #expect(Set(writes.map(\.1)).count == 1, "every write returns the one stored record")
            }
            #expect(try await store.revision(first: 365, second: 710) == TeamRevision(evidence: 1, forecasts: 1))
        }
    }

    @Test(arguments: StoreKind.persistent)
    func aStoreOpenedAgainSeesTheDataAndKeepsCounting(_ kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let reopened = try #require(fixture.reopened)
            let item = try await fixture.store.addEvidence(evidence("k")).record
            let prediction = try await fixture.store.addForecast(forecast()).record
            try await reopened { again in
                #expect(try await again.evidence(first: 365, second: 710) == [item])
                #expect(try await again.forecasts(first: 365, second: 710) == [prediction])
                #expect(try await again.addEvidence(evidence("k")) == .unchanged(item))
                let next = try await again.addEvidence(evidence("k2")).record
                #expect(next.id > item.id)
            }
            try await reopened { again throws in
                #expect(try await again.revision(first: 365, second: 710) == TeamRevision(evidence: 2, forecasts: 1))
            }
        }
    }

    @Test func bothStoresCreateTheSameColumnsInTheSameOrder() async throws {
        try await withStore(.sqliteInMemory) { sqlite in
            try await withStore(.postgres) { postgres in
                for table in ["team_evidence", "team_forecasts"] {
                    let columns = try await sqlite.columns(table)
                    #expect(columns.first == "id" && columns.count == (table == "team_evidence" ? 13 : 8), "\(table): \(columns)")
                    #expect(try await postgres.columns(table) == columns, "\(table)")
                }
            }
        }
    }
}

extension TeamWrite {
    var isCreated: Bool {
        if case .created = self { true } else { false }
    }
}
