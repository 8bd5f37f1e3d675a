import ArgumentParser
import Entente
import EntenteCore
import EntenteFormats

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the datasets Entente can import, the key of their rows, their layouts and where `import all` looks.")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let rows: [[FieldValue]] = DatasetCatalogue.all.map { dataset in
            let overrides = dataset.layouts.compactMap { layout in
                layout.key.map { " (\(layout.name): \($0.columns.joined(separator: ", ")))" }
            }
            return [.text(dataset.id), .text(dataset.title), .text(dataset.tableName),
                    .text(dataset.key.columns.joined(separator: ", ") + overrides.joined()),
                    .text(dataset.layouts.map(\.name).joined(separator: " | ")),
                    .text(dataset.knownPaths.joined(separator: " | ")), .text(dataset.source)]
        }
        print(ReportTable(columns: ["dataset", "title", "table", "key", "layouts", "import_all_paths", "source"], rows: rows)
            .render(output.format), terminator: "")
    }
}
