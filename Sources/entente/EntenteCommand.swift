import ArgumentParser
import Entente

@main
struct EntenteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entente",
        abstract: "Measure how strongly two states are drawn together, explain why, and forecast alliance formation.",
        version: EntenteVersion.current,
        subcommands: [BriefCommand.self, ImportCommand.self, EventsCommand.self, PanelCommand.self, AlignCommand.self, PressureCommand.self, PressureTestCommand.self, ModelCommand.self, ReplicateCommand.self, StatusCommand.self, SQLCommand.self, DatasetsCommand.self,
                      SignpostsCommand.self,
                      SnapshotCommand.self,
                      CountryCommand.self, ServeCommand.self])

    /// Runs the command. A library error the command line can fix gets the command that fixes it here, at the
    /// edge, so that the library's words suit the web server as well.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch PanelError.datasetNotImported(let id, let use) {
            exit(withError: CommandFailure(description: "\(PanelError.datasetNotImported(id, use: use)): run `entente import all --from DIR` first"))
        } catch {
            exit(withError: error)
        }
    }
}
