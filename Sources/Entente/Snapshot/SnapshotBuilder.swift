import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// Writes a `Snapshot` from an imported database: the same database gives the same bytes.
public struct SnapshotBuilder: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData
    /// The origins of the ensemble's backtest (`entente model backtest --origins`); nil leaves backtest.json out.
    public var backtestOrigins: ClosedRange<Int>?

    /// The backtest the shipped snapshot carries, as `entente model backtest` runs it by default.
    public static let backtestOrigins = 1985...2008
    public static let backtestHorizons = [1, 5, 10]
    public static let backtestReplicates = 500

    /// A builder reading `database`, backtesting the ensemble at `backtestOrigins`.
    public init(database: EntenteDatabase, reference: ReferenceData, backtestOrigins: ClosedRange<Int>? = Self.backtestOrigins) {
        self.database = database
        self.reference = reference
        self.backtestOrigins = backtestOrigins
    }

    /// The model service on the same database.
    private var service: AllianceModelService { AllianceModelService(database: database, reference: reference) }

    /// The command that rebuilds the shipped snapshot, recorded in its provenance.
    public static let command = "entente snapshot build --from ../shared/data"

    /// The dyads whose history ships, as ISO3 pairs in the order their files are named.
    public static let watchList: [(String, String)] = [
        ("CHN", "RUS"), ("RUS", "IRN"), ("CHN", "PAK"), ("RUS", "IND"), ("CHN", "PRK"), ("RUS", "PRK"), ("RUS", "TUR"),
        ("USA", "IND"),
    ]

    /// The default model's predictors on consultation-pact onset, the ATOP rung below a defence pact.
    public static let consulSpecification: ModelSpecification = {
        var specification = ModelSpecification.default
        specification.outcome = .consulOnset
        return specification
    }()

    /// The runs of validation.json, each as `entente model validate --base NAME` runs it at these origins.
    static let validationRuns: [(base: String, origins: ValidationOrigins)] = [
        ("default", .split(1990)), ("historical", .split(1980)), ("historical", .rolling(1950...2000, step: 10, window: 10)),
    ]

    /// Where a validation run puts its origins: the options of `entente model validate` that choose them.
    enum ValidationOrigins {
        /// `--train-through YEAR`: train up to the year, test on every year after.
        case split(Int)
        /// `--rolling FIRST-LAST --step STEP --window WINDOW`.
        case rolling(ClosedRange<Int>, step: Int, window: Int)

        /// The command's options.
        var arguments: String {
            switch self {
            case .split(let origin): "--train-through \(origin)"
            case .rolling(let years, let step, let window):
                "--rolling \(years.lowerBound)-\(years.upperBound) --step \(step) --window \(window)"
            }
        }

        /// The splits, as the command computes them.
        func splits(_ validation: ModelValidation) throws -> [ModelValidation.Split] {
            switch self {
            case .split(let origin): [try validation.split(trainThrough: origin)]
            case .rolling(let years, let step, let window):
                try validation.rolling(origins: Array(stride(from: years.lowerBound, through: years.upperBound, by: step)), window: window)
            }
        }
    }

    /// The years of the dyad files' panel rows and pressure, and of their alignment index.
    static let dyadYears = 1946...AllianceModelService.outcomeLastYear
    static let alignmentYears = AlignmentIndex.standardFirstYear...AllianceModelService.outcomeLastYear

    /// ATOP provisions and contiguity, which latest.csv carries besides the models' predictors.
    static let latestExtras = ([.atop(.defense), .atop(.consul), .atop(.nonagg), .atop(.offense), .atop(.neutral), .conttype] as [PanelColumnName]).map(\.rawValue)

    /// Writes the snapshot into `directory` (created if needed), replacing the snapshot files already there and
    /// nothing else. `progress` hears each stage as it starts.
    @discardableResult
    public func build(to directory: URL, progress: ((String) -> Void)? = nil) throws -> SnapshotProvenance {
        try clear(directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(Snapshot.dyadsFolder),
                                                withIntermediateDirectories: true)
        // The default model's panel serves its validation too; each panel is a million rows or more, so each is
        // built once and dropped after its last use.
        progress?("building the model panel")
        let modelPanel = try service.panel(for: .default)
        let models = try writeModels(modelPanel, to: directory, progress: progress)
        let ensemblePanel = try bilateralPanel(modelPanel)
        let ensembles = [try writeEnsemble(ensemblePanel, to: directory, progress: progress),
                         try writeBilateralEnsemble(ensemblePanel, to: directory, progress: progress)]
        progress?("writing \(Snapshot.latestFile)")
        let latest = try Self.latestRows(modelPanel, specifications: Self.specifications, ensembles: ensembles)
        try Data(Snapshot.latestCSV(latest).utf8).write(to: directory.appendingPathComponent(Snapshot.latestFile), options: .atomic)
        let (modelYears, latestYears) = ([Int(modelPanel.year.min() ?? 0), Int(modelPanel.year.max() ?? 0)], Set(latest.year.map(Int.init)).sorted())
        var runs = try validate("default", panel: modelPanel, progress: progress)
        progress?("building the historical panel")
        runs += try validate("historical", panel: try service.panel(for: .historical), progress: progress)
        try Snapshot.encoded(SnapshotValidation(runs: runs)).write(to: directory.appendingPathComponent(Snapshot.validationFile), options: .atomic)
        let (watchList, dyadYears) = try writeDyads(to: directory, progress: progress)
        let provenance = SnapshotProvenance(
            format: Snapshot.format, ententeVersion: EntenteVersion.current, command: Self.command,
            years: .init(modelPanel: modelYears, latest: latestYears, dyadPanel: [Self.dyadYears.lowerBound, Self.dyadYears.upperBound],
                         alignment: [Self.alignmentYears.lowerBound, Self.alignmentYears.upperBound], pressureTest: dyadYears,
                         events: try icewsYears()),
            datasets: try datasets(), models: models, watchList: watchList)
        try Snapshot.encoded(provenance).write(to: directory.appendingPathComponent(Snapshot.provenanceFile), options: .atomic)
        return provenance
    }

    /// The models the snapshot ships, in the order of their files.
    static let specifications = [ModelSpecification.default, consulSpecification]

    /// Fits and writes the models from the default model's panel (`panel(for: .default)`), the panel latest.csv is
    /// cut from, so that the latest rows carry exactly the values the models were fitted on (years since a defence
    /// pact count from the panel's first year).
    private func writeModels(_ panel: DyadYearPanel, to directory: URL, progress: ((String) -> Void)?) throws -> [SnapshotProvenance.Model] {
        var models: [SnapshotProvenance.Model] = []
        for (specification, file) in zip(Self.specifications, [Snapshot.defaultModelFile, Snapshot.consulModelFile]) {
            progress?("fitting \(specification.outcome.rawValue)")
            var entry = SnapshotProvenance.Model(file: file, outcome: specification.outcome.rawValue,
                                                 years: [specification.firstYear, specification.lastYear])
            do {
                let model = try service.fit(specification, panel: panel).0
                try model.write(to: directory.appendingPathComponent(file))
                (entry.observations, entry.events) = (model.fit.observations, model.fit.events)
            } catch let error as ModelError where specification != .default {
                // Only the default model is indispensable; the other is left out with the fit's diagnostic.
                (entry.file, entry.omitted) = (nil, error.description)
            }
            models.append(entry)
        }
        return models
    }

    /// Trains the ensemble through the panel's last year and writes it, and its backtest when asked; the
    /// trainer's inner fits serve both.
    private func writeEnsemble(_ panel: DyadYearPanel, to directory: URL, progress: ((String) -> Void)?) throws -> EnsembleForecaster {
        try writeEnsemble(EnsembleMember.ensemble, panel, files: (Snapshot.ensembleFile, Snapshot.backtestFile), outcomeOption: "",
                          to: directory, progress: progress)
    }

    /// The same for the members trained on bilateral defence treaties only.
    private func writeBilateralEnsemble(_ panel: DyadYearPanel, to directory: URL, progress: ((String) -> Void)?) throws -> EnsembleForecaster {
        progress?("training the ensemble on bilateral treaties")
        return try writeEnsemble(EnsembleMember.ensemble(predicting: .bilateralDefenseOnset), panel,
                          files: (Snapshot.bilateralEnsembleFile, Snapshot.bilateralBacktestFile),
                          outcomeOption: " --outcome \(AllianceOutcome.bilateralDefenseOnset.rawValue)", to: directory, progress: progress)
    }

    /// The model panel with the onsets of bilateral defence treaties, which the bilateral members predict and the
    /// bilateral-treaty rate counts (`AllianceModelService.panel(for:)` for members).
    func bilateralPanel(_ panel: DyadYearPanel) throws -> DyadYearPanel {
        try BilateralPacts.adding(to: panel, starts: try BilateralPacts.starts(database: database))
    }

    private func writeEnsemble(_ members: [EnsembleMember], _ panel: DyadYearPanel, files: (ensemble: String, backtest: String),
                               outcomeOption: String, to directory: URL, progress: ((String) -> Void)?) throws -> EnsembleForecaster {
        let trainer = try EnsembleTrainer(panel: panel, members: members)
        trainer.progress = { progress?($0) }
        let lastYear = Int(panel.year.max() ?? 0)
        let ensemble = EnsembleForecaster(model: try trainer.train(through: lastYear, clustered: true), trainer: trainer)
        try Snapshot.encoded(ensemble).write(to: directory.appendingPathComponent(files.ensemble), options: .atomic)
        guard let origins = backtestOrigins else { return ensemble }
        let backtest = try Backtest(trainer: trainer, origins: Array(origins), horizons: Self.backtestHorizons) { progress?($0) }
        let command = "entente model backtest\(outcomeOption) --origins \(origins.lowerBound)-\(origins.upperBound) --horizons "
            + Self.backtestHorizons.map(String.init).joined(separator: ",") + " --replicates \(Self.backtestReplicates)"
        try Snapshot.encoded(BacktestSummary(backtest, replicates: Self.backtestReplicates, command: command))
            .write(to: directory.appendingPathComponent(files.backtest), options: .atomic)
        return ensemble
    }

    /// The imported files the snapshot is built from, as its provenance lists them.
    func datasets() throws -> [SnapshotProvenance.Dataset] {
        try service.checksums().map { checksum in
            let definition = DatasetCatalogue.dataset(checksum.dataset)
            return SnapshotProvenance.Dataset(
                dataset: checksum.dataset, file: checksum.file,
                path: definition?.knownPaths.first { ($0 as NSString).lastPathComponent == checksum.file },
                sha256: checksum.sha256, title: definition?.title, source: definition?.source)
        }
    }

    /// The validation runs of the named specification `base` on `panel` (its `panel(for:)`), computed as
    /// `entente model validate` computes them. A run whose fit fails records why instead of scores: the other runs
    /// and the rest of the snapshot are still worth shipping.
    func validate(_ base: String, panel: DyadYearPanel, progress: ((String) -> Void)?) throws -> [SnapshotValidation.Run] {
        guard let specification = ModelSpecification.named[base] else { throw ModelError("no specification named \(base)") }
        let validation = Result { try ModelValidation(specification: specification, panel: panel) }
        return try Self.validationRuns.filter { $0.base == base }.map { run in
            progress?("validating \(base) \(run.origins.arguments)")
            var record = SnapshotValidation.Run(specification: base, outcome: specification.outcome.rawValue,
                                                command: "entente model validate --base \(base) \(run.origins.arguments)", splits: [])
            do {
                record.splits = try run.origins.splits(validation.get()).map(SnapshotValidation.Split.init)
            } catch let error as ModelError {
                record.failure = error.description
            }
            return record
        }
    }

    /// The first and last year of the ICEWS data the dyad files' events come from.
    private func icewsYears() throws -> [Int] {
        try database.yearSpan(YearColumn(table: "icews", column: "year")).map { [$0.lowerBound, $0.upperBound] } ?? []
    }

    /// Writes the watch-list dyads' files from one panel of `dyadYears`. Returns the watch list and the pressure
    /// test's years.
    private func writeDyads(to directory: URL, progress: ((String) -> Void)?) throws
        -> (watchList: [SnapshotProvenance.WatchDyad], pressureTestYears: [Int]) {
        let watchList = try Self.watchList.map { iso1, iso2 in
            guard let a = reference.crosswalk.code(iso3: iso1), let b = reference.crosswalk.code(iso3: iso2) else {
                throw ModelError("the watch-list dyad \(iso1)–\(iso2) has a code the crosswalk does not know")
            }
            return (a, b, SnapshotProvenance.WatchDyad(iso1: iso1, iso2: iso2, file: "\(iso1)-\(iso2).json"))
        }
        progress?("building the dyad panel \(Self.dyadYears.lowerBound)–\(Self.dyadYears.upperBound)")
        let panel = try PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: Self.dyadYears.lowerBound, lastYear: Self.dyadYears.upperBound))
        progress?("Western pressure")
        let pressure = try PressureIndex(database: database, reference: reference)
            .compute(from: Self.dyadYears.lowerBound, to: Self.dyadYears.upperBound, panel: panel)
        var testYears: [Int] = []
        for (a, b, entry) in watchList {
            progress?("dyad \(entry.iso1)–\(entry.iso2)")
            let dyad = try self.dyad(a, b, panel: panel, pressure: pressure)
            testYears = dyad.pressureTest.years
            try Snapshot.encoded(dyad).write(to: directory.appendingPathComponent(Snapshot.dyadsFolder)
                .appendingPathComponent(entry.file), options: .atomic)
        }
        return (watchList.map(\.2), testYears)
    }

    /// Removes the files a build writes, so that a model or dyad left out this time does not linger.
    private func clear(_ directory: URL) throws {
        let manager = FileManager.default
        for file in [Snapshot.defaultModelFile, Snapshot.consulModelFile, Snapshot.latestFile, Snapshot.validationFile,
                     Snapshot.ensembleFile, Snapshot.backtestFile, Snapshot.bilateralEnsembleFile, Snapshot.bilateralBacktestFile,
                     Snapshot.provenanceFile] {
            let url = directory.appendingPathComponent(file)
            if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        }
        let dyads = directory.appendingPathComponent(Snapshot.dyadsFolder)
        for file in (try? manager.contentsOfDirectory(atPath: dyads.path)) ?? [] where file.hasSuffix(".json") {
            try manager.removeItem(at: dyads.appendingPathComponent(file))
        }
    }

    /// latest.csv's rows: the panel's last two years and, for a column with no value in either (IGO data end in
    /// 2014), the last year that has values within `PredictorSource.carryYears` of the last, so that a forecast can
    /// hold such a column at its last observed value. The columns are those the specifications' terms and the terms
    /// the ensembles' members read need (a derived term's inputs), and `latestExtras`.
    static func latestRows(_ panel: DyadYearPanel, specifications: [ModelSpecification], ensembles: [EnsembleForecaster]) throws -> DyadYearPanel {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        let ensembleTerms = ensembles.map { ensemble in
            ensemble.usedTerms.filter { $0.kind == .lagged }.map { ModelTerm($0.base, logOnePlus: $0.logOnePlus) }
        }
        for terms in specifications.map(\.terms) + ensembleTerms {
            for term in terms {
                if let derived = ModelTerm.derived.first(where: { $0.name == term.base }) {
                    derived.inputs.map(\.rawValue).forEach(add)
                } else {
                    add(term.base)
                }
            }
        }
        latestExtras.forEach(add)
        let last = Int(panel.year.max() ?? 0)
        var years: Set<Int> = [last - 1, last]
        for name in names {
            guard let column = panel.column(name) else { throw ModelError("the panel lacks \(name), which the snapshot needs") }
            let observed = (0..<panel.count).filter { !column.values[$0].isNaN }.map { Int(panel.year[$0]) }
            if let lastObserved = observed.max(), lastObserved < last - 1, lastObserved >= last - PredictorSource.carryYears {
                years.insert(lastObserved)
            }
        }
        return panel.filtered { _, _, year in years.contains(year) }.selecting(names)
    }

    /// One watch-list dyad: its panel rows, alignment, pressure, pressure test and ICEWS events.
    func dyad(_ a: CountryCode, _ b: CountryCode, panel: DyadYearPanel,
              pressure: [CountryCode: [Int: PressureIndex.StateYear]]) throws -> SnapshotDyad {
        let (low, high) = (min(a, b), max(a, b))
        let rows = panel.filtered { x, z, _ in x == low.rawValue && z == high.rawValue }
        let panelRows = SnapshotDyad.PanelRow.rows(rows)
        let alignment = try AlignmentIndex(database: database, reference: reference)
            .series(a, b, from: Self.alignmentYears.lowerBound, to: Self.alignmentYears.upperBound, panel: panel)
        let pressureYears = Self.dyadYears.map { year in
            let (x, z) = (pressure[low]?[year], pressure[high]?[year])
            let shared: Double? = if let p = x?.index, let q = z?.index { min(p, q) } else { nil }
            return SnapshotDyad.PressureYear(year: year, pressure1: x, pressure2: z, shared: shared)
        }
        let test = try PressureTest(database: database, reference: reference).run(a, b)
        let pairs = test.pairs.map { pair in
            let best = pair.forward.best
            return SnapshotDyad.PressureTestSummary.Pair(
                cause: pair.cause.name, response: pair.response.name, lag: best?.lag, f: best?.fStatistic, p: best?.pValue,
                holmP: pair.adjustedPValue, reverseP: pair.reverse.best?.pValue, verdict: pair.verdict)
        }
        // Both directions summed, every year ICEWS has: `entente events dyad A B --by year --origin icews --undirected`.
        let events = try EventSeries(database: database).sums(from: low, to: high, by: .year, origin: .icews, undirected: true)
        func country(_ code: CountryCode) -> Country? { reference.crosswalk.countries[code] }
        return SnapshotDyad(
            ccode1: low.rawValue, ccode2: high.rawValue, iso1: country(low)?.iso3 ?? "", iso2: country(high)?.iso3 ?? "",
            name1: country(low)?.name ?? low.description, name2: country(high)?.name ?? high.description,
            panel: panelRows, alignment: alignment, pressure: pressureYears,
            pressureTest: SnapshotDyad.PressureTestSummary(
                years: [test.periods.first ?? 0, test.periods.last ?? 0],
                lags: test.options.lags, difference: test.options.difference, summary: test.summary, note: test.note,
                pairs: pairs),
            events: events.map(SnapshotDyad.EventYear.init),
            referenceClass: try ReferenceClass(panel: panel, low.rawValue, high.rawValue, year: Self.dyadYears.upperBound) { code in
                reference.crosswalk.countries[CountryCode(rawValue: code)]?.name ?? String(code)
            })
    }
}

extension SnapshotDyad.EventYear {
    /// A year of an event series.
    init(_ sums: EventPeriodSums) {
        let q = sums.quadClasses
        self.init(year: sums.period, events: sums.events, q1: q[0], q2: q[1], q3: q[2], q4: q[3], goldsteinMean: sums.goldsteinMean)
    }
}
