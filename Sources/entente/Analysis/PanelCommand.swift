import ArgumentParser
import Entente
import EntenteCore
import Foundation

struct PanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel", abstract: "Build a dyad-year panel of COW system members with covariates joined.",
        discussion: "Columns are documented by `entente panel --describe`. Every dataset the panel reads must be imported first (`entente import all --from DIR`).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Years, FIRST-LAST or FIRST- (default 1816- : to the latest year any covariate has data).", valueName: "years"))
    var years = YearSpan(YearSpan.earliest, nil)
    @Flag(exclusivity: .exclusive, help: "Directed (both orders) or non-directed (ccode1 < ccode2, the default).")
    var direction: Direction = .nondirected
    @Option(help: ArgumentHelp("Only these covariates, comma-separated (keys always).", valueName: "names")) var columns: ColumnList?
    @Option(help: ArgumentHelp("Write CSV to this file instead of printing.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("Only rows of this dyad (two states, comma-separated: CHN,RUS).", valueName: "a,b")) var dyad: StatePair?
    @Flag(help: "Print the codebook: every column's meaning, source, years, last year with data (from the imported data) and missing-value rule.")
    var describe = false
    @Flag(help: "The dyad-month view instead: GDELT events each way and monthly UN agreement, for dyads with data.")
    var monthly = false
    @Flag(help: ArgumentHelp("The state-year panel instead: every system member in each year with the monadic covariates (peacesciencer's create_stateyears); --dyad becomes --state.",
                             discussion: "With --describe, its codebook."))
    var states = false
    @Option(help: ArgumentHelp("With --states, only this state's rows (CHN or 710).", valueName: "state")) var state: String?
    @Option(help: ArgumentHelp("The list of states: cow (COW State System, the default) or gw (Gleditsch–Ward with its microstates, as peacesciencer's gw_ddy; keys gwcode1, gwcode2, flags microstate1, microstate2). Covariates come from the COW-coded data either way, each GW state taking its COW counterpart of the year (NULL where it has none).",
                               valueName: "list"))
    var system = StateSystemKind.cow
    @Flag(help: "With --system gw, leave Gleditsch and Ward's microstates out (peacesciencer keeps them and flags them).")
    var noMicrostates = false

    enum Direction: String, EnumerableFlag {
        case directed, nondirected
    }

    func validate() throws {
        guard !describe else { return }
        guard states || state == nil else { throw ValidationError("--state goes with --states; a dyad-year panel takes --dyad") }
        guard system == .gw || !noMicrostates else { throw ValidationError("--no-microstates goes with --system gw") }
        guard !states || (dyad == nil && !monthly && direction == .nondirected && system == .cow) else {
            throw ValidationError("--states takes --years, --columns, --state and --out; not --dyad, --monthly, --directed or --system gw")
        }
        if states {
            try columns?.check(against: PanelColumnName.stateYearColumns, describe: "--states --describe")
        } else if !monthly {
            try columns?.check(against: (system == .gw ? PanelColumnName.microstate.sides : []) + PanelColumnName.dyadYearCovariates, describe: "--describe")
        }
    }

    func run() throws {
        let reference = try ReferenceData()
        if describe {
            // The last years come from a panel of the imported data; without it the codebook still prints.
            let builder = Result { PanelBuilder(database: try global.openDatabase(), reference: reference) }
            let lastYears = Result {
                states ? try builder.get().buildStates(PanelRequest()).lastYearsWithData
                    : try builder.get().build(PanelRequest(system: system, microstates: !noMicrostates)).lastYearsWithData
            }
            if case .failure(let error) = lastYears {
                FileHandle.standardError.write(Data("no last years: \(error)\n".utf8))
            }
            let entries = states ? PanelCodebook.stateYearEntries : system == .gw ? PanelCodebook.gleditschWardEntries : PanelCodebook.entries
            print(PanelCodebook.report(lastYears: try? lastYears.get(), entries: entries).render(output.format), terminator: "")
            return
        }
        let first = years.first
        let pair = try dyad.map(reference.dyad)
        let builder = PanelBuilder(database: try global.openDatabase(), reference: reference)
        // The dyad-month view keeps the months with data, so its open end needs no panel datasets.
        let last = try years.last ?? (monthly ? Calendar.current.component(.year, from: Date()) : builder.latestYear())
        if monthly {
            let table = try DyadMonthPanel(database: try global.openDatabase())
                .build(from: first * 100 + 1, to: last * 100 + 12, dyad: pair)
            let text = table.render(out == nil ? output.format : .csv)
            if let out { try OutputFile.write(text, to: out) } else { print(text, terminator: "") }
            return
        }
        let started = Date()
        if states {
            try writeStates(builder, first: first, last: last, reference: reference, started: started)
            return
        }
        var panel = try builder.build(PanelRequest(firstYear: first, lastYear: last, directed: direction == .directed, system: system,
                                                   microstates: !noMicrostates))
        if let columns { panel = panel.selecting(columns.names) }
        if let (a, b) = pair {
            // --dyad names COW states; a GW row matches through its states' COW counterparts of the year.
            let cow = { (code: Int, year: Int) in panel.system == .gw ? GleditschWard.cowCode(code, year: year) : code }
            panel = panel.filtered { x, z, year in
                let (x, z) = (cow(x, year), cow(z, year))
                return (x == a.rawValue && z == b.rawValue) || (!panel.directed && x == b.rawValue && z == a.rawValue)
            }
        }
        let built = Date().timeIntervalSince(started)
        if let out {
            let file = try OutputFile(out)
            try PanelWriter.writeCSV(panel, to: file.handle)
            try file.commit()
            FileHandle.standardError.write(Data(String(format: "%d rows, %d columns, built in %.2f s, written to %@\n",
                                                       panel.count, panel.columns.count + 3, built, out).utf8))
        } else if output.format == .csv {
            try PanelWriter.writeCSV(panel, to: FileHandle.standardOutput)
        } else {
            print(panel.report.render(output.format), terminator: "")
        }
    }

    /// The state-year panel, filtered and written as the dyad-year panel is.
    private func writeStates(_ builder: PanelBuilder, first: Int, last: Int, reference: ReferenceData, started: Date) throws {
        var panel = try builder.buildStates(PanelRequest(firstYear: first, lastYear: last))
        let code = try state.map(reference.state)
        panel = panel.filtered(columns: columns?.names) { ccode, _ in code.map { $0.rawValue == ccode } ?? true }
        let built = Date().timeIntervalSince(started)
        if let out {
            try OutputFile.write(panel.report.render(.csv), to: out)
            FileHandle.standardError.write(Data(String(format: "%d rows, %d columns, built in %.2f s, written to %@\n",
                                                       panel.count, panel.columns.count + 2, built, out).utf8))
        } else {
            print(panel.report.render(output.format), terminator: "")
        }
    }
}
