import ArgumentParser
import Entente
import EntenteShipped
import EntenteCore
import Foundation

struct SignpostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signposts",
        abstract: "Update a prior on a case file's signposts, check the judgements, and pool and score the forecasts.",
        discussion: """
            Each signpost seen multiplies the odds by its likelihood ratio p_if_alliance / p_if_no_alliance, once \
            however often it is seen (later items corroborate). Warnings flag ratios at odds with every item's \
            direction, uninformative signposts, large moves resting on commentary, and signposts counted on the same \
            item. Each question pools the analysts' latest forecasts by the mean of log-odds (times --extremise) \
            beside the plain mean, and scores them (Brier, log) once resolved.
            """)

    @OptionGroup var output: OutputOptions

    @Argument(help: "First state (COW number, ISO3, COW abbreviation or name).") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: ArgumentHelp("The probability of a defence pact within 10 years before the evidence (default 0.10; the briefing supplies the model's forecast).", valueName: "p"))
    var prior: Double?
    @Option(name: .customLong("case"), help: ArgumentHelp("A case file (default: the one shipped for the pair).", valueName: "file.json"))
    var caseFile: String?
    @Option(help: ArgumentHelp("Ignore evidence (whose month or year has not ended by then), forecasts and resolutions after this date, for back-tests.", valueName: "YYYY-MM-DD"))
    var asOf: String?
    @Option(help: ArgumentHelp("Multiply the pooled log-odds by this factor (1: no extremising).", valueName: "d"))
    var extremise = 1.0
    @Flag(help: "Count every sighting of a signpost, not only the first (to see how much the once-only rule matters).")
    var countRepeats = false
    @Option(help: ArgumentHelp("Also draw the trajectory as SVG to this file.", valueName: "file.svg"))
    var chart: String?

    func validate() throws {
        if let prior, !(prior > 0 && prior < 1) { throw ValidationError("--prior must lie strictly between 0 and 1") }
        guard extremise > 0 else { throw ValidationError("--extremise must be positive") }
        if let asOf, EvidenceDate(asOf)?.calendarDate == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD") }
    }

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        let names = [x, z].map { reference.crosswalk.countries[$0]?.name ?? $0.description }
        let loader = CaseFileLoader(reference: reference, cases: try ShippedData.casesDirectory())
        let file: CaseFile
        if let caseFile {
            file = try loader.load(URL(fileURLWithPath: caseFile))
            guard file.dyad == Dyad(x, z) else {
                throw CommandFailure(description: "\(caseFile) is the case file of another pair, not \(names[0]) – \(names[1])")
            }
        } else {
            guard let bundled = try loader.shipped(x, z) else {
                throw CommandFailure(description: "no case file ships for \(names[0]) – \(names[1]); give one with --case FILE.json")
            }
            file = bundled
        }
        if prior == nil {
            FileHandle.standardError.write(Data("note: prior \(SignpostService.defaultPrior) by default; the briefing (entente brief) supplies the model's forecast\n".utf8))
        }
        let options = SignpostService.Options(prior: prior ?? SignpostService.defaultPrior,
                                              asOf: asOf.flatMap { EvidenceDate($0)?.calendarDate },
                                              extremising: extremise, countRepeats: countRepeats)
        let service = SignpostService(file: file, options: options)
        print(service.render(output.format), terminator: "")
        if let chart {
            try OutputFile.write(service.chart(title: "Signposts: \(names[0]) – \(names[1])"), to: chart)
            FileHandle.standardError.write(Data("chart written to \(chart)\n".utf8))
        }
    }
}
