import EntenteCore
import EntenteStore
import Foundation

/// Gathers a briefing's inputs from an imported database: the panel built once, the ensemble trained on it (or
/// as of a year, for back-tests), the alignment and pressure series and the pressure test.
public struct BriefingService: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// A service reading `database`.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// The datasets the panel reads that the database lacks: none when a briefing can be computed from it. An
    /// error reading the database is thrown, never taken for "not imported".
    public func missingDatasets() throws -> [String] {
        try PanelBuilder.requiredTables.filter { try !database.hasTable($0) }.map { $0.replacingOccurrences(of: "_", with: "-") }
    }

    /// The members on bilateral treaties only, whose forecast the briefing sets beside the headline.
    static let bilateralMembers = EnsembleMember.ensemble(predicting: .bilateralDefenseOnset)

    /// The inputs for `a`–`b`. `asOf` trains the ensemble on the years up to it and starts the forecast there;
    /// `model` forecasts with a saved model instead; `grid` is what the ensemble's inner validation chooses from,
    /// and `screening` whether it screens the members' terms (`EnsembleTrainer`).
    /// `shipped` is a snapshot whose ensemble and default model may stand in for training when it was built from
    /// exactly the files this database holds (`trainedFromTheseFiles`) and the briefing is not as of a past year.
    /// `cache` keeps trained models and the dyad's panel-derived inputs between runs, so that a second briefing
    /// from the same data builds no panel and trains nothing.
    public func inputs(_ a: CountryCode, _ b: CountryCode, asOf: Int? = nil, caseFile: CaseFile?, model: AllianceModel? = nil,
                       grid: [MemberConfiguration] = MemberConfiguration.grid, screening: Bool = true, shipped: Snapshot? = nil,
                       cache: BriefingCache? = nil,
                       progress: @escaping (String) -> Void = { _ in }) throws -> BriefingInputs {
        let (first, second) = a.rawValue < b.rawValue ? (a, b) : (b, a)
        var specification = ModelSpecification.default
        if let asOf {
            guard asOf > specification.firstYear + 10, asOf <= specification.lastYear else {
                throw ModelError("--as-of must fall within \(specification.firstYear + 11)-\(specification.lastYear), the years the data cover")
            }
            specification.lastYear = asOf
        }
        let service = AllianceModelService(database: database, reference: reference)
        let checksums = try service.checksums()
        var built: DyadYearPanel?
        func panel() throws -> DyadYearPanel {
            if let built { return built }
            progress("building the panel \(AllianceModelService.panelFirstYear)-\(specification.lastYear)")
            built = try service.panel(for: EnsembleMember.ensemble + Self.bilateralMembers)
            return built!
        }
        let lastYear = asOf ?? specification.lastYear
        let dyadEntry = cache?.url("dyad", checksums: checksums, ["\(first.rawValue)-\(second.rawValue)", "\(lastYear)"])
        let dyad: CachedDyad
        if let dyadEntry, let cached = try cache?.read(CachedDyad.self, at: dyadEntry) {
            progress("the pair's panel rows, indices and reference class from the cache (\(dyadEntry.lastPathComponent))")
            dyad = cached
        } else {
            dyad = try self.dyad(first, second, through: lastYear, panel: try panel(), progress: progress)
            cache?.keep(dyad, at: dyadEntry, progress: progress)
        }
        let fitted: AllianceModel
        let source: String
        var ensemble: EnsembleForecaster?, bilateral: EnsembleForecaster?
        var backtest: BacktestSummary?, bilateralBacktest: BacktestSummary?
        if let model {
            fitted = model
            source = "a saved model file"
        } else if asOf == nil, let shipped, try trainedFromTheseFiles(shipped) {
            (fitted, ensemble, backtest, bilateral) = (shipped.model, shipped.ensemble, shipped.backtest, shipped.bilateralEnsemble)
            bilateralBacktest = shipped.bilateralBacktest
            source = "the shipped ensemble (Data/snapshot/\(Snapshot.ensembleFile)), trained on the years to \(shipped.ensemble.model.trainThrough) "
                + "from the very files this database holds"
        } else {
            // "bilateral" and "screened" keep entries written before the bilateral members, or before screening was the
            // default, from being read.
            let modelsEntry = cache?.url("models", checksums: checksums, ["\(lastYear)", "bilateral", screening ? "screened" : "own terms"]
                + grid.map(\.description))
            let models: CachedModels
            if let modelsEntry, let cached = try cache?.read(CachedModels.self, at: modelsEntry) {
                progress("the models trained on the years to \(lastYear) from the cache (\(modelsEntry.lastPathComponent))")
                models = cached
            } else {
                let trained = try service.fit(specification, panel: try panel()).0
                progress("training the ensemble on the years to \(lastYear) (inner validation, then each member)")
                let ensemble = try service.ensemble(grid: grid, screening: screening, through: lastYear, panel: try panel(), progress: progress)
                progress("training the members on bilateral treaties only")
                models = CachedModels(model: trained, ensemble: ensemble,
                                      bilateral: try service.ensemble(Self.bilateralMembers, grid: grid, screening: screening, through: lastYear,
                                                                      panel: try panel(), progress: progress))
                cache?.keep(models, at: modelsEntry, progress: progress)
            }
            (fitted, ensemble, bilateral) = (models.model, models.ensemble, models.bilateral)
            source = "the ensemble trained on the years to \(lastYear)" + (asOf == nil ? "" : " (as of \(asOf!): nothing later was seen)")
        }
        let rows = dyad.panel(first.rawValue, second.rawValue)
        var inputs = BriefingInputs(
            first: first, second: second, firstName: name(first), secondName: name(second), model: fitted, modelSource: source,
            rows: rows, alignment: dyad.alignment, pressure: dyad.pressure, pressureTest: dyad.pressureTest,
            caseFile: caseFile, asOf: asOf, dataSource: "the imported database", citations: [:])
        inputs.ensemble = ensemble
        inputs.bilateralEnsemble = bilateral
        inputs.backtest = backtest
        inputs.bilateralBacktest = bilateralBacktest
        inputs.history = Self.history(rows, through: lastYear)
        inputs.referenceClass = dyad.referenceClass
        return inputs
    }

    /// What the briefing reads from the panel for one dyad: its rows, the alignment and pressure series to
    /// `lastYear`, the pressure test and the reference class as of the dyad's last year in the data.
    private func dyad(_ first: CountryCode, _ second: CountryCode, through lastYear: Int, panel: DyadYearPanel,
                      progress: (String) -> Void) throws -> CachedDyad {
        let rows = panel.filtered { x, z, _ in x == first.rawValue && z == second.rawValue }
        progress("alignment index")
        let alignment = try AlignmentIndex(database: database, reference: reference)
            .series(first, second, from: AlignmentIndex.standardFirstYear, to: lastYear, panel: panel)
        progress("pressure index and pressure test")
        let pressure = try PressureIndex(database: database, reference: reference).compute(from: PressureIndex.standardFirstYear, to: lastYear, panel: panel)
        let test = try PressureTest(database: database, reference: reference)
            .run(first, second, options: PressureTest.Options(lastYear: lastYear))
        var referenceClass: ReferenceClass?
        if let year = rows.year.filter({ Int($0) <= lastYear }).max() {
            progress("reference class")
            referenceClass = try ReferenceClass(panel: panel, first.rawValue, second.rawValue, year: Int(year)) {
                name(CountryCode(rawValue: $0))
            }
        }
        return CachedDyad(rows: rows, alignment: alignment, pressure: Self.points(pressure, first, second, years: PressureIndex.standardFirstYear...lastYear),
                          pressureTest: [test.summary] + test.pairs.filter { $0.adjustedPValue.map { $0 < 0.05 } ?? false }.map(\.verdict),
                          referenceClass: referenceClass)
    }

    /// Whether `snapshot` was built from exactly the datasets this database holds (the same files by SHA-256), so
    /// that its models are the ones training here would give.
    public func trainedFromTheseFiles(_ snapshot: Snapshot) throws -> Bool {
        let ours = try AllianceModelService(database: database, reference: reference).checksums().map { "\($0.dataset) \($0.sha256)" }
        return ours.sorted() == snapshot.provenance.datasets.map { "\($0.dataset) \($0.sha256)" }.sorted()
    }

    /// A dyad's panel rows as values by year and column, up to `last`.
    static func history(_ rows: DyadYearPanel, through last: Int) -> [Int: [String: Double]] {
        var history: [Int: [String: Double]] = [:]
        for row in 0..<rows.count where Int(rows.year[row]) <= last {
            history[Int(rows.year[row])] = Dictionary(uniqueKeysWithValues: rows.columns.map { ($0.name, $0.values[row]) })
        }
        return history
    }

    /// The state's name.
    public func name(_ code: CountryCode) -> String { reference.crosswalk.countries[code]?.name ?? code.description }

    /// The yearly pressure on each state and the shared (smaller) value.
    static func points(_ table: [CountryCode: [Int: PressureIndex.StateYear]], _ a: CountryCode, _ b: CountryCode,
                       years: ClosedRange<Int>) -> [PressurePoint] {
        years.map { year in
            let first = table[a]?[year]?.index, second = table[b]?[year]?.index
            let shared = first.flatMap { x in second.map { min(x, $0) } }
            return PressurePoint(year: year, first: first, second: second, shared: shared)
        }
    }
}

extension BriefingInputs {
    /// The inputs from the shipped snapshot, for a machine with nothing imported: the ensemble, its backtest, the
    /// latest panel rows (any dyad), and the history of watch-list dyads (alignment, pressure, pressure test).
    public init(snapshot: Snapshot, _ a: CountryCode, _ b: CountryCode, reference: ReferenceData, caseFile: CaseFile?) throws {
        let (first, second) = a.rawValue < b.rawValue ? (a, b) : (b, a)
        let rows = snapshot.latest.filtered { x, z, _ in x == first.rawValue && z == second.rawValue }
        guard rows.count > 0 else {
            throw ModelError("the snapshot has no panel row for \(first)–\(second): both must be states in the system in \(snapshot.provenance.years.latest.map(String.init).joined(separator: "-"))")
        }
        let history = snapshot.dyad(first.rawValue, second.rawValue)
        let test = history.map { history in
            [history.pressureTest.summary] + history.pressureTest.pairs.filter { ($0.holmP ?? 1) < 0.05 }.map(\.verdict)
        } ?? ["The pressure test needs the yearly history, which the snapshot keeps for watch-list dyads only; import the data (`entente import all`) to run it for this pair."]
        func name(_ code: CountryCode) -> String { reference.crosswalk.countries[code]?.name ?? code.description }
        self.init(first: first, second: second, firstName: name(first), secondName: name(second), model: snapshot.model,
                  modelSource: "the shipped ensemble (Data/snapshot/\(Snapshot.ensembleFile)), trained on the years to \(snapshot.ensemble.model.trainThrough)", rows: rows,
                  alignment: history?.alignment ?? [],
                  pressure: history?.pressure.map { PressurePoint(year: $0.year, first: $0.pressure1?.index, second: $0.pressure2?.index, shared: $0.shared) } ?? [],
                  pressureTest: test, caseFile: caseFile, asOf: nil,
                  dataSource: "the snapshot shipped in Data/snapshot (derived data; rebuilt by `\(snapshot.provenance.command)`)",
                  citations: Dictionary(snapshot.provenance.datasets.map { ($0.dataset, [$0.title, $0.source].compactMap { $0 }.joined(separator: ". ")) },
                                        uniquingKeysWith: { first, _ in first }))
        ensemble = snapshot.ensemble
        bilateralEnsemble = snapshot.bilateralEnsemble
        backtest = snapshot.backtest
        bilateralBacktest = snapshot.bilateralBacktest
        referenceClass = history?.referenceClass
        for row in history?.panel ?? [] {
            self.history[row.year] = row.values.compactMapValues { $0 }
        }
    }
}
