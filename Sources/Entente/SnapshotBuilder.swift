import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// Writes a `Snapshot` from an imported database: the same database gives the same bytes.
public struct SnapshotBuilder: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// A builder reading `database`.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

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

    /// The years of the dyad files' panel rows and pressure, and of their alignment index.
    static let dyadYears = 1946...2018
    static let alignmentYears = 1990...2018

    /// ATOP provisions and contiguity, which latest.csv carries besides the models' predictors.
    static let latestExtras = ["atop_defense", "atop_consul", "atop_nonagg", "atop_offense", "atop_neutral", "conttype"]

    /// Writes the snapshot into `directory` (created if needed), replacing the snapshot files already there and
    /// nothing else. `progress` hears each stage as it starts.
    @discardableResult
    public func build(to directory: URL, progress: ((String) -> Void)? = nil) throws -> SnapshotProvenance {
        try clear(directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(Snapshot.dyadsFolder),
                                                withIntermediateDirectories: true)
        // One panel at a time: each is a million rows.
        let (models, modelYears, latestYears) = try writeModels(to: directory, progress: progress)
        let (watchList, dyadYears) = try writeDyads(to: directory, progress: progress)
        let provenance = SnapshotProvenance(
            format: Snapshot.format, ententeVersion: EntenteVersion.current, command: Self.command,
            years: .init(modelPanel: modelYears, latest: latestYears, dyadPanel: [Self.dyadYears.lowerBound, Self.dyadYears.upperBound],
                         alignment: [Self.alignmentYears.lowerBound, Self.alignmentYears.upperBound], pressureTest: dyadYears),
            datasets: try AllianceModelService(database: database, reference: reference).checksums().map { checksum in
                let definition = DatasetCatalogue.dataset(checksum.dataset)
                return SnapshotProvenance.Dataset(
                    dataset: checksum.dataset, file: checksum.file,
                    path: definition?.knownPaths.first { ($0 as NSString).lastPathComponent == checksum.file },
                    sha256: checksum.sha256, title: definition?.title, source: definition?.source)
            },
            models: models, watchList: watchList)
        try Snapshot.encoded(provenance).write(to: directory.appendingPathComponent(Snapshot.provenanceFile), options: .atomic)
        return provenance
    }

    /// Fits and writes the models and writes latest.csv, all from the default model's panel, so that the latest
    /// rows carry exactly the values the models were fitted on (years since a defence pact count from the panel's
    /// first year). Returns the models and the panel's and latest.csv's years.
    private func writeModels(to directory: URL, progress: ((String) -> Void)?) throws
        -> (models: [SnapshotProvenance.Model], panelYears: [Int], latestYears: [Int]) {
        let service = AllianceModelService(database: database, reference: reference)
        progress?("building the model panel")
        let specifications = [ModelSpecification.default, Self.consulSpecification]
        let panel = try service.panel(for: .default)
        var models: [SnapshotProvenance.Model] = []
        for (specification, file) in zip(specifications, [Snapshot.defaultModelFile, Snapshot.consulModelFile]) {
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
        progress?("writing \(Snapshot.latestFile)")
        let latest = try Self.latestRows(panel, specifications: specifications)
        try Data(Snapshot.latestCSV(latest).utf8).write(to: directory.appendingPathComponent(Snapshot.latestFile), options: .atomic)
        return (models, [Int(panel.year.min() ?? 0), Int(panel.year.max() ?? 0)], Set(latest.year.map(Int.init)).sorted())
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
        for file in [Snapshot.defaultModelFile, Snapshot.consulModelFile, Snapshot.latestFile, Snapshot.provenanceFile] {
            let url = directory.appendingPathComponent(file)
            if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        }
        let dyads = directory.appendingPathComponent(Snapshot.dyadsFolder)
        for file in (try? manager.contentsOfDirectory(atPath: dyads.path)) ?? [] where file.hasSuffix(".json") {
            try manager.removeItem(at: dyads.appendingPathComponent(file))
        }
    }

    /// latest.csv's rows: the panel's last two years and, for a column with no value in either (IGO data end in
    /// 2014), the last year that has values, so that a forecast can hold such a column at its last observed value.
    /// The columns are those the specifications' terms need (a derived term's inputs) and `latestExtras`.
    static func latestRows(_ panel: DyadYearPanel, specifications: [ModelSpecification]) throws -> DyadYearPanel {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        for specification in specifications {
            for term in specification.terms {
                if let derived = ModelTerm.derived.first(where: { $0.name == term.base }) {
                    derived.inputs.forEach(add)
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
            if let lastObserved = observed.max(), lastObserved < last - 1 { years.insert(lastObserved) }
        }
        return panel.filtered { _, _, year in years.contains(year) }.selecting(names)
    }

    /// One watch-list dyad: its panel rows, alignment, pressure and pressure test.
    func dyad(_ a: CountryCode, _ b: CountryCode, panel: DyadYearPanel,
              pressure: [CountryCode: [Int: PressureIndex.StateYear]]) throws -> SnapshotDyad {
        let (low, high) = (min(a, b), max(a, b))
        let rows = panel.filtered { x, z, _ in x == low.rawValue && z == high.rawValue }
        let panelRows = (0..<rows.count).map { row in
            SnapshotDyad.PanelRow(year: Int(rows.year[row]), values: Dictionary(uniqueKeysWithValues: rows.columns.map { column in
                (column.name, column.values[row].isNaN ? nil : column.values[row])
            }))
        }
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
        func country(_ code: CountryCode) -> Country? { reference.crosswalk.countries[code] }
        return SnapshotDyad(
            ccode1: low.rawValue, ccode2: high.rawValue, iso1: country(low)?.iso3 ?? "", iso2: country(high)?.iso3 ?? "",
            name1: country(low)?.name ?? low.description, name2: country(high)?.name ?? high.description,
            panel: panelRows, alignment: alignment, pressure: pressureYears,
            pressureTest: SnapshotDyad.PressureTestSummary(
                years: [test.periods.first ?? 0, test.periods.last ?? 0],
                lags: test.options.lags, difference: test.options.difference, summary: test.summary, note: test.note,
                pairs: pairs))
    }
}
