import EntenteCore
import GRDB

/// A dataset table's column of years.
public struct YearColumn: Hashable, Sendable {
    public var table: String
    public var column: String

    /// The column `column` of `table`.
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}

/// The file a dataset's current import read, as the ledger recorded it.
public struct DatasetFile: Hashable, Sendable {
    public var dataset: String
    public var fileName: String
    public var sha256: String
}

/// A dataset's imports summed over the ledger: files, rejected rows, the latest import's time.
public struct ImportTotals: Hashable, Sendable {
    public var files: Int
    public var rowsRejected: Int
    public var lastImportedAt: String?
}

extension EntenteDatabase {
    /// The first and last year in a column, nil when it holds no integer year.
    public func yearSpan(_ years: YearColumn) throws -> ClosedRange<Int>? {
        var span: ClosedRange<Int>?
        let column = years.column.quotedDatabaseIdentifier
        try forEachRow("SELECT MIN(\(column)), MAX(\(column)) FROM \(years.table.quotedDatabaseIdentifier)") { row in
            if row.isInteger(0), row.isInteger(1) {
                span = row.integer(0)...row.integer(1)
            }
        }
        return span
    }

    /// The year of each key of `table`: the first four characters of its ISO date in `dateColumn`, for integer
    /// keys and dates.
    public func yearsByKey(in table: String, keyColumn: String, dateColumn: String) throws -> [Int64: Int] {
        var years: [Int64: Int] = [:]
        try forEachRow("""
            SELECT \(keyColumn.quotedDatabaseIdentifier), CAST(substr(\(dateColumn.quotedDatabaseIdentifier), 1, 4) AS INTEGER)
            FROM \(table.quotedDatabaseIdentifier)
            """) { row in
            if row.isInteger(0), row.isInteger(1) {
                years[Int64(row.integer(0))] = row.integer(1)
            }
        }
        return years
    }

    /// The file of every dataset's current import, by dataset.
    public func currentFiles() throws -> [DatasetFile] {
        var files: [DatasetFile] = []
        try forEachRow("""
            SELECT s.dataset, l.file_name, l.sha256 FROM dataset_state s JOIN import_ledger l ON l.id = s.ledger_id ORDER BY s.dataset
            """) { row in
            files.append(DatasetFile(dataset: row.text(0) ?? "", fileName: row.text(1) ?? "", sha256: row.text(2) ?? ""))
        }
        return files
    }

    /// The ledger's totals for `dataset`.
    public func importTotals(dataset: String) throws -> ImportTotals {
        var totals = ImportTotals(files: 0, rowsRejected: 0, lastImportedAt: nil)
        try forEachRow("SELECT COUNT(*), SUM(rows_rejected), MAX(imported_at) FROM import_ledger WHERE dataset = ?",
                       arguments: [dataset]) { row in
            totals = ImportTotals(files: row.integer(0), rowsRejected: row.integer(1), lastImportedAt: row.text(2))
        }
        return totals
    }
}
