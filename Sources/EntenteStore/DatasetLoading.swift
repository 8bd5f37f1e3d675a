import EntenteCore
import GRDB
import GRDBSQLite

/// Counts a load reports back to the ledger.
public struct LoadCounts: Hashable, Sendable {
    /// The file layout that was recognised.
    public var layout = ""
    public var rowsRead = 0
    public var rowsLoaded = 0
    public var rejects: [RejectedRow] = []

    public init() {}
}

/// Writes rows into one table through a single reused prepared statement, inside the import's transaction.
public final class TableWriter {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private let width: Int
    /// Rows written so far.
    public private(set) var rowsWritten = 0

    init(db: Database, table: StoredTable) throws {
        connection = db.sqliteConnection!
        width = table.columns.count
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: width).joined(separator: ", ")
        let sql = "INSERT INTO \"\(table.name)\" (\(columns)) VALUES (\(marks))"
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        statement = prepared
    }

    deinit { sqlite3_finalize(statement) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts one row; `values` must match the table's columns in order.
    public func insert(_ values: [FieldValue]) throws {
        precondition(values.count == width, "row width \(values.count) does not match table width \(width)")
        sqlite3_reset(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .real(let number): sqlite3_bind_double(statement, index, number)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, Self.transient)
            }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(connection)))
        }
        rowsWritten += 1
    }
}

extension EntenteDatabase {
    /// The ledger row of the file a dataset currently holds, if any.
    public func currentImport(dataset: String) throws -> ImportRecord? {
        try queue.read { db in
            try ImportRecord.fetchOne(db, sql: """
                SELECT import_ledger.* FROM dataset_state JOIN import_ledger ON import_ledger.id = dataset_state.ledger_id
                WHERE dataset_state.dataset = ?
                """, arguments: [dataset])
        }
    }

    /// The shape fingerprint of the table a dataset was last loaded into, to tell when a re-import is due.
    public func storedFingerprint(dataset: String) throws -> String? {
        try queue.read { db in
            try String.fetchOne(db, sql: "SELECT fingerprint FROM dataset_state WHERE dataset = ?", arguments: [dataset])
        }
    }

    /// Replaces a dataset's rows with what `load` writes, in one transaction: the table is made anew in its
    /// current shape, filled, indexed, and the ledger, rejects and dataset state are written. If `load` throws,
    /// nothing of it remains.
    public func replaceDataset(_ dataset: String, table: StoredTable, ledger: ImportRecord,
                               load: (TableWriter) throws -> LoadCounts) throws -> ImportRecord {
        try queue.write { db in
            // Rebuilt from scratch every time: indexes are made after the rows are in, which is much faster
            // than maintaining them row by row.
            try db.execute(sql: "DROP TABLE IF EXISTS \"\(table.name)\"")
            try db.create(table: table.name) { t in
                for column in table.columns {
                    t.column(column.name, Database.ColumnType(rawValue: column.type.rawValue))
                }
            }
            let started = ContinuousClock.now
            let writer = try TableWriter(db: db, table: table)
            let counts = try load(writer)
            for (number, columns) in table.indexes.enumerated() {
                try db.create(index: "\(table.name)_idx\(number)", on: table.name, columns: columns)
            }
            var record = ledger
            record.rowsRead = counts.rowsRead
            record.rowsLoaded = counts.rowsLoaded
            record.rowsRejected = counts.rejects.count
            record.rowsStored = writer.rowsWritten
            let elapsed = ContinuousClock.now - started
            record.durationSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            record.layout = counts.layout
            try record.insert(db)
            guard let ledgerID = record.id else { throw DatabaseError(message: "ledger row has no id") }
            try db.execute(sql: "DELETE FROM import_rejects WHERE dataset = ?", arguments: [dataset])
            for reject in counts.rejects {
                try db.execute(sql: """
                    INSERT INTO import_rejects (ledger_id, dataset, line, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [ledgerID, dataset, reject.line, reject.column, reject.value, reject.reason])
            }
            try db.execute(sql: """
                INSERT INTO dataset_state (dataset, table_name, fingerprint, ledger_id) VALUES (?, ?, ?, ?)
                ON CONFLICT(dataset) DO UPDATE SET table_name = excluded.table_name,
                    fingerprint = excluded.fingerprint, ledger_id = excluded.ledger_id
                """, arguments: [dataset, table.name, table.fingerprint, ledgerID])
            return record
        }
    }
}
