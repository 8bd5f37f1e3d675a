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
}
