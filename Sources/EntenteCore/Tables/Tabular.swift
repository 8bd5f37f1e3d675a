/// The storage type of a table column.
public enum ColumnType: String, Sendable, Codable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
}

/// One typed cell, as it goes into a table.
public enum FieldValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A column of a stored table.
public struct StoredColumn: Hashable, Sendable {
    public var name: String
    public var type: ColumnType
    /// A short description shown by `entente status --describe` and the panel codebook.
    public var summary: String

    /// Creates a column definition.
    public init(_ name: String, _ type: ColumnType, _ summary: String = "") {
        self.name = name
        self.type = type
        self.summary = summary
    }
}

/// The shape of a stored table: its name, columns and the columns worth an index.
public struct StoredTable: Hashable, Sendable {
    public var name: String
    public var columns: [StoredColumn]
    public var indexes: [[String]]

    /// Creates a table definition.
    public init(name: String, columns: [StoredColumn], indexes: [[String]] = []) {
        self.name = name
        self.columns = columns
        self.indexes = indexes
    }

    /// A stable digest of the shape, so a store can tell when a table must be rebuilt.
    public var fingerprint: String {
        let parts = columns.map { "\($0.name):\($0.type.rawValue)" } + indexes.map { $0.joined(separator: "+") }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (name + "|" + parts.joined(separator: ",")).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
