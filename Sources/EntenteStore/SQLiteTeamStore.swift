import GRDB

/// The team store in Entente's embedded SQLite database (the `team_*` tables of migration v3).
public struct SQLiteTeamStore: TeamStore {
    private let database: EntenteDatabase
    /// Reads go through a read-only connection of their own when the database is a file: a write waiting out an
    /// import's lock (up to the busy timeout) holds its connection, and reads behind it on the same connection
    /// waited too (seconds per page in the soak test); in WAL mode a separate reader is never blocked by a writer.
    private let reader: EntenteDatabase

    /// A store in `database`, whose migrations have created the team tables. Throws when the reading connection
    /// cannot be opened, rather than reading through the writer's.
    public init(database: EntenteDatabase) throws {
        self.database = database
        reader = try database.path.map { try EntenteDatabase(path: $0, access: .readOnly) } ?? database
    }

    public var description: String { "SQLite " + (database.path ?? "(in memory)") }

    public func addEvidence(_ item: TeamEvidence) async throws -> TeamWrite<TeamEvidence> {
        let arguments: StatementArguments = [item.first, item.second, item.key, item.date, item.kind, item.title, item.summary,
                                             item.direction, TeamSchema.joinList(item.sources),
                                             TeamSchema.joinList(item.signposts), item.analyst, item.submittedAt]
        return try await write { db in
            if let row = try Row.fetchOne(db, sql: TeamSchema.Query.insertEvidence, arguments: arguments) {
                return .created(Self.evidence(row))
            }
            return try item.unchanged(given: Self.evidence(Row.fetchOne(db, sql: TeamSchema.Query.evidenceByKey,
                                                                         arguments: [item.first, item.second, item.key])!))
        }
    }

    public func evidence(first: Int, second: Int) async throws -> [TeamEvidence] {
        try await read { db in
            try Row.fetchAll(db, sql: TeamSchema.Query.evidence, arguments: [first, second]).map(Self.evidence)
        }
    }

    public func addForecast(_ forecast: TeamForecast) async throws -> TeamWrite<TeamForecast> {
        let arguments: StatementArguments = [forecast.first, forecast.second, forecast.question, forecast.analyst,
                                             forecast.date, forecast.probability, forecast.submittedAt]
        return try await write { db in
            if let row = try Row.fetchOne(db, sql: TeamSchema.Query.insertForecast, arguments: arguments) {
                return .created(Self.forecast(row))
            }
            return try forecast.unchanged(given: Self.forecast(Row.fetchOne(db, sql: TeamSchema.Query.forecastByKey, arguments: [
                forecast.first, forecast.second, forecast.question, forecast.analyst, forecast.date])!))
        }
    }

    public func forecasts(first: Int, second: Int) async throws -> [TeamForecast] {
        try await read { db in
            try Row.fetchAll(db, sql: TeamSchema.Query.forecasts, arguments: [first, second]).map(Self.forecast)
        }
    }

    public func revision(first: Int, second: Int) async throws -> TeamRevision {
        try await read { db in
            let row = try Row.fetchOne(db, sql: TeamSchema.Query.revision, arguments: [first, second, first, second])!
            return TeamRevision(evidence: row[0], forecasts: row[1])
        }
    }

    public func revision(first: Int, second: Int, analyst: String) async throws -> TeamRevision {
        try await read { db in
            let row = try Row.fetchOne(db, sql: TeamSchema.Query.analystRevision, arguments: [first, second, analyst, first, second, analyst])!
            return TeamRevision(evidence: row[0], forecasts: row[1])
        }
    }

    public func dyads() async throws -> [TeamDyadCount] {
        try await read { db in
            try Row.fetchAll(db, sql: TeamSchema.Query.dyads).map {
                TeamDyadCount(first: $0[0], second: $0[1], revision: TeamRevision(evidence: $0[2], forecasts: $0[3]))
            }
        }
    }

    /// A write, with a lock still held by another writer after the busy timeout reported as unavailable.
    private func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await database.queue.write(body) } catch let error as DatabaseError { throw Self.unavailable(error) }
    }

    /// A read, as `write`, on the reader's connection.
    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await reader.queue.read(body) } catch let error as DatabaseError { throw Self.unavailable(error) }
    }

    private static func unavailable(_ error: DatabaseError) -> any Error {
        guard error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED else { return error }
        return TeamStoreUnavailable("the database is locked by another writer (an import?)")
    }

    private static func evidence(_ row: Row) -> TeamEvidence {
        TeamEvidence(id: row[0], first: row[1], second: row[2], key: row[3], date: row[4], kind: row[5], title: row[6],
                     summary: row[7], direction: row[8], sources: TeamSchema.splitList(row[9]),
                     signposts: TeamSchema.splitList(row[10]), analyst: row[11], submittedAt: row[12])
    }

    private static func forecast(_ row: Row) -> TeamForecast {
        TeamForecast(id: row[0], first: row[1], second: row[2], question: row[3], analyst: row[4], date: row[5],
                     probability: row[6], submittedAt: row[7])
    }
}
