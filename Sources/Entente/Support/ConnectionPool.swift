import EntenteStore
import Foundation

/// Connections to one database for readers on several threads: a connection's queue serialises its reads,
/// so each concurrent reader of a database on disk gets a connection of its own. An in-memory database cannot
/// be opened twice; its readers share the one connection and take turns.
final class ConnectionPool: @unchecked Sendable {
    // @unchecked Sendable: `idle` is only touched under `lock`; the connections themselves are Sendable.
    private let lock = NSLock()
    private var idle: [EntenteDatabase]
    private let shared: EntenteDatabase

    /// A pool starting with `database`.
    init(_ database: EntenteDatabase) {
        shared = database
        idle = [database]
    }

    /// Runs `body` with a connection no other caller of this pool is using (for a database on disk).
    func withConnection<T>(_ body: (EntenteDatabase) throws -> T) throws -> T {
        let taken = lock.withLock { idle.popLast() }
        let connection = try taken ?? shared.path.map { try EntenteDatabase(path: $0) } ?? shared
        defer { lock.withLock { idle.append(connection) } }
        return try body(connection)
    }
}
