import ArgumentParser
import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a dataset file, or every known dataset in a folder.",
        discussion: """
            entente import <dataset> <file>     one file (see `entente datasets` for the ids)
            entente import all --from DIR       every dataset found in a folder laid out like ../shared/data

            Each file is imported in one transaction and recorded in the ledger with its SHA-256; importing the same \
            file again changes nothing, and a changed file replaces the dataset's rows. A bad record stops the import \
            with its file, line, column and value, leaving the database unchanged, unless --keep-going is given.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Dataset id (see `entente datasets`), or `all`.")
    var dataset: String

    @Argument(help: "The file to import (plain or .gz).")
    var file: String?

    @Option(help: "With `all`: the folder to search.")
    var from: String?

    @Flag(help: "Set bad records aside in the rejects table instead of stopping.")
    var keepGoing = false

    @Flag(help: "Let a file with no data rows, or under half the rows of the file it replaces, replace a dataset.")
    var allowShrink = false

    @Option(help: ArgumentHelp("The most bytes one record may have; a longer one stops the import.", valueName: "bytes"))
    var maxRecordBytes = DelimitedReader.defaultMaxRecordLength

    func validate() throws {
        if dataset == "all" {
            guard from != nil else { throw ValidationError("`import all` needs --from DIR") }
        } else {
            guard DatasetCatalogue.dataset(dataset) != nil else {
                throw ValidationError("unknown dataset '\(dataset)'; known: \(DatasetCatalogue.all.map(\.id).joined(separator: ", "))")
            }
            guard file != nil else { throw ValidationError("give the file to import") }
        }
        guard maxRecordBytes > 0 else { throw ValidationError("--max-record-bytes must be at least 1") }
    }

    func run() throws {
        var service = ImportService(database: try global.openDatabase(), reference: try ReferenceData())
        service.maxRecordLength = maxRecordBytes
        var rows: [[FieldValue]] = []
        var failures: [String] = []
        func row(_ dataset: String, _ path: String, _ result: Result<ImportOutcome, any Error>, note: String = "") -> [FieldValue] {
            switch result {
            case .success(.loaded(let record, let notes)):
                let extra = (notes + (note.isEmpty ? [] : [note])).joined(separator: "; ")
                return [.text(dataset), .text("loaded"), .integer(Int64(record.rowsRead)), .integer(Int64(record.rowsLoaded)),
                        .integer(Int64(record.rowsRejected)), .integer(Int64(record.rowsStored)),
                        .real((record.durationSeconds * 100).rounded() / 100), .text(extra)]
            case .success(.unchanged(let record)):
                return [.text(dataset), .text("unchanged"), .integer(Int64(record.rowsRead)), .integer(Int64(record.rowsLoaded)),
                        .integer(Int64(record.rowsRejected)), .integer(Int64(record.rowsStored)), .null,
                        .text("same SHA-256 as loaded on \(record.importedAt)" + (note.isEmpty ? "" : "; " + note))]
            case .failure(let error):
                failures.append("\(dataset) (\(path)): \(error)")
                return [.text(dataset), .text("failed"), .null, .null, .null, .null, .null, .text("\(error)")]
            }
        }
        if dataset == "all", let from {
            var bar: ProgressBar?
            let items = service.importAll(from: from, keepGoing: keepGoing, willStart: { definition, _ in
                bar?.finish()
                bar = ProgressBar(label: definition.id)
            }, progress: { bar?.update($0) })
            bar?.finish()
            guard !items.isEmpty else { throw CommandFailure(description: "no known dataset files under \(from)") }
            for item in items {
                let note = item.superseded.isEmpty ? "" : "preferred over " + item.superseded.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                rows.append(row(item.dataset, item.path, item.result, note: note))
            }
        } else if let definition = DatasetCatalogue.dataset(dataset), let file {
            let bar = ProgressBar(label: definition.id)
            let result = Result { try service.importFile(dataset: definition, path: file, keepGoing: keepGoing, allowShrink: allowShrink, progress: bar.update) }
            bar.finish()
            if case .failure(let error) = result { throw CommandFailure(description: "import failed, database unchanged: \(error)") }
            rows.append(row(definition.id, file, result))
        }
        print(ReportTable(columns: ["dataset", "status", "read", "loaded", "rejected", "stored", "seconds", "note"], rows: rows)
            .render(output.format), terminator: "")
        guard failures.isEmpty else {
            // The table cuts long notes to its column width; each failure is printed in full after it.
            throw CommandFailure(description: failures.joined(separator: "\n") + "\n\(failures.count) import(s) failed; their datasets are unchanged")
        }
    }
}
