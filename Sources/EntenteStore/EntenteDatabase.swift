import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

/// Entente's embedded SQLite database: the import ledger, rejected rows, and one table per dataset.
public final class EntenteDatabase: Sendable {
    /// The underlying GRDB connection queue.
    public let queue: DatabaseQueue
    /// Where the database lives, or `nil` in memory.
    public let path: String?

    /// How a database is opened.
    public enum Access: Sendable {
        /// Created if needed, migrated to the current schema: for imports and the server.
        case readWrite
        /// An existing database, read only: nothing is created, migrated or attached, so a mistyped path or a
        /// query cannot leave a file behind.
        case readOnly
    }

    /// How long a connection waits for another process's lock (an import holds one while it commits) before a
    /// write gives up with `SQLITE_BUSY`.
    public static let busyTimeout: TimeInterval = 30

    /// Opens the database at `path`, or an in-memory one. Read-write creates it if needed and applies pending
    /// migrations; read-only needs an existing database of the current schema.
    public init(path: String?, access: Access = .readWrite) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.readonly = access == .readOnly
        configuration.prepareDatabase { db in
            if db.configuration.readonly {
                // ATTACH would open, or create, another file through a read-only command.
                sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_ATTACHED, 0)
            }
            // Bulk loads write hundreds of thousands of rows per transaction: a 64 MB page cache keeps them from
            // spilling to disk mid-transaction, and WAL with NORMAL sync keeps commits atomic without a full
            // fsync of every page.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try SourceHostSet.register(on: db)
            if db.configuration.readonly == false, try String.fetchOne(db, sql: "PRAGMA journal_mode") != "memory" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        switch (path, access) {
        case (let path?, .readWrite):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        case (let path?, .readOnly):
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                throw DatabaseAccessError.noDatabase(path: path)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
        case (nil, _):
            queue = try DatabaseQueue(configuration: configuration)
        }
        self.path = path
        if access == .readOnly {
            guard try queue.read({ try Self.migrator.hasCompletedMigrations($0) }) else {
                throw DatabaseAccessError.olderSchema(path: path ?? ":memory:")
            }
        } else {
            try Self.migrator.migrate(queue)
        }
    }

    /// The versioned schema of Entente's own tables. Dataset tables are shaped by their dataset definitions and
    /// made anew on each import; `dataset_state.fingerprint` records the shape they were made in.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: import ledger") { db in
            try db.create(table: "import_ledger") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("dataset", .text).notNull().indexed()
                t.column("layout", .text).notNull()
                t.column("file_name", .text).notNull()
                t.column("file_path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("rows_read", .integer).notNull()
                t.column("rows_loaded", .integer).notNull()
                t.column("rows_rejected", .integer).notNull()
                t.column("rows_stored", .integer).notNull()
                t.column("imported_at", .text).notNull()
                t.column("duration_seconds", .double).notNull()
                t.column("entente_version", .text).notNull()
            }
            try db.create(table: "dataset_state") { t in
                t.primaryKey("dataset", .text)
                t.column("table_name", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("ledger_id", .integer).notNull().references("import_ledger")
            }
            try db.create(table: "import_rejects") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("ledger_id", .integer).notNull().references("import_ledger", onDelete: .cascade).indexed()
                t.column("dataset", .text).notNull()
                t.column("line", .integer).notNull()
                t.column("column_name", .text)
                t.column("value", .text)
                t.column("reason", .text).notNull()
            }
        }
        migrator.registerMigration("v2: event roll-ups") { db in
            // Every event ID ever counted, so that one re-emitted in another file is counted once: one block per
            // imported file, its IDs sorted and delta-encoded, with the range they span. A new file's IDs are
            // checked only against blocks whose range covers them, which for GDELT's rising IDs is rarely any.
            try db.execute(sql: """
                CREATE TABLE event_id_blocks (
                    ledger_id INTEGER PRIMARY KEY REFERENCES import_ledger(id) ON DELETE CASCADE,
                    min_id INTEGER NOT NULL, max_id INTEGER NOT NULL, count INTEGER NOT NULL, ids BLOB NOT NULL)
                """)
            try db.execute(sql: """
                CREATE TABLE event_dyad_day (
                    source INTEGER NOT NULL, target INTEGER NOT NULL, day INTEGER NOT NULL,
                    events INTEGER NOT NULL, mentions INTEGER NOT NULL,
                    events_q1 INTEGER NOT NULL, events_q2 INTEGER NOT NULL, events_q3 INTEGER NOT NULL, events_q4 INTEGER NOT NULL,
                    mentions_q1 INTEGER NOT NULL, mentions_q2 INTEGER NOT NULL, mentions_q3 INTEGER NOT NULL, mentions_q4 INTEGER NOT NULL,
                    goldstein_sum REAL NOT NULL, tone_sum REAL NOT NULL, toned_events INTEGER NOT NULL,
                    PRIMARY KEY (source, target, day)) WITHOUT ROWID
                """)
            // Distinct source hosts (64-bit hashes of SOURCEURL's host) per dyad-day, for the `sources` count.
            try db.execute(sql: """
                CREATE TABLE event_dyad_day_hosts (
                    source INTEGER NOT NULL, target INTEGER NOT NULL, day INTEGER NOT NULL, host INTEGER NOT NULL,
                    PRIMARY KEY (source, target, day, host)) WITHOUT ROWID
                """)
            try db.create(table: "event_drops") { t in
                t.column("ledger_id", .integer).notNull().references("import_ledger", onDelete: .cascade)
                t.column("rule", .text).notNull()
                t.column("rows", .integer).notNull()
                t.primaryKey(["ledger_id", "rule"])
            }
        }
        migrator.registerMigration("v3: team evidence and forecasts") { db in
            for statement in TeamSchema.statements(identity: "INTEGER PRIMARY KEY") { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v4: source hosts inline") { db in
            // A dyad-day's hosts move from a row each in event_dyad_day_hosts to one blob on the dyad-day
            // (`SourceHostSet`), which an import writes in the same upsert as the counts.
            try db.execute(sql: "ALTER TABLE event_dyad_day ADD COLUMN hosts BLOB NOT NULL DEFAULT x''")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT source, target, day, host FROM event_dyad_day_hosts ORDER BY source, target, day
                """)
            var current: (source: Int64, target: Int64, day: Int64)?
            var hosts: [UInt64] = []
            func store() throws {
                guard let key = current else { return }
                try db.execute(sql: "UPDATE event_dyad_day SET hosts = ? WHERE source = ? AND target = ? AND day = ?",
                               arguments: [SourceHostSet(hosts).encoded, key.source, key.target, key.day])
                hosts.removeAll(keepingCapacity: true)
            }
            while let row = try rows.next() {
                let key: (Int64, Int64, Int64) = (row[0], row[1], row[2])
                if let now = current, now != key { try store() }
                current = key
                hosts.append(UInt64(bitPattern: row[3]))
            }
            try store()
            try db.execute(sql: "DROP TABLE event_dyad_day_hosts")
        }
        return migrator
    }
}

/// A database could not be opened as asked.
public enum DatabaseAccessError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Nothing at the path: a read-only command does not create a database.
    case noDatabase(path: String)
    /// The database predates the current schema, and a read-only command does not migrate it.
    case olderSchema(path: String)

    public var description: String {
        switch self {
        case .noDatabase(let path): "there is no Entente database at \(path)"
        case .olderSchema(let path): "the database at \(path) was written by an older Entente; open it once read-write (any import) to upgrade it"
        }
    }
}
