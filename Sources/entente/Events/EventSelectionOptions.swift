import ArgumentParser
import Entente
import Foundation

/// The selection options every command that rolls up GDELT events takes (`events import`, `events spark-job`,
/// `events spark-run`, `events import-rollup`).
struct EventSelectionOptions: ParsableArguments {
    @Flag(help: "Only root events (IsRootEvent = 1).") var rootOnly = false
    @Option(help: "At least this many sources (NumSources).") var minSources = 0
    @Option(help: "At least this many articles (NumArticles).") var minArticles = 0
    @Option(help: "Actor type codes both actors must have, comma-separated (GOV,MIL).") var actorTypes: String?
    @Flag(help: "Drop events with the same day, actors, event code and source URL as one already counted.")
    var nearDuplicates = false

    /// The selection these options describe.
    var selection: EventSelection {
        var selection = EventSelection()
        selection.rootOnly = rootOnly
        selection.minimumSources = minSources
        selection.minimumArticles = minArticles
        selection.actorTypes = Set((actorTypes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
        selection.dropNearDuplicates = nearDuplicates
        return selection
    }
}
