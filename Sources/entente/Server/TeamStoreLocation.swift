import Entente
import EntentePostgres
import EntenteStore

/// Opens the team store a `--database` value names: a PostgreSQL URL or a SQLite file.
enum TeamStoreLocation {
    static func open(_ location: String) async throws -> any TeamStore {
        let lowered = location.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return try await PostgresTeamStore.connect(url: location)
        }
        return try SQLiteTeamStore(database: EntenteDatabase(path: location))
    }
}
