import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

/// The result of a query: column names and typed rows.
public struct QueryResult: Hashable, Sendable {
    public var columns: [String]
    public var rows: [[FieldValue]]

    /// Creates a result.
    public init(columns: [String], rows: [[FieldValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension EntenteDatabase {
    /// Runs one SQL statement in a read-only transaction: anything that would write is refused by SQLite.
    public func readOnlyQuery(_ sql: String, arguments: [FieldValue] = []) throws -> QueryResult {
        try queue.read { db in
            let statement = try db.makeStatement(sql: sql)
            statement.arguments = StatementArguments(arguments.map(\.databaseValue))
            let columns = statement.columnNames
            var rows: [[FieldValue]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append((0..<row.count).map { FieldValue(row[$0] as DatabaseValue) })
            }
            return QueryResult(columns: columns, rows: rows)
        }
    }

    /// Runs one SQL statement in a read-only transaction and hands each row to `row` as SQLite produces it, so
    /// memory stays flat however large the result. Stops after `limit` rows, and interrupts the statement once
    /// `timeout` has passed (`QueryStopped.timedOut`). Returns the column names and whether rows were left.
    public func streamQuery(_ sql: String, limit: Int? = nil, timeout: Duration? = nil,
                            columns: ([String]) throws -> Void, row: ([FieldValue]) throws -> Void) throws -> (rows: Int, truncated: Bool) {
        do {
            return try queue.read { db in
                let deadline = timeout.map { QueryDeadline(after: $0, connection: db.sqliteConnection) }
                defer { deadline?.remove() }
                let statement = try db.makeStatement(sql: sql)
                try columns(statement.columnNames)
                let cursor = try Row.fetchCursor(statement)
                var count = 0
                while let next = try cursor.next() {
                    if let limit, count == limit { return (count, true) }
                    try row((0..<next.count).map { FieldValue(next[$0] as DatabaseValue) })
                    count += 1
                }
                return (count, false)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw QueryStopped.timedOut(timeout ?? .zero)
        } catch let error as DatabaseError where error.message?.contains("too many attached databases") == true {
            // A read-only connection allows no attached database (`EntenteDatabase.Access.readOnly`).
            throw QueryStopped.attachRefused
        }
    }

    /// Every ledger entry, newest first.
    public func ledger() throws -> [ImportRecord] {
        try queue.read { db in try ImportRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// The rejects set aside by a dataset's current import.
    public func rejects(dataset: String) throws -> [RejectedRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT line, column_name, value, reason FROM import_rejects WHERE dataset = ? ORDER BY line
                """, arguments: [dataset]).map {
                RejectedRow(line: $0["line"], column: $0["column_name"], value: $0["value"], reason: $0["reason"])
            }
        }
    }
}

extension FieldValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text("<\(data.count) bytes>")
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}

/// One row of a raw SQLite result, read column by column without building values: what the named queries
/// (`AllianceDyadYear`, `StateYearMeasure`, …) build their records from.
struct RawRow {
    let statement: OpaquePointer

    /// Whether column `index` is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }
    /// Whether column `index` holds an integer (not NULL, a real or text).
    func isInteger(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_INTEGER }
    /// Column `index` as an integer (0 for NULL).
    func integer(_ index: Int32) -> Int { Int(sqlite3_column_int64(statement, index)) }
    /// Column `index` as an integer, or nil for NULL.
    func optionalInteger(_ index: Int32) -> Int? { isNull(index) ? nil : integer(index) }
    /// Column `index` as a flag: 1 is true, anything else (NULL, 0) false.
    func flag(_ index: Int32) -> Bool { integer(index) == 1 }
    /// Column `index` as a double, or nil for NULL.
    func real(_ index: Int32) -> Double? { isNull(index) ? nil : sqlite3_column_double(statement, index) }
    /// Column `index` as text, or nil for NULL.
    func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, index) else { return nil }
        return String(cString: pointer)
    }
}

/// A record that a named query builds from each row of its result, column by column.
protocol StreamedRecord {
    /// The record of `row`, whose columns come in the order its query selects them.
    init(_ row: RawRow)
}

extension EntenteDatabase {
    /// Runs a read-only query and hands each row to `body` as it is stepped: for bulk reads (panels) where
    /// building a value per cell would cost more than the query.
    func forEachRow(_ sql: String, arguments: StatementArguments = [], _ body: (RawRow) throws -> Void) throws {
        try queue.read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(arguments)
            let handle = statement.sqliteStatement
            while true {
                let status = sqlite3_step(handle)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else {
                    throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
                }
                try body(RawRow(statement: handle))
            }
            sqlite3_reset(handle)
        }
    }

    /// Runs a read-only query and hands `body` each row as a `Record`.
    func forEach<Record: StreamedRecord>(_ sql: String, arguments: StatementArguments = [], _ body: (Record) throws -> Void) throws {
        try forEachRow(sql, arguments: arguments) { try body(Record($0)) }
    }

    /// Whether a dataset's table is loaded.
    public func hasTable(_ name: String) throws -> Bool {
        try queue.read { db in try db.tableExists(name) }
    }
}

/// A query stopped before it finished.
public enum QueryStopped: Error, Sendable, Equatable, CustomStringConvertible {
    /// It ran past its time limit and was interrupted.
    case timedOut(Duration)
    /// It tried to ATTACH another database through a read-only connection.
    case attachRefused

    public var description: String {
        switch self {
        case .timedOut(let limit): "the query ran past its time limit of \(limit) and was stopped"
        case .attachRefused: "ATTACH is refused: a read-only query reads the Entente database only"
        }
    }
}

/// A time limit checked by SQLite itself, every thousand virtual-machine steps of the running statement, on the
/// thread that runs it. A timer on a dispatch queue would have to wait for a free worker thread, which a busy
/// machine may not give for a minute or more.
private final class QueryDeadline {
    let instant: ContinuousClock.Instant
    let connection: OpaquePointer?

    /// Installs the limit on `connection`: once `duration` has passed, the statement fails with SQLITE_INTERRUPT.
    init(after duration: Duration, connection: OpaquePointer?) {
        instant = .now + duration
        self.connection = connection
        sqlite3_progress_handler(connection, 1_000, { context in
            guard let context else { return 0 }
            return ContinuousClock.now >= Unmanaged<QueryDeadline>.fromOpaque(context).takeUnretainedValue().instant ? 1 : 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the limit; the handler holds no reference, so this must run before the deadline is released.
    func remove() {
        sqlite3_progress_handler(connection, 0, nil, nil)
    }
}
