import ArgumentParser
import Entente
import EntenteCore
import EntenteRendering
import Foundation

/// Which forecaster an ensemble command scores: the ensemble, one of its members, or a custom member.
struct EnsembleSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Score one ensemble member alone: \(EnsembleMember.ensemble.map(\.name).joined(separator: ", ")).", valueName: "name"))
    var member: String?
    @Option(help: ArgumentHelp("The configurations the inner validation chooses from, as λ:window pairs (window 0: no system rate; tN: the rate of new bilateral defence treaties over N years instead of all new defence ties), e.g. 1:0,30:5,30:t10. Default: λ ∈ {1, 30, 300} × window ∈ {0, 5, 10, t10}.", valueName: "list"))
    var grid: ConfigurationGrid?

    /// The configuration grid.
    func configurations() -> [MemberConfiguration] { grid?.configurations ?? MemberConfiguration.grid }

    @Option(help: ArgumentHelp("The outcome every member predicts: defense-onset, or bilateral-defense-onset (new defence ties from bilateral ATOP alliances only).", valueName: "outcome"))
    var outcome = AllianceOutcome.defenseOnset

    @Flag(inversion: .prefixedNo, help: "Screen each member's terms on the inner blocks (the default, as the shipped ensemble is trained): its own terms tried without, 17 candidates tried with, its own counts tried on the other scale (ln(1 + x) or linear), a change made when it gains more than a standard error (Docs/forecast-model.md). --no-screen-terms keeps each member's own terms.")
    var screenTerms = true

    func validate() throws {
        guard outcome.isOnset, outcome.provision != nil else {
            throw ValidationError("--outcome must be an onset with a provision, such as defense-onset or bilateral-defense-onset")
        }
        if let member, !EnsembleMember.ensemble.contains(where: { $0.name == member }) {
            throw ValidationError("unknown --member \(member): one of \(EnsembleMember.ensemble.map(\.name).joined(separator: ", "))")
        }
    }

    /// The members to train, given a custom member (from `--base`/`--formula`) or nil.
    func members(custom: EnsembleMember?) throws -> [EnsembleMember] {
        if let custom { return [custom] }
        let all = EnsembleMember.ensemble(predicting: outcome)
        // validate() has checked the name.
        return member.map { name in all.filter { $0.name == name } } ?? all
    }
}

/// A status line on standard error, rewritten in place on a terminal.
final class StatusLine {
    private let tty = isatty(STDERR_FILENO) != 0
    private let started = Date()

    func show(_ message: String) {
        let text = String(format: "[%5.0fs] ", Date().timeIntervalSince(started)) + message
        FileHandle.standardError.write(Data((tty ? "\r\u{1B}[2K" + String(text.prefix(150)) : text + "\n").utf8))
    }

    func finish() { if tty { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) } }
}

/// The members table, the columns left out by rule and the term screening, as the ensemble commands print them.
func printMembers(_ model: EnsembleModel) {
    print(ForecastReport.membersTable(model).render(.table), terminator: "")
    let dropped = ForecastReport.droppedLines(model)
    if !dropped.isEmpty { print("\nLeft out by rule:\n  " + dropped.joined(separator: "\n  ")) }
    let screening = ForecastReport.screeningLines(model)
    if !screening.isEmpty {
        print("\nTerms screened on the inner blocks (a change is made when its gain exceeds one standard error):\n  "
              + screening.joined(separator: "\n  "))
    }
}

/// Builds the panel and the trainer for an ensemble command.
func ensembleTrainer(global: GlobalOptions, members: [EnsembleMember], selection: EnsembleSelectionOptions, status: StatusLine) throws -> EnsembleTrainer {
    let service = AllianceModelService(database: try global.openDatabase(), reference: try ReferenceData())
    status.show("building the panel \(AllianceModelService.panelFirstYear)-\(AllianceModelService.outcomeLastYear)")
    let panel = try service.panel(for: members)
    status.show("reading every term as of the year before (\(panel.count) dyad-years)")
    let trainer = try EnsembleTrainer(panel: panel, members: members, grid: selection.configurations(), screening: selection.screenTerms)
    trainer.progress = { status.show($0) }
    return trainer
}

struct ModelBacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Score the 1-, 5- and 10-year forecasts the briefing prints, refitting at every origin.",
        discussion: """
            At each origin the ensemble is trained on the years up to it (penalty, system rate, recalibration and \
            weights all chosen on forward-chaining blocks inside those years), every pair without a defence pact \
            then is forecast as the briefing does (covariates held at the origin, the clock moving on), and the \
            probability of an onset within each horizon is scored against what happened. Skills are against the \
            training base rate compounded over the horizon (1 − score/base for Brier and log score; for ROC-AUC \
            and PR-AUC the estimates are shown beside their base values); intervals are 90% from a moving-block \
            bootstrap over origins. --member scores one member; --base or --formula scores a custom member \
            (its terms lagged and bounded as the ensemble's are).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var selection: EnsembleSelectionOptions
    @Option(help: ArgumentHelp("Origins, FIRST-LAST.", valueName: "years")) var origins = YearSpan(1985, 2008)
    @Option(help: ArgumentHelp("Horizons in years, comma-separated.", valueName: "list")) var horizons = HorizonList([1, 5, 10])
    @Option(help: ArgumentHelp("A legacy specification (default, historical) scored as a custom member.", valueName: "name")) var base: SpecificationName?
    @Option(help: ArgumentHelp("`outcome ~ a + log1p(b)`: a custom member.", valueName: "formula")) var formula: String?
    @Option(help: "Bootstrap replicates for the intervals.") var replicates = 500
    @Option(help: ArgumentHelp("Write one row per scored pair (ccode1, ccode2, year, origin, horizon, outcome, probability, base_probability).", valueName: "file.csv"))
    var exportPredictions: String?
    @Option(help: ArgumentHelp("Write a reliability chart per horizon as PREFIX-hN.svg.", valueName: "prefix")) var chart: String?

    func validate() throws {
        _ = try origins.closed("--origins")
        if let formula { try checkTerms(try ModelSpecification.parse(formula: formula).1, option: "--formula") }
    }

    func run() throws {
        let origins = try self.origins.closed("--origins")
        let status = StatusLine()
        let trainer = try ensembleTrainer(global: global, members: try selection.members(custom: try customMember(base: base, formula: formula)),
                                      selection: selection, status: status)
        let backtest = try Backtest(trainer: trainer, origins: Array(origins), horizons: horizons.years, progress: { status.show($0) })
        status.show("bootstrapping \(replicates) replicates per horizon")
        let results = backtest.results(replicates: replicates)
        status.finish()
        // Scores need both outcomes among the forecasts; say which horizons lack them rather than print nothing.
        for horizon in backtest.horizons where !results.contains(where: { $0.horizon == horizon }) {
            let pairs = Array((backtest.forecasts[horizon] ?? []).joined())
            let events = pairs.filter(\.outcome).count
            FileHandle.standardError.write(Data(("horizon \(horizon): not scored: \(pairs.count) forecasts, \(events) followed by an onset; "
                + "scores need forecasts followed by an onset and forecasts not followed by one\n").utf8))
        }
        if let exportPredictions {
            let all = backtest.horizons.flatMap { backtest.forecasts[$0]!.joined() }
            try ForecastReport.predictionsCSV(all, memberNames: backtest.memberNames).write(toFile: exportPredictions, atomically: true, encoding: .utf8)
        }
        if let chart {
            for result in results {
                let path = "\(chart)-h\(result.horizon).svg"
                let title = "Reliability: onset within \(result.horizon) year\(result.horizon == 1 ? "" : "s"), origins \(self.origins)"
                try result.scores.reliabilitySVG(title: title, axes: .logarithmic).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        switch output.format {
        case .json: print(try ForecastReport.backtestJSON(backtest, results), terminator: "")
        case .csv: print(ForecastReport.backtestTable(results).render(.csv), terminator: "")
        case .table:
            print("Backtest of \(backtest.memberNames.joined(separator: " + ")), origins \(self.origins); 90% intervals from a block bootstrap over origins")
            print(ForecastReport.backtestTable(results).render(.table))
            if let last = backtest.origins.last {
                print("Weights at \(last.year): " + last.weights.map { String(format: "%@ %.2f", $0.member, $0.weight) }.joined(separator: ", "))
            }
        }
    }
}

/// A custom member from a legacy specification name or a formula (nil for neither).
func customMember(base: SpecificationName?, formula: String?) throws -> EnsembleMember? {
    if let formula {
        let (outcome, terms) = try ModelSpecification.parse(formula: formula)
        return EnsembleMember(name: "custom", summary: formula, outcome: outcome, terms: ForecastTerm.from(terms, clock: true), firstYear: 1816)
    }
    guard let base else { return nil }
    let specification = base.specification
    return EnsembleMember(name: base.name, summary: "the \(base.name) specification, lagged and bounded", outcome: specification.outcome,
                          terms: ForecastTerm.from(specification.terms, clock: true), firstYear: specification.firstYear)
}

struct ModelForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "The ensemble's probability of a defence pact within 1, 5 and 10 years for one pair, every member beside it.",
        discussion: "Trained on the years up to the origin (default: the latest year of the data). The interval pools coefficient draws across members in proportion to their weights.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var selection: EnsembleSelectionOptions
    @Argument(help: "First state.") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: ArgumentHelp("The origin year (default: the latest year of the data).", valueName: "year")) var origin: Int?
    @Option(help: ArgumentHelp("Horizons to print, comma-separated.", valueName: "list")) var horizons = HorizonList([1, 5, 10])
    @Option(help: ArgumentHelp("Write each member's final training design to PREFIX-MEMBER.csv (and .keys.csv), as `model fit --from-design` reads it.", valueName: "prefix"))
    var exportDesigns: String?

    func validate() throws {
        if let exportDesigns { try OutputFile.check(exportDesigns + "-member.csv") }
    }

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        let status = StatusLine()
        let trainer = try ensembleTrainer(global: global, members: try selection.members(custom: nil), selection: selection, status: status)
        let year = origin ?? trainer.source.lastYear
        let model = try trainer.train(through: year, clustered: true)
        let forecast = try EnsembleForecast(model: model, source: trainer.source, x.rawValue, z.rawValue, origin: year, horizon: max(10, horizons.years.max() ?? 10))
        status.finish()
        for member in model.members where exportDesigns != nil {
            let path = "\(exportDesigns!)-\(member.name).csv"
            try member.fit.writeDesign(to: path, table: trainer.table, source: trainer.source)
            FileHandle.standardError.write(Data("\(member.name): design written to \(path) (λ=\(member.fit.configuration.l2Penalty), \(member.fit.transform.columns.count) columns)\n".utf8))
        }
        print(forecast.table(horizons: horizons.years).render(output.format), terminator: "")
        guard output.format == .table else { return }
        print("\nWhy members differ (first-year log-odds against the training mean, before recalibration):")
        print(forecast.reasons().render(.table), terminator: "")
        print("\nMembers:")
        printMembers(model)
        if forecast.alreadyAllied { print("\nA defence pact is already in force in \(year): no onset is possible.") }
        if !forecast.carried.isEmpty { print("\nCarried forward or missing at the origin: " + forecast.carried.joined(separator: ", ")) }
    }
}
