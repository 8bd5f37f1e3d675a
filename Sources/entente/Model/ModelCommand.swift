import ArgumentParser
import Entente
import EntenteCore
import EntenteRendering
import Foundation

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Fit, inspect, validate and apply alliance-formation models.",
        discussion: """
            Models are logistic regressions (Newton/IRLS) on the non-directed dyad-year panel. Onset outcomes are \
            fitted on the dyad-years at risk (no such tie the year before), so every event is a new tie. Standard \
            errors are clustered by dyad unless --no-cluster is given.
            """,
        subcommands: [ModelFitCommand.self, ModelShowCommand.self, ModelValidateCommand.self, ModelBacktestCommand.self,
                      ModelForecastCommand.self, ModelPredictCommand.self])
}

/// The options that define a model.
struct ModelSpecificationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start from a named specification: default (the shipped forecast model, 1950-2018) or historical (predictors observed since 1816).", valueName: "name"))
    var base: SpecificationName?
    @Option(help: ArgumentHelp("The outcome: \(AllianceOutcome.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "outcome"))
    var outcome = AllianceOutcome.defenseOnset
    @Option(help: ArgumentHelp("Outcome and predictors as `outcome ~ a + b + log1p(c)`; overrides --outcome and --predictors.", valueName: "formula"))
    var formula: String?
    @Option(help: ArgumentHelp("Predictors, comma-separated: panel columns, derived quantities (see `model fit --help`) or log1p(column). Default: the --base specification's.", valueName: "terms"))
    var predictors: String?
    @Flag(help: "Leave out the temporal controls (years since the last defence pact, squared, cubed).")
    var noTemporal = false
    @Option(help: ArgumentHelp("Years, FIRST-LAST. Default: the --base specification's or, with your own predictors, 1816-2018.", valueName: "years"))
    var years: YearSpan?
    @Option(help: ArgumentHelp("L2 penalty λ on the predictors (not the intercept).", valueName: "λ")) var penalty = 0.0
    @Flag(help: "King & Zeng's rare-events correction of the coefficients and covariance.") var rareEvents = false
    @Flag(help: "Model-based standard errors instead of clustering by dyad.") var noCluster = false

    /// Whether any option names a single specification (then `validate` scores it, not the ensemble).
    var namesSpecification: Bool { base != nil || formula != nil || predictors != nil }

    func validate() throws {
        if let formula { try checkTerms(try ModelSpecification.parse(formula: formula).1, option: "--formula") }
        if let predictors { try checkTerms(try ModelSpecification.parse(terms: predictors, separator: ","), option: "--predictors") }
        _ = try years?.closed("--years")
    }

    var specification: ModelSpecification {
        get throws {
            var outcome = self.outcome
            var terms = try predictors.map { try ModelSpecification.parse(terms: $0, separator: ",") }
            if let formula {
                let parsed = try ModelSpecification.parse(formula: formula)
                outcome = parsed.0
                terms = parsed.1
            }
            let fallback = base?.specification ?? .default
            let span = try years.map { try $0.closed("--years") }.map { ($0.lowerBound, $0.upperBound) }
                ?? (terms == nil ? (fallback.firstYear, fallback.lastYear) : (1816, 2018))
            let options = LogisticOptions(l2Penalty: penalty, rareEventsCorrection: rareEvents)
            let base = terms ?? fallback.terms.filter { !PanelColumnName.isDefenseYears($0.base) }
            return ModelSpecification(outcome: outcome, predictors: base, temporalControls: !noTemporal,
                                      firstYear: span.0, lastYear: span.1, clusterByDyad: !noCluster, options: options)
        }
    }
}

/// A usage error naming `option` and the terms that are neither a panel column nor a derived quantity.
func checkTerms(_ terms: [ModelTerm], option: String) throws {
    let unknown = terms.filter { !$0.isKnown }.map(\.base)
    guard unknown.isEmpty else {
        throw ValidationError("\(option): unknown predictor(s) \(unknown.joined(separator: ", ")): use a panel column (entente panel --describe) or one of "
            + ModelTerm.derived.map(\.name).joined(separator: ", "))
    }
}

struct ModelFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit a model and print its coefficients; optionally save it or export its design.",
        discussion: "Derived predictors: " + ModelTerm.derived.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; ") + ".")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var model: ModelSpecificationOptions
    @Option(help: ArgumentHelp("Save the model file (JSON) here.", valueName: "file.json")) var out: String?
    @Option(help: ArgumentHelp("Write the rows and columns the fit used as CSV (outcome first), and their keys to FILE.keys.csv.", valueName: "file.csv"))
    var exportDesign: String?
    @Option(help: ArgumentHelp("Fit a design CSV (as --export-design writes it; clusters from FILE.keys.csv if present) instead of the panel.", valueName: "file.csv"))
    var fromDesign: String?

    func run() throws {
        if let fromDesign { return try fitFile(fromDesign) }
        let specification = try model.specification
        let service = AllianceModelService(database: try global.openDatabase(), reference: try ReferenceData())
        let started = Date()
        let panel = try service.panel(for: specification)
        let (fitted, design) = try service.fit(specification, panel: panel)
        let elapsed = Date().timeIntervalSince(started)
        if let exportDesign { try design.exportCSV(to: exportDesign) }
        if let out { try OutputFile.write(fitted.encoded(), to: out) }
        switch output.format {
        case .json: print(try fitted.json(), terminator: "")
        case .csv: print(fitted.coefficientReport.render(.csv), terminator: "")
        case .table:
            print(fitted.summaryReport.render(.table))
            print(fitted.coefficientReport.render(.table), terminator: "")
            FileHandle.standardError.write(Data(String(format: "panel and fit in %.2f s%@%@\n", elapsed,
                                                       out.map { "; model saved to \($0)" } ?? "",
                                                       exportDesign.map { "; design written to \($0)" } ?? "").utf8))
        }
    }
}

extension ModelFitCommand {
    /// Fits a design read from a CSV file and reports the fit time alone (what the benchmark compares).
    func fitFile(_ path: String) throws {
        var design = try RegressionDesign.read(csv: path)
        if model.noCluster { design.clusters = nil }
        let started = Date()
        let fit: LogisticFit
        do { fit = try LogisticRegression.fit(design, options: LogisticOptions(l2Penalty: model.penalty, rareEventsCorrection: model.rareEvents)) } catch {
            throw CommandFailure(description: "\(path): \(error)")
        }
        let elapsed = Date().timeIntervalSince(started)
        if output.format == .json {
            print(try AllianceModel.json(fit, outcome: path, years: nil, excludedRows: [:]), terminator: "")
        } else {
            print(AllianceModel.coefficientReport(fit).render(output.format), terminator: "")
        }
        FileHandle.standardError.write(Data(String(format: "%d rows, %d predictors, fitted in %.3f s (%d Newton steps)\n",
                                                   design.count, design.predictors.count, elapsed, fit.iterations).utf8))
    }
}

struct ModelShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a saved model: its fit, coefficients and data checksums.")

    @OptionGroup var output: OutputOptions
    @Argument(help: "A model file written by `model fit --out`.") var file: String

    func run() throws {
        let model = try AllianceModel.load(URL(fileURLWithPath: file))
        if output.format == .json {
            print(try model.json(), terminator: "")
            return
        }
        print(model.summaryReport.render(output.format))
        print(model.coefficientReport.render(output.format))
        let data = ReportTable(columns: ["dataset", "file", "sha256"],
                               rows: model.data.map { [.text($0.dataset), .text($0.file), .text($0.sha256)] })
        print(data.render(output.format), terminator: "")
    }
}

struct ModelPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "A saved model's yearly probability for one dyad, with a 90% interval.",
        discussion: "The interval comes from the coefficient covariance (delta method on the log-odds). Years with a missing predictor are listed with the missing term.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "First state.") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: ArgumentHelp("A model file.", valueName: "file.json")) var model: String
    @Option(help: ArgumentHelp("Years, FIRST-LAST.", valueName: "years")) var years = YearSpan(1990, 2018)

    func validate() throws {
        _ = try years.closed("--years")
    }

    func run() throws {
        let fitted = try AllianceModel.load(URL(fileURLWithPath: model))
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        let span = try years.closed("--years")
        var specification = fitted.specification
        (specification.firstYear, specification.lastYear) = (span.lowerBound, span.upperBound)
        let panel = try AllianceModelService(database: try global.openDatabase(), reference: reference).panel(for: specification)
        let forecasts = try DyadForecast.yearly(fitted, panel: panel, x.rawValue, z.rawValue, years: span)
        print(DyadForecast.report(forecasts).render(output.format), terminator: "")
    }
}

struct ModelValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Out-of-sample scores: fit up to a year, forecast the years after, beside the baselines.",
        discussion: """
            Without --base, --formula or --predictors this scores the ensemble (or one member with --member) on \
            new ties: trained on the years up to --train-through with every choice made inside them, each later \
            dyad-year at risk forecast from the year before, beside each member and the training base rate, with \
            skills (1 − score/base) and the calibration slope. With --base, --formula or --predictors it scores \
            that single specification as before: ROC-AUC, PR-AUC as average precision, Brier and log score on all \
            dyad-years and on new ties only, for the model, the base rate and persistence.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var model: ModelSpecificationOptions
    @OptionGroup var selection: EnsembleSelectionOptions
    @Option(help: ArgumentHelp("Train on the years up to this one, test on the years after.", valueName: "year")) var trainThrough = 1980
    @Option(help: ArgumentHelp("The last test year (default: the data's last).", valueName: "year")) var testThrough: Int?
    @Option(help: ArgumentHelp("Rolling origins FIRST-LAST, one every --step years, each tested on the next --window years (a single specification).", valueName: "years"))
    var rolling: YearSpan?
    @Option(help: "Years between rolling origins.") var step = 10
    @Option(help: "Years tested after each rolling origin.") var window = 10
    @Option(help: ArgumentHelp("Draw the reliability chart (model, new ties) as SVG here.", valueName: "file.svg")) var chart: String?
    @Option(help: ArgumentHelp("Write one row per scored dyad-year (ccode1, ccode2, year, origin, horizon, outcome, probability, base_probability).", valueName: "file.csv"))
    var exportPredictions: String?

    func validate() throws {
        _ = try rolling?.closed("--rolling")
        guard step > 0, window > 0 else { throw ValidationError("--step and --window must be positive") }
    }

    func run() throws {
        guard model.namesSpecification || rolling != nil else { return try runEnsemble() }
        let specification = try model.specification
        let service = AllianceModelService(database: try global.openDatabase(), reference: try ReferenceData())
        let validation = try ModelValidation(specification: specification, panel: try service.panel(for: specification))
        let splits: [ModelValidation.Split]
        if let rolling {
            let span = try rolling.closed("--rolling")
            splits = try validation.rolling(origins: Array(stride(from: span.lowerBound, through: span.upperBound, by: step)), window: window)
        } else {
            splits = [try validation.split(trainThrough: trainThrough, testThrough: testThrough)]
        }
        if let exportPredictions, let split = splits.last {
            try ForecastReport.predictionsCSV(split.newTieForecasts).write(toFile: exportPredictions, atomically: true, encoding: .utf8)
        }
        print(ModelValidation.report(splits).render(output.format), terminator: "")
        guard let headline = splits.last?.headline else { return }
        if output.format == .table {
            print("\nCalibration, model on new ties, \(splits.last!.testYears.lowerBound)-\(splits.last!.testYears.upperBound) (equal-count bins):")
            print(ModelValidation.calibrationReport(headline).render(.table), terminator: "")
        }
        if let chart {
            let title = "Reliability: \(specification.outcome.rawValue), new ties, \(splits.last!.testYears.lowerBound)-\(splits.last!.testYears.upperBound)"
            try OutputFile.write(headline.reliabilitySVG(title: title, axes: .logarithmic), to: chart)
            FileHandle.standardError.write(Data("chart written to \(chart)\n".utf8))
        }
    }

    /// The ensemble (or one member) on a fixed split.
    func runEnsemble() throws {
        let status = StatusLine()
        let trainer = try ensembleTrainer(global: global, members: try selection.members(custom: nil), selection: selection, status: status)
        let split = try EnsembleSplit(trainer: trainer, trainThrough: trainThrough, testThrough: testThrough)
        status.finish()
        if let exportPredictions {
            try ForecastReport.predictionsCSV(split.forecasts, memberNames: split.model.members.map(\.name)).write(toFile: exportPredictions, atomically: true, encoding: .utf8)
        }
        let table = ForecastReport.splitTable(split)
        print(table.render(output.format), terminator: "")
        if output.format == .table {
            print("\nNew ties only (dyad-years without a defence pact the year before); skills against the base rate of \(split.model.firstYear)-\(split.model.trainThrough) (\(String(format: "%.5f", split.model.baseRate))).")
            print("Inner validation: \(split.model.blocks.count) blocks, \(split.model.blocks.first.map { "\($0.testYears.lowerBound)" } ?? "")-\(split.model.trainThrough), \(split.model.innerRows) dyad-years, \(split.model.innerEvents) onsets.\n")
            printMembers(split.model)
        }
        if let chart {
            let scores = ForecastScores(predictions: split.forecasts.map(\.probability), outcomes: split.forecasts.map(\.outcome))
            let title = "Reliability: ensemble, new ties, \(split.testYears.lowerBound)-\(split.testYears.upperBound)"
            try scores.reliabilitySVG(title: title, axes: .logarithmic).write(toFile: chart, atomically: true, encoding: .utf8)
        }
    }
}
