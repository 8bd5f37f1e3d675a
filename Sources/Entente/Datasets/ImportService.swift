import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// What happened to one file.
public enum ImportOutcome: Sendable {
    /// The file was read and its rows replaced the dataset's.
    case loaded(ImportRecord, notes: [String])
    /// The dataset already holds this exact file (same SHA-256): nothing changed.
    case unchanged(ImportRecord)
}

/// One dataset found by `importAll`, and what became of it.
public struct BatchItem: Sendable {
    public var dataset: String
    public var path: String
    /// Other files of the same dataset that were found but not imported, because `path` is preferred.
    public var superseded: [String]
    public var result: Result<ImportOutcome, any Error>
}

/// Imports dataset files into the database: checksummed, atomic per file, idempotent.
public struct ImportService: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData
    /// The most bytes one record of a file may have.
    public var maxRecordLength = DelimitedReader.defaultMaxRecordLength

    /// Creates the service over a database and the reference tables.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// Imports one file as `dataset`. If the dataset already holds a file with the same checksum, loaded into a
    /// table of the current shape, nothing is done. Otherwise the file replaces the dataset's rows in one transaction; any error leaves the database
    /// as it was. With `keepGoing`, bad records go to `import_rejects` instead of stopping the import.
    public func importFile(dataset: DatasetDefinition, path: String, keepGoing: Bool = false, allowShrink: Bool = false,
                           progress: ((ReadProgress) -> Void)? = nil) throws -> ImportOutcome {
        let checksum = try FileDigest.sha256(path: path)
        let current = try database.currentImport(dataset: dataset.id)
        if let current, current.sha256 == checksum,
           try database.storedFingerprint(dataset: dataset.id) == dataset.table.fingerprint {
            return .unchanged(current)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let url = URL(fileURLWithPath: path)
        var reader = DatasetReader(definition: dataset, crosswalk: reference.crosswalk, years: try years(for: dataset))
        reader.maxRecordLength = maxRecordLength
        var notes: [String] = []
        let ledger = ImportRecord(
            dataset: dataset.id, layout: "", fileName: url.lastPathComponent, filePath: url.standardizedFileURL.path,
            sha256: checksum, bytes: (attributes[.size] as? Int) ?? 0,
            importedAt: ISO8601DateFormatter().string(from: Date()), ententeVersion: EntenteVersion.current)
        let record = try database.replaceDataset(dataset.id, table: dataset.table, ledger: ledger) { writer in
            let summary = try reader.read(path: path, keepGoing: keepGoing, expectedChecksum: checksum, progress: progress) { row in
                try writer.insert(row)
            }
            // A file with no rows, or far fewer than the one it replaces, is more likely cut short or the wrong
            // file than a new release; throwing here rolls the replacement back.
            try Self.checkSize(dataset: dataset.id, path: path, rows: summary.rowsLoaded, replacing: current, allowShrink: allowShrink)
            notes = Self.notes(summary)
            var counts = LoadCounts()
            counts.layout = summary.layout
            counts.rowsRead = summary.rowsRead
            counts.rowsLoaded = summary.rowsLoaded
            counts.rejects = summary.rejects.map {
                RejectedRow(line: $0.line, column: $0.column, value: $0.value, reason: $0.reason)
            }
            return counts
        }
        return .loaded(record, notes: notes)
    }

    /// A replacement must hold data rows, and at least half as many as the file it replaces unless `allowShrink`.
    static func checkSize(dataset: String, path: String, rows: Int, replacing current: ImportRecord?, allowShrink: Bool) throws {
        guard rows > 0 || allowShrink else {
            throw ImportRefused(path: path, reason: "the file has no data rows; \(dataset) is left as it was")
        }
        if let current, !allowShrink, rows * 2 < current.rowsLoaded {
            throw ImportRefused(path: path, reason: "the file has \(rows) data rows against \(current.rowsLoaded) in the \(dataset) file it would "
                + "replace (\(current.fileName)); \(dataset) is left as it was. If the smaller file is meant, import it with --allow-shrink")
        }
    }

    /// Plain-language notes on what was read but not stored, so nothing is passed over silently.
    static func notes(_ summary: ReadSummary) -> [String] {
        var notes: [String] = []
        if !summary.unstoredColumns.isEmpty {
            let shown = summary.unstoredColumns.prefix(5).joined(separator: ", ")
            notes.append("\(summary.unstoredColumns.count) column(s) not stored (\(shown)\(summary.unstoredColumns.count > 5 ? ", …" : ""))")
        }
        if summary.emptyRecords > 0 { notes.append("\(summary.emptyRecords) empty record(s) passed over") }
        if summary.knownRepeats > 0 {
            notes.append("\(summary.knownRepeats) row(s) repeat a key, as the published file is known to; kept as published")
        }
        if summary.passedOver > 0 { notes.append("\(summary.passedOver) record(s) read and checked but not stored, as the layout selects") }
        if !summary.junkValues.isEmpty {
            let lines = Array(Set(summary.junkValues.map(\.line))).sorted()
            notes.append("\(summary.junkValues.count) value(s) in unnamed trailing columns ignored (lines "
                         + lines.prefix(8).map(String.init).joined(separator: ", ") + (lines.count > 8 ? ", …)" : ")"))
        }
        return notes
    }

    /// Years by key for a dataset whose rows take their year from another dataset.
    func years(for dataset: DatasetDefinition) throws -> [Int64: Int] {
        guard let lookup = dataset.yearLookup, let source = DatasetCatalogue.dataset(lookup.dataset) else { return [:] }
        guard try database.currentImport(dataset: source.id) != nil else {
            throw ImportPrerequisite(message: "\(dataset.id) takes each row's year from \(source.id): import \(source.id) first")
        }
        return try database.yearsByKey(in: source.tableName, keyColumn: lookup.keyColumn, dateColumn: lookup.dateColumn)
    }

    /// Finds every known dataset in a folder laid out like Entente's shared data (see `knownPaths`) and imports
    /// each, one transaction per file. A failure is reported for its dataset and the others go on.
    public func importAll(from directory: String, keepGoing: Bool = false,
                          willStart: (DatasetDefinition, String) -> Void = { _, _ in },
                          progress: ((ReadProgress) -> Void)? = nil) -> [BatchItem] {
        var items: [BatchItem] = []
        for dataset in DatasetCatalogue.all {
            let found = dataset.knownPaths.map { (directory as NSString).appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            guard let path = found.first else { continue }
            willStart(dataset, path)
            let result = Result { try importFile(dataset: dataset, path: path, keepGoing: keepGoing, progress: progress) }
            items.append(BatchItem(dataset: dataset.id, path: path, superseded: Array(found.dropFirst()), result: result))
        }
        return items
    }
}

/// An import refused before anything was replaced: the file looks cut short or wrong.
public struct ImportRefused: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// An import that needs another dataset loaded first.
public struct ImportPrerequisite: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
