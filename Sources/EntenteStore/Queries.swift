import EntenteCore
import GRDB

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
