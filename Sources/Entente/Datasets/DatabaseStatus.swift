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
            if let column = definition?.yearColumn, let span = try database.yearSpan(YearColumn(table: table, column: column)) {
                years = .text("\(span.lowerBound)–\(span.upperBound)")
            }
            rows.append([.text(record.dataset), .integer(Int64(record.rowsStored)), years, .text(record.layout),
                         .text(record.fileName), .text(record.sha256), .integer(Int64(record.rowsRejected)),
                         .text(record.importedAt)])
        }
        // Event files accumulate rather than replace: one summary row for all of them.
        let events = try database.importTotals(dataset: "gdelt")
        if events.files > 0 {
            let extent = try EventDyadDay.extent(in: database)
            rows.append([.text("gdelt"), .integer(Int64(extent.dyadDays)),
                         extent.years.map { FieldValue.text("\($0.lowerBound)–\($0.upperBound)") } ?? .null,
                         .text("dyad-day roll-ups"), .text("\(events.files) file(s)"), .text("see import_ledger"),
                         .integer(Int64(events.rowsRejected)), events.lastImportedAt.map(FieldValue.text) ?? .null])
        }
        return ReportTable(columns: ["dataset", "rows", "years", "layout", "file", "sha256", "rejected", "imported_at"],
                           rows: rows)
    }
}
