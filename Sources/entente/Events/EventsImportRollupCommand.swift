import ArgumentParser
import Entente
import Foundation

struct EventsImportRollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-rollup",
        abstract: "Merge a Spark roll-up (the output of `events spark-run` or of the job run elsewhere) into the database.",
        discussion: """
            Adds each input file's dyad-days through the same upsert as `events import` and writes its ledger row (so a \
            later `events import` or `events sync` skips the file and never counts its events again). All or nothing, and \
            idempotent: a file already in the ledger is skipped. Give the selection options the job was written with: a \
            roll-up made with another selection, by an incompatible Entente, or counting an event this database counted \
            before is refused.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The roll-up folder (the job's --out).") var folder: String
    @OptionGroup var selection: EventSelectionOptions

    func run() throws {
        let service = SparkRollupImportService(database: try global.openDatabase())
        let reports: [EventFileReport]
        do {
            reports = try service.importRollup(folder, selection: selection.selection)
        } catch {
            throw CommandFailure(description: "roll-up import failed; the database is unchanged: \(error)")
        }
        print(EventsImportCommand.report(reports).render(output.format), terminator: "")
    }
}
