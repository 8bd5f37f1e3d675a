import ArgumentParser
import Entente
import EntenteShipped
import EntenteCore
import Foundation

struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief", abstract: "Write a briefing on two states: defence-pact forecast, drivers and barriers, scenarios, signposts, pressure test.",
        discussion: """
            With an imported database (`entente import all`) everything is computed from the data; otherwise from the \
            snapshot shipped with Entente (Data/snapshot), so it works on a fresh machine. The case file (Data/cases, \
            or --case) adds sourced covariates for the years after the data, scenarios and signposts. --as-of YEAR \
            writes the briefing as it would have read then (a back-test; needs the database).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "First state (COW number, ISO3, COW abbreviation or name).") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: ArgumentHelp("Write the briefing as of this year: the model sees nothing later.", valueName: "year")) var asOf: Int?
    @Option(help: "html or md.") var format = BriefFormat.html
    @Option(help: ArgumentHelp("Where to write it. Default: entente-brief-A-B[-asof].html or .md here.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("A case file (JSON, Docs/case-file.md). Default: the shipped one for the pair, if any.", valueName: "file.json")) var `case`: String?
    @Option(help: ArgumentHelp("Forecast with this model file (one specification) instead of the ensemble.", valueName: "file.json")) var model: String?
    @Option(help: ArgumentHelp("Where trained models and each pair's panel-derived inputs are kept between runs on an imported database. Default: beside the database (FILE.cache).", valueName: "dir")) var cache: String?
    @Flag(help: "Compute everything afresh and keep nothing.") var noCache = false
    @Option(help: "Simulated coefficient draws for intervals and scenarios (\(DrawCount.range.lowerBound)–\(DrawCount.range.upperBound)).") var draws = DrawCount.standard

    enum BriefFormat: String, ExpressibleByArgument {
        case html, md
    }

    func validate() throws {
        if let out { try OutputFile.check(out) }
    }

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        guard x != z else { throw ValidationError("a briefing needs two different states") }
        let loader = CaseFileLoader(reference: reference, cases: try ShippedData.casesDirectory())
        let caseFile = try `case`.map { try loader.load(URL(fileURLWithPath: $0)) } ?? loader.shipped(x, z)
        let savedModel = try model.map { try AllianceModel.load(URL(fileURLWithPath: $0)) }
        let started = Date()
        func progress(_ message: String) {
            FileHandle.standardError.write(Data(String(format: "[%5.1f s] %@\n", Date().timeIntervalSince(started), message).utf8))
        }
        let databaseFile = global.databasePath
        let service = FileManager.default.fileExists(atPath: databaseFile)
            ? BriefingService(database: try global.openDatabase(.readOnly), reference: reference) : nil
        let missing = try service?.missingDatasets()
        var inputs: BriefingInputs
        if let service, missing == [] {
            var shipped: Snapshot?
            do { shipped = try Snapshot.load(from: ShippedData.snapshotDirectory()) } catch {
                progress("the shipped snapshot cannot be read (\(error)): the ensemble will be trained here")
            }
            let kept = noCache ? nil : cache.map { BriefingCache(directory: URL(fileURLWithPath: $0)) } ?? BriefingCache.beside(database: databaseFile)
            inputs = try service.inputs(x, z, asOf: asOf, caseFile: caseFile, model: savedModel, shipped: shipped, cache: kept, progress: progress)
        } else {
            guard asOf == nil else {
                throw CommandFailure(description: "--as-of refits the model on the years up to it, which needs the data: run `entente import all --from ../shared/data` first")
            }
            if let missing {
                progress("the database at \(databaseFile) lacks \(missing.joined(separator: ", ")): using the shipped snapshot")
            } else {
                progress("no imported database at \(databaseFile): using the shipped snapshot")
            }
            inputs = try BriefingInputs(snapshot: try Snapshot.load(from: ShippedData.snapshotDirectory()), x, z, reference: reference, caseFile: caseFile)
            if let savedModel {
                inputs.model = savedModel
                inputs.modelSource = "the model file \(model!)"
                inputs.ensemble = nil
                inputs.bilateralEnsemble = nil
            }
        }
        progress("forecast, scenarios and signposts (\(draws.value) draws)")
        let briefing = try Briefing(inputs, draws: draws.value)
        let codes = [inputs.first, inputs.second].map { reference.crosswalk.countries[$0]?.iso3 ?? $0.description }
        let path = out ?? "entente-brief-\(codes.joined(separator: "-"))\(asOf.map { "-\($0)" } ?? "").\(format.rawValue)"
        try OutputFile.write(format == .html ? briefing.html : briefing.markdown, to: path)
        print(briefing.headline)
        print("briefing written to \(path)")
    }
}
