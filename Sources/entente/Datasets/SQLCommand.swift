import ArgumentParser
import Entente
import EntenteCore
import EntenteStore
import Foundation

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Run read-only SQL against the database.",
        discussion: """
            The database is opened read-only: statements that would write are refused, ATTACH is refused, and \
            nothing is created or migrated. CSV and JSON rows are written as SQLite produces them, so memory stays \
            flat whatever the result's size. Tables: one per dataset (see `entente status`), plus import_ledger, \
            import_rejects and dataset_state.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "One SQL statement, such as \"SELECT * FROM nmc WHERE ccode = 710 AND year = 2016\".")
    var query: String

    @Option(help: ArgumentHelp("Stop after this many rows (0: no limit). Default: 10000 for the table, none for CSV and JSON.",
                               valueName: "rows"))
    var limit: Int?

    @Option(help: ArgumentHelp("Stop the query after this many seconds.", valueName: "seconds"))
    var timeout: Double = 300

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
    }

    func run() throws {
        let database = try global.openDatabase(.readOnly)
        let rowLimit = limit.map { $0 == 0 ? nil : $0 } ?? (output.format == .table ? 10_000 : nil)
        var names: [String] = [], collected: [[FieldValue]] = [], first = true
        let standardOutput = FileHandle.standardOutput
        let result: (rows: Int, truncated: Bool)
        do {
            result = try database.streamQuery(query, limit: rowLimit, timeout: .milliseconds(Int(timeout * 1000))) { columns in
                names = columns
                if output.format == .csv { standardOutput.write(Data(ReportTable.csvRecord(columns).utf8)) }
                if output.format == .json { standardOutput.write(Data("[".utf8)) }
            } row: { values in
                switch output.format {
                case .table: collected.append(values)
                case .csv: standardOutput.write(Data(ReportTable.csvRecord(values).utf8))
                case .json:
                    standardOutput.write(Data(((first ? "\n  " : ",\n  ") + ReportTable.jsonObject(columns: names, values: values)).utf8))
                    first = false
                }
            }
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        switch output.format {
        case .table: print(ReportTable(columns: names, rows: collected).render(.table), terminator: "")
        case .json: standardOutput.write(Data((first ? "]\n" : "\n]\n").utf8))
        case .csv: break
        }
        if result.truncated {
            FileHandle.standardError.write(Data("stopped after \(result.rows) rows; --limit N or --limit 0 for more\n".utf8))
        }
    }
}
