import ArgumentParser
import Entente

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Run read-only SQL against the database.",
        discussion: "Statements that would write are refused. Tables: one per dataset (see `entente status`), plus import_ledger, import_rejects and dataset_state.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "One SQL statement, such as \"SELECT * FROM nmc WHERE ccode = 710 AND year = 2016\".")
    var query: String

    func run() throws {
        do {
            let result = try global.openDatabase().readOnlyQuery(query)
            print(ReportTable(columns: result.columns, rows: result.rows).render(output.format), terminator: "")
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}
