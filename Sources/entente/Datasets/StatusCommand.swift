import ArgumentParser
import Entente

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Every dataset loaded: rows, years covered, source file and checksum.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try DatabaseStatus(database: try global.openDatabase(.readOnly)).report()
        if report.rows.isEmpty && output.format == .table {
            print("No datasets loaded in \(global.databasePath). Try: entente import all --from ../shared/data")
            return
        }
        print(report.render(output.format), terminator: "")
    }
}
