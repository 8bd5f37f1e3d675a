import Entente
import EntenteStore

/// Opens the team store a `--database` value names: a PostgreSQL URL or a SQLite file.
enum TeamStoreLocation {
    static func open(_ location: String) async throws -> any TeamStore {
        SQLiteTeamStore(database: try EntenteDatabase(path: location))
    }
}
