import GRDB

/// One row of the import ledger: which file was loaded into which dataset, its checksum and what happened.
public struct ImportRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "import_ledger"

    public var id: Int64?
    public var dataset: String
    /// Which of the dataset's known layouts the file had (for example NMC 5.0 or 7.0).
    public var layout: String
    public var fileName: String
    public var filePath: String
    public var sha256: String
    public var bytes: Int
    /// Records read from the file, excluding the header and preamble.
    public var rowsRead: Int
    /// Records accepted.
    public var rowsLoaded: Int
    /// Records set aside in `import_rejects` (only with keep-going).
    public var rowsRejected: Int
    /// Table rows written: differs from `rowsLoaded` where a wide file is reshaped to long rows.
    public var rowsStored: Int
    /// ISO 8601 time the import finished.
    public var importedAt: String
    public var durationSeconds: Double
    public var ententeVersion: String

    enum CodingKeys: String, CodingKey {
        case id, dataset, layout, bytes, sha256
        case fileName = "file_name", filePath = "file_path", rowsRead = "rows_read", rowsLoaded = "rows_loaded"
        case rowsRejected = "rows_rejected", rowsStored = "rows_stored", importedAt = "imported_at"
        case durationSeconds = "duration_seconds", ententeVersion = "entente_version"
    }

    /// Creates a ledger row.
    public init(id: Int64? = nil, dataset: String, layout: String, fileName: String, filePath: String, sha256: String,
                bytes: Int, rowsRead: Int = 0, rowsLoaded: Int = 0, rowsRejected: Int = 0, rowsStored: Int = 0,
                importedAt: String, durationSeconds: Double = 0, ententeVersion: String) {
        self.id = id
        self.dataset = dataset
        self.layout = layout
        self.fileName = fileName
        self.filePath = filePath
        self.sha256 = sha256
        self.bytes = bytes
        self.rowsRead = rowsRead
        self.rowsLoaded = rowsLoaded
        self.rowsRejected = rowsRejected
        self.rowsStored = rowsStored
        self.importedAt = importedAt
        self.durationSeconds = durationSeconds
        self.ententeVersion = ententeVersion
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A record set aside by a keep-going import, with the reason.
public struct RejectedRow: Codable, Hashable, Sendable {
    public var line: Int
    public var column: String?
    public var value: String?
    public var reason: String

    /// Creates a rejected-row entry.
    public init(line: Int, column: String?, value: String?, reason: String) {
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }
}
