import EntenteStore
import Foundation
import PostgresNIO

/// The team store on a PostgreSQL server: the tables of `TeamSchema` and the statements of `TeamSchema.Query`, run
/// through a pool of connections.
///
/// When the server cannot be reached the store fails fast instead of waiting on the pool (which retries for a
/// minute and then trips a circuit breaker for longer): every call has `timeout` to get an answer, a connection
/// failure or a timeout makes the store check the server with one connection of its own, and while that check
/// fails calls are refused at once with `TeamStoreUnavailable`. The check is repeated at most every
/// `retryInterval`, and when it succeeds a fresh pool takes over, so writes work again within about that time
/// of the server's return.
public final class PostgresTeamStore: TeamStore {
    /// "PostgreSQL host:port/database".
    public let description: String
    private let keeper: PoolKeeper
    private let logger: Logger
    /// How long a call may take, waiting for a connection included, before the store is reported unavailable.
    public let timeout: Duration

    private init(keeper: PoolKeeper, description: String, logger: Logger, timeout: Duration) {
        self.keeper = keeper
        self.description = description
        self.logger = logger
        self.timeout = timeout
    }

    /// Connects to the server at `url` (`postgres://user:password@host:port/database`, `postgresql://` too, with
    /// `?sslmode=disable` or `?sslmode=require`, the latter verifying the server's certificate against the system's
    /// trust roots; TLS is required by default unless the host is a loopback address), creates the team tables if
    /// they are missing, and returns the store. With `schema` (`[a-z_][a-z0-9_]*`) every
    /// statement runs in that schema, which is created if missing. Each later call has `timeout` to be answered;
    /// while the server is unreachable it is tried again at most every `retryInterval`.
    public static func connect(url: String, schema: String? = nil, timeout: Duration = .seconds(2),
                               retryInterval: Duration = .milliseconds(500),
                               logger: Logger = Logger(label: "entente.postgres")) async throws -> PostgresTeamStore {
        let server = try PostgresServer(url: url, schema: schema)
        let keeper = PoolKeeper(server: server, timeout: timeout, retryInterval: retryInterval, logger: logger)
        do {
            // The pool would retry a refused or rejected connection for a minute before it gave up; one connection
            // of our own reports a wrong address or password at once, and migrates.
            let connection = try await PostgresConnection.connect(configuration: server.connectionConfiguration(timeout: timeout),
                                                                  id: 0, logger: logger)
            do {
                try await migrate(connection, server: server, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            await keeper.close()
            throw PostgresStoreError.reporting(error, server: server.description)
        }
        await keeper.start()
        return PostgresTeamStore(keeper: keeper, description: server.description, logger: logger, timeout: timeout)
    }

    /// Closes the pool's connections; the store fails every call afterwards.
    public func close() async {
        await keeper.close()
    }

    /// Creates the schema (when given) and the team tables unless `team_schema_version` says they are there.
    private static func migrate(_ connection: PostgresConnection, server: PostgresServer, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            // Servers starting at once would otherwise both find no tables and both create them; the lock is held
            // until the transaction ends.
            try await connection.query(statement("SELECT pg_advisory_xact_lock(?)", migrationLock), logger: logger)
            if let schema = server.schema {
                // The name is validated as an identifier: identifiers cannot be bound.
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
            }
            try await connection.query("CREATE TABLE IF NOT EXISTS team_schema_version (version INTEGER NOT NULL)", logger: logger)
            let rows = try await connection.query("SELECT COALESCE(MAX(version), 0) FROM team_schema_version", logger: logger).collect()
            let version = try rows[0].decode(Int.self)
            guard version <= TeamSchema.version else {
                throw PostgresStoreError(description: "\(server): the team tables are at version \(version), newer than this build's \(TeamSchema.version)")
            }
            guard version < TeamSchema.version else { return }
            for sql in TeamSchema.statements(identity: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY") {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
            try await connection.query(statement("INSERT INTO team_schema_version (version) VALUES (?)", TeamSchema.version),
                                       logger: logger)
        }
    }

    /// The advisory lock key of the team-table migration (any fixed 64-bit number no other migration uses).
    private static let migrationLock = 0x656e_7465_6e74_6531

    public func addEvidence(_ item: TeamEvidence) async throws -> TeamWrite<TeamEvidence> {
        try await add(item, decode: Self.evidence,
                      insert: Self.statement(TeamSchema.Query.insertEvidence, item.first, item.second, item.key, item.date,
                                             item.kind, item.title, item.summary, item.direction,
                                             TeamSchema.joinList(item.sources), TeamSchema.joinList(item.signposts),
                                             item.analyst, item.submittedAt),
                      lookup: Self.statement(TeamSchema.Query.evidenceByKey, item.first, item.second, item.key))
    }

    public func evidence(first: Int, second: Int) async throws -> [TeamEvidence] {
        try await rows(Self.statement(TeamSchema.Query.evidence, first, second)).map(Self.evidence)
    }

    public func addForecast(_ forecast: TeamForecast) async throws -> TeamWrite<TeamForecast> {
        try await add(forecast, decode: Self.forecast,
                      insert: Self.statement(TeamSchema.Query.insertForecast, forecast.first, forecast.second,
                                             forecast.question, forecast.analyst, forecast.date, forecast.probability,
                                             forecast.submittedAt),
                      lookup: Self.statement(TeamSchema.Query.forecastByKey, forecast.first, forecast.second,
                                             forecast.question, forecast.analyst, forecast.date))
    }

    public func forecasts(first: Int, second: Int) async throws -> [TeamForecast] {
        try await rows(Self.statement(TeamSchema.Query.forecasts, first, second)).map(Self.forecast)
    }

    // COUNT(*) and SUM of the integer flags are bigint in PostgreSQL, which `Int` decodes.
    public func revision(first: Int, second: Int) async throws -> TeamRevision {
        let (evidence, forecasts) = try await rows(Self.statement(TeamSchema.Query.revision, first, second, first, second))[0]
            .decode((Int, Int).self)
        return TeamRevision(evidence: evidence, forecasts: forecasts)
    }

    public func revision(first: Int, second: Int, analyst: String) async throws -> TeamRevision {
        let (evidence, forecasts) = try await rows(Self.statement(TeamSchema.Query.analystRevision, first, second, analyst,
                                                                  first, second, analyst))[0].decode((Int, Int).self)
        return TeamRevision(evidence: evidence, forecasts: forecasts)
    }

    public func dyads() async throws -> [TeamDyadCount] {
        try await rows(Self.statement(TeamSchema.Query.dyads)).map {
            let (first, second, evidence, forecasts) = try $0.decode((Int, Int, Int, Int).self)
            return TeamDyadCount(first: first, second: second, revision: TeamRevision(evidence: evidence, forecasts: forecasts))
        }
    }

    /// Inserts `record` unless its key is taken, else reads what is stored under the key. Both in one transaction:
    /// an insert that meets a concurrent one for the same key waits for it to commit and then does nothing, and the
    /// lookup, a new statement, sees the committed row.
    private func add<Record: TeamRecord>(_ record: Record, decode: @escaping @Sendable (PostgresRow) throws -> Record,
                                         insert: PostgresQuery, lookup: PostgresQuery) async throws -> TeamWrite<Record> {
        let (logger, description) = (logger, description)
        return try await run { client in
            try await client.withTransaction(logger: logger) { connection in
                if let row = try await connection.query(insert, logger: logger).collect().first {
                    return .created(try decode(row))
                }
                guard let row = try await connection.query(lookup, logger: logger).collect().first else {
                    throw PostgresStoreError(description: "\(description): a write found its key taken and then no record under it")
                }
                return try record.unchanged(given: decode(row))
            }
        }
    }

    private func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let logger = logger
        return try await run { client in try await client.query(query, logger: logger).collect() }
    }

    /// Runs `body` on the pool within `timeout`, turning PostgresNIO's errors, whose descriptions hide what
    /// happened, into ones that say it; a failure that says the server may be gone makes the keeper check it.
    private func run<Result: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Result) async throws -> Result {
        let client = try await keeper.client()
        let description = description
        let late = "\(description) did not answer within \(Self.words(timeout))"
        do {
            return try await withDeadline(timeout, onTimeout: { TeamStoreUnavailable(late, retryAfterSeconds: 2) }) {
                try await body(client)
            }
        } catch {
            let reported = PostgresStoreError.reporting(error, server: description)
            if reported is TeamStoreUnavailable { await keeper.suspect(client) }
            throw reported
        }
    }

    static func words(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }

    /// `sql` with `?` placeholders (as `TeamSchema.Query` writes them; numbered here as `$1…$n`) and `values` bound
    /// in order.
    static func statement(_ sql: String, _ values: any PostgresThrowingDynamicTypeEncodable...) throws -> PostgresQuery {
        var numbered = "", count = 0, quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                count += 1
                numbered += "$\(count)"
            } else {
                numbered.append(character)
            }
        }
        precondition(count == values.count, "\(count) placeholders, \(values.count) values: \(sql)")
        var binds = PostgresBindings(capacity: values.count)
        for value in values { try binds.append(value) }
        return PostgresQuery(unsafeSQL: numbered, binds: binds)
    }

    private static func evidence(_ row: PostgresRow) throws -> TeamEvidence {
        let (id, first, second, key, date, kind, title, summary, direction, sources, signposts, analyst, submittedAt) = try row.decode(
            (Int64, Int, Int, String, String, String, String, String, String, String, String, String, String).self)
        return TeamEvidence(id: id, first: first, second: second, key: key, date: date, kind: kind, title: title,
                            summary: summary, direction: direction, sources: TeamSchema.splitList(sources),
                            signposts: TeamSchema.splitList(signposts), analyst: analyst, submittedAt: submittedAt)
    }

    private static func forecast(_ row: PostgresRow) throws -> TeamForecast {
        let (id, first, second, question, analyst, date, probability, submittedAt) = try row.decode(
            (Int64, Int, Int, String, String, String, Double, String).self)
        return TeamForecast(id: id, first: first, second: second, question: question, analyst: analyst, date: date,
                            probability: probability, submittedAt: submittedAt)
    }
}
