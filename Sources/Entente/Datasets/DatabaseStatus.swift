import EntenteCore
import EntenteFormats
import EntenteStore

/// What the database holds, dataset by dataset.
public struct DatabaseStatus: Sendable {
    public let database: EntenteDatabase

    /// Creates the status view of a database.
    public init(database: EntenteDatabase) { self.database = database }

    /// One row per loaded dataset: rows, years covered, layout, source file, checksum, rejects, when.
    public func report() throws -> ReportTable {
        var rows: [[FieldValue]] = []
        for record in try database.ledger().filter({ try database.currentImport(dataset: $0.dataset)?.id == $0.id })
            .sorted(by: { $0.dataset < $1.dataset }) {
            let definition = DatasetCatalogue.dataset(record.dataset)
            let table = definition?.tableName ?? record.dataset
            var years: FieldValue = .null
            if let column = definition?.yearColumn {
                let span = try database.readOnlyQuery("SELECT MIN(\"\(column)\"), MAX(\"\(column)\") FROM \"\(table)\"").rows.first
                if case .integer(let low)? = span?[0], case .integer(let high)? = span?[1] { years = .text("\(low)–\(high)") }
            }
            rows.append([.text(record.dataset), .integer(Int64(record.rowsStored)), years, .text(record.layout),
                         .text(record.fileName), .text(record.sha256), .integer(Int64(record.rowsRejected)),
                         .text(record.importedAt)])
        }
        // Event files accumulate rather than replace: one summary row for all of them.
        let events = try database.readOnlyQuery(
            "SELECT COUNT(*), SUM(rows_rejected), MAX(imported_at) FROM import_ledger WHERE dataset = 'gdelt'").rows[0]
        if case .integer(let files) = events[0], files > 0 {
            let span = try database.readOnlyQuery("SELECT COUNT(*), MIN(day) / 10000, MAX(day) / 10000 FROM event_dyad_day").rows[0]
            var years: FieldValue = .null
            if case .integer(let low) = span[1], case .integer(let high) = span[2] { years = .text("\(low)–\(high)") }
            rows.append([.text("gdelt"), span[0], years, .text("dyad-day roll-ups"), .text("\(files) file(s)"),
                         .text("see import_ledger"), events[1], events[2]])
        }
        return ReportTable(columns: ["dataset", "rows", "years", "layout", "file", "sha256", "rejected", "imported_at"],
                           rows: rows)
    }
}
