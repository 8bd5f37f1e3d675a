import EntenteCore
import EntenteFormats
import Foundation

/// The derived data Entente ships, so that a fresh clone with nothing imported can forecast and brief on any dyad:
/// the fitted models, the latest dyad-years of every pair, the history of the watch-list dyads and where it all
/// came from. Never the raw datasets. `SnapshotBuilder` writes it (`entente snapshot build`); `load(from:)` and
/// `bundled()` read it.
///
/// A snapshot folder holds `ensemble.json` (the forecasting ensemble) and `backtest.json` (its backtest),
/// `ensemble-bilateral.json` and `backtest-bilateral.json` (the same members on bilateral treaties, and their backtest),
/// `model-default.json` and `model-consul.json` (single-specification models, as `AllianceModel.write`),
/// `latest.csv` (the panel's latest dyad-years, the columns the models need), `dyads/ISO1-ISO2.json` (one
/// `SnapshotDyad` per watch-list dyad), `validation.json` (`SnapshotValidation`, the out-of-sample scores) and
/// `provenance.json` (`SnapshotProvenance`).
public struct Snapshot: Sendable {
    /// The snapshot format, recorded in provenance.json.
    public static let format = "entente-snapshot/1"
    /// The file names inside a snapshot folder.
    public static let defaultModelFile = "model-default.json"
    public static let consulModelFile = "model-consul.json"
    public static let latestFile = "latest.csv"
    public static let provenanceFile = "provenance.json"
    /// The out-of-sample validation (`SnapshotValidation`); absent from snapshots written before it shipped.
    public static let validationFile = "validation.json"
    /// The ensemble trained through the data's last year (`EnsembleForecaster`), which the briefing forecasts with.
    public static let ensembleFile = "ensemble.json"
    /// The ensemble's backtest (`BacktestSummary`).
    public static let backtestFile = "backtest.json"
    /// The same members trained on bilateral defence treaties only (`EnsembleForecaster`).
    public static let bilateralEnsembleFile = "ensemble-bilateral.json"
    /// Their backtest (`BacktestSummary`), run as the headline's is.
    public static let bilateralBacktestFile = "backtest-bilateral.json"
    public static let dyadsFolder = "dyads"

    /// The default model (`ModelSpecification.default`, defence-pact onset).
    public var model: AllianceModel
    /// The same predictors fitted on consultation-pact onset, the rung below; nil when that fit failed
    /// (`provenance.models` says why).
    public var consulModel: AllianceModel?
    /// Every non-directed dyad-year of the panel's last two years, with the columns the models need, the ATOP
    /// provisions and contiguity, so that a forecast for any dyad can be made offline; and of the last year with
    /// values of a predictor that the last two years lack (`provenance.years.latest`), to hold it at that value.
    public var latest: DyadYearPanel
    /// The watch-list dyads, in the watch list's order.
    public var dyads: [SnapshotDyad]
    /// The out-of-sample validation of the models; nil for a snapshot written before validation.json existed.
    public var validation: SnapshotValidation?
    /// The forecasting ensemble: the briefing's headline model.
    public var ensemble: EnsembleForecaster
    /// The ensemble's backtest over past origins; nil when the build left it out.
    public var backtest: BacktestSummary?
    /// The members trained on bilateral defence treaties only: the forecast of a treaty of the two alone; nil in a
    /// snapshot written before it shipped.
    public var bilateralEnsemble: EnsembleForecaster?
    /// Their backtest; nil in a snapshot written before it shipped.
    public var bilateralBacktest: BacktestSummary?
    public var provenance: SnapshotProvenance

    /// The watch-list dyad of `a` and `b` (COW codes, either order), or nil when it is not on the watch list.
    public func dyad(_ a: Int, _ b: Int) -> SnapshotDyad? {
        dyads.first { $0.ccode1 == min(a, b) && $0.ccode2 == max(a, b) }
    }

    /// Reads a snapshot folder. A missing or malformed file is an error naming it (and the line, in latest.csv).
    public static func load(from directory: URL) throws -> Snapshot {
        let provenanceURL = directory.appendingPathComponent(provenanceFile)
        let provenance = try decode(SnapshotProvenance.self, provenanceURL, what: "a snapshot provenance file")
        guard provenance.format == format else {
            throw SnapshotError(path: provenanceURL.path, reason: "unknown snapshot format \(provenance.format); this Entente reads \(format)")
        }
        let model = try AllianceModel.load(directory.appendingPathComponent(defaultModelFile))
        let consulURL = directory.appendingPathComponent(consulModelFile)
        let consulModel = FileManager.default.fileExists(atPath: consulURL.path) ? try AllianceModel.load(consulURL) : nil
        let latestURL = directory.appendingPathComponent(latestFile)
        let latest = try readLatest(latestURL)
        // A stale or hand-edited latest.csv must fail here, not in the middle of a briefing.
        let ensemble = try decode(EnsembleForecaster.self, directory.appendingPathComponent(ensembleFile), what: "an ensemble file")
        let bilateralURL = directory.appendingPathComponent(bilateralEnsembleFile)
        let bilateralEnsemble = FileManager.default.fileExists(atPath: bilateralURL.path)
            ? try decode(EnsembleForecaster.self, bilateralURL, what: "an ensemble file") : nil
        func lagged(_ forecaster: EnsembleForecaster) -> [ModelTerm] {
            forecaster.terms.filter { $0.kind == .lagged }.map { ModelTerm($0.base, logOnePlus: $0.logOnePlus) }
        }
        for (name, terms) in [(model.specification.outcome.rawValue + " model", model.specification.terms), ("ensemble", lagged(ensemble))]
            + (consulModel.map { [($0.specification.outcome.rawValue + " model", $0.specification.terms)] } ?? [])
            + (bilateralEnsemble.map { [("bilateral ensemble", lagged($0))] } ?? []) {
            for term in terms {
                do { _ = try ModelDesign.values(of: term, in: latest) } catch {
                    throw SnapshotError(path: latestURL.path, reason: "the \(name) needs \(term): \(error)")
                }
            }
        }
        let dyads = try provenance.watchList.map { entry in
            try decode(SnapshotDyad.self, directory.appendingPathComponent(dyadsFolder).appendingPathComponent(entry.file),
                       what: "a snapshot dyad file")
        }
        let validationURL = directory.appendingPathComponent(validationFile)
        let validation = FileManager.default.fileExists(atPath: validationURL.path)
            ? try decode(SnapshotValidation.self, validationURL, what: "a snapshot validation file") : nil
        func backtest(_ file: String) throws -> BacktestSummary? {
            let url = directory.appendingPathComponent(file)
            return FileManager.default.fileExists(atPath: url.path) ? try decode(BacktestSummary.self, url, what: "a backtest summary") : nil
        }
        return Snapshot(model: model, consulModel: consulModel, latest: latest, dyads: dyads, validation: validation,
                        ensemble: ensemble, backtest: try backtest(backtestFile), bilateralEnsemble: bilateralEnsemble,
                        bilateralBacktest: try backtest(bilateralBacktestFile), provenance: provenance)
    }

    /// Every file under a snapshot folder with its size in bytes, by path relative to the folder, in order.
    public static func files(in directory: URL) throws -> [(path: String, bytes: Int)] {
        let root = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw SnapshotError(path: root, reason: "not a readable folder")
        }
        var files: [(path: String, bytes: Int)] = []
        while let relative = enumerator.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + relative)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files.append((relative, (attributes[.size] as? NSNumber)?.intValue ?? 0))
        }
        return files.sorted { $0.path < $1.path }
    }

    // MARK: - Encoding

    /// Pretty JSON with sorted keys, as model files are written, so that a rebuild from the same data gives the
    /// same bytes.
    static func encoded<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ url: URL, what: String) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SnapshotError(path: url.path, reason: "cannot read it: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw SnapshotError(path: url.path, reason: "not \(what): \(error)")
        }
    }

    /// A panel value as latest.csv holds it: empty for missing, whole numbers of integer columns as integers,
    /// anything else as Swift's shortest round-trip `description`.
    static func csvText(_ value: Double, _ kind: PanelValueKind) -> String {
        if value.isNaN { return "" }
        if kind == .integer, let whole = Int64(exactly: value) { return String(whole) }
        return value.description
    }

    /// latest.csv as `SnapshotBuilder` writes it: `ccode1,ccode2,year`, then one column per panel column. A column
    /// whose every value is a whole number is read back as an integer column.
    static func latestCSV(_ panel: DyadYearPanel) -> String {
        var text = (["ccode1", "ccode2", "year"] + panel.columns.map(\.name)).joined(separator: ",") + "\n"
        for row in 0..<panel.count {
            text += "\(panel.ccode1[row]),\(panel.ccode2[row]),\(panel.year[row])"
            for column in panel.columns { text += "," + csvText(column.values[row], column.kind) }
            text += "\n"
        }
        return text
    }

    private static func readLatest(_ url: URL) throws -> DyadYearPanel {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw SnapshotError(path: path, reason: "the file is missing") }
        let reader = DelimitedReader(path: path, input: try openInput(path: path).input)
        guard try reader.nextRecord() else { throw FormatError(path: path, line: 1, reason: "the file is empty") }
        let header = try reader.strings()
        guard header.count > 3, Array(header.prefix(3)) == ["ccode1", "ccode2", "year"] else {
            throw FormatError(path: path, line: 1, reason: "the header must start ccode1,ccode2,year and name at least one column")
        }
        var panel = DyadYearPanel(directed: false)
        var values = [[Double]](repeating: [], count: header.count - 3)
        var whole = [Bool](repeating: true, count: header.count - 3)
        while try reader.nextRecord() {
            guard reader.fieldCount == header.count else {
                throw FormatError(path: path, line: reader.line, reason: "\(reader.fieldCount) fields, the header has \(header.count)")
            }
            var keys: [Int32] = []
            for index in 0..<3 {
                let text = try reader.string(index)
                guard let key = Int32(text) else {
                    throw FormatError(path: path, line: reader.line, column: header[index], value: text, reason: "not a whole number")
                }
                keys.append(key)
            }
            guard keys[0] < keys[1] else {
                throw FormatError(path: path, line: reader.line, reason: "ccode1 must be below ccode2 in a non-directed panel")
            }
            panel.ccode1.append(keys[0])
            panel.ccode2.append(keys[1])
            panel.year.append(keys[2])
            for index in 3..<header.count {
                let text = try reader.string(index)
                if text.isEmpty {
                    values[index - 3].append(.nan)
                } else if let integer = Int64(text) {
                    values[index - 3].append(Double(integer))
                } else if let real = Double(text) {
                    values[index - 3].append(real)
                    whole[index - 3] = false
                } else {
                    throw FormatError(path: path, line: reader.line, column: header[index], value: text, reason: "not a number")
                }
            }
        }
        panel.columns = header.dropFirst(3).enumerated().map { index, name in
            PanelColumn(name: name, kind: whole[index] ? .integer : .real, values: values[index])
        }
        return panel
    }
}

/// A snapshot file that is missing or cannot be read.
public struct SnapshotError: Error, CustomStringConvertible {
    /// The file.
    public var path: String
    public var reason: String

    /// An error about the file at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Where a snapshot came from and how to rebuild it. Deliberately without timestamps or absolute paths: the same
/// data gives the same bytes.
public struct SnapshotProvenance: Sendable, Codable, Equatable {
    public var format: String
    public var ententeVersion: String
    /// The command that rebuilds the snapshot, run from the repository root.
    public var command: String
    public var years: Years
    /// Every dataset of the database the snapshot was built from.
    public var datasets: [Dataset]
    /// The models: written, or left out and why.
    public var models: [Model]
    /// The dyads with a file under `dyads/`.
    public var watchList: [WatchDyad]

    /// The year spans the snapshot covers, each `[first, last]`.
    public struct Years: Sendable, Codable, Equatable {
        /// The panel the models were fitted on and latest.csv was taken from (the models' years and the year
        /// before, for the lag).
        public var modelPanel: [Int]
        /// The years of latest.csv's rows: the panel's last two and, before them, the last year with values of a
        /// predictor that has none in those two (IGO data end in 2014).
        public var latest: [Int]
        /// The panel rows and pressure of the dyad files.
        public var dyadPanel: [Int]
        /// The alignment index of the dyad files.
        public var alignment: [Int]
        /// The pressure test of the dyad files.
        public var pressureTest: [Int]
        /// The years of the ICEWS data the dyad files' events come from; nil in a snapshot written before events
        /// shipped.
        public var events: [Int]?
    }

    /// One dataset file: the ledger's name and SHA-256, with the catalogue's title and source where it has them.
    public struct Dataset: Sendable, Codable, Equatable {
        public var dataset: String
        public var file: String
        /// Where `import all` finds the file under the shared data folder, when the catalogue knows it.
        public var path: String?
        public var sha256: String
        public var title: String?
        public var source: String?
    }

    /// One model of the snapshot.
    public struct Model: Sendable, Codable, Equatable {
        /// The model file, or nil when the fit failed.
        public var file: String?
        public var outcome: String
        public var years: [Int]
        public var observations: Int?
        public var events: Int?
        /// Why the model was left out.
        public var omitted: String?
    }

    /// A watch-list dyad and its file.
    public struct WatchDyad: Sendable, Codable, Equatable {
        public var iso1: String
        public var iso2: String
        /// The file under `dyads/`, named in the watch list's order (`CHN-RUS.json`).
        public var file: String
    }
}

/// One watch-list dyad's history. Sides 1 and 2 are the lower and the higher COW code, as in the panel (for China–
/// Russia, 1 is Russia): `panel` columns ending in 1 or 2, `pressure` and `iso1`/`iso2` all follow that order.
public struct SnapshotDyad: Sendable, Codable, Equatable {
    public var ccode1: Int
    public var ccode2: Int
    public var iso1: String
    public var iso2: String
    public var name1: String
    public var name2: String
    /// Every panel column of each year (null where missing). `defense_years` counts from the dyad's first year in
    /// this panel (`years.dyadPanel`) when the pair never had a defence pact, so it can differ from latest.csv's.
    public var panel: [PanelRow]
    /// The alignment index by year, with its components, band and raw values.
    public var alignment: [AlignmentIndex.Year]
    /// Western pressure on each side by year, and the shared pressure (the smaller index).
    public var pressure: [PressureYear]
    /// The yearly pressure test, as `entente pressure-test` runs it by default.
    public var pressureTest: PressureTestSummary
    /// ICEWS events between the two by year, both directions summed, for each year with any (the data cover
    /// `years.events` of the provenance, and list no pair-year without events; they leave out some states, such as
    /// Turkey, altogether). Empty in a file written before events shipped.
    public var events: [EventYear]
    /// The historical pairs most like this one in the panel's last year, and which formed defence pacts; nil in a
    /// file written before it shipped.
    public var referenceClass: ReferenceClass?

    /// One dyad-year of the panel.
    public struct PanelRow: Sendable, Codable, Equatable {
        public var year: Int
        public var values: [String: Double?]

        /// A one-dyad panel's rows, every column by name (nil where missing).
        static func rows(_ panel: DyadYearPanel) -> [PanelRow] {
            (0..<panel.count).map { row in
                PanelRow(year: Int(panel.year[row]), values: Dictionary(uniqueKeysWithValues: panel.columns.map { column in
                    (column.name, column.values[row].isNaN ? nil : column.values[row])
                }))
            }
        }
    }

    /// One year of Western pressure.
    public struct PressureYear: Sendable, Codable, Equatable {
        public var year: Int
        public var pressure1: PressureIndex.StateYear?
        public var pressure2: PressureIndex.StateYear?
        public var shared: Double?
    }

    /// What the yearly pressure test found.
    public struct PressureTestSummary: Sendable, Codable, Equatable {
        public var years: [Int]
        public var lags: Int
        public var difference: Bool
        /// The findings in a few sentences.
        public var summary: String
        /// Why no test ran, when none did.
        public var note: String?
        public var pairs: [Pair]

        /// One cause against one response, at the forward direction's best lag.
        public struct Pair: Sendable, Codable, Equatable {
            public var cause: String
            public var response: String
            public var lag: Int?
            public var f: Double?
            public var p: Double?
            /// The Holm-adjusted p over every forward test.
            public var holmP: Double?
            /// The reverse direction's smallest p.
            public var reverseP: Double?
            public var verdict: String
        }
    }

    /// One year of events between the pair, by CAMEO quad class, as `entente events dyad A B --by year --origin
    /// icews --undirected` counts them.
    public struct EventYear: Sendable, Codable, Equatable {
        /// The calendar year.
        public var year: Int
        /// All events: the four quad classes together.
        public var events: Int
        /// Verbal cooperation.
        public var q1: Int
        /// Material cooperation.
        public var q2: Int
        /// Verbal conflict.
        public var q3: Int
        /// Material conflict.
        public var q4: Int
        /// The mean Goldstein score of the events, when the source has one (ICEWS's yearly counts do not).
        public var goldsteinMean: Double?
    }

    /// The panel value of `column` in `year`, or nil when missing or not in the file.
    public func value(_ column: String, in year: Int) -> Double? {
        panel.first { $0.year == year }?.values[column] ?? nil
    }
}

extension SnapshotDyad {
    /// Reads a dyad file. `events` and `referenceClass` are optional so that a file written before it shipped still loads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ccode1 = try container.decode(Int.self, forKey: .ccode1)
        ccode2 = try container.decode(Int.self, forKey: .ccode2)
        iso1 = try container.decode(String.self, forKey: .iso1)
        iso2 = try container.decode(String.self, forKey: .iso2)
        name1 = try container.decode(String.self, forKey: .name1)
        name2 = try container.decode(String.self, forKey: .name2)
        panel = try container.decode([PanelRow].self, forKey: .panel)
        alignment = try container.decode([AlignmentIndex.Year].self, forKey: .alignment)
        pressure = try container.decode([PressureYear].self, forKey: .pressure)
        pressureTest = try container.decode(PressureTestSummary.self, forKey: .pressureTest)
        events = try container.decodeIfPresent([EventYear].self, forKey: .events) ?? []
        referenceClass = try container.decodeIfPresent(ReferenceClass.self, forKey: .referenceClass)
    }
}

/// Out-of-sample validation of the snapshot's models, as `entente model validate` reports it, so that the
/// validation can be shown without imported data. Each run is one invocation of that command (`command`), and
/// its numbers are that command's on the data of `provenance.json`.
public struct SnapshotValidation: Sendable, Codable, Equatable {
    /// The runs, in the order `SnapshotBuilder.validationRuns` lists them.
    public var runs: [Run]

    /// One `entente model validate` invocation: a single origin, or rolling origins.
    public struct Run: Sendable, Codable, Equatable {
        /// The named specification (`ModelSpecification.named`): `default` or `historical`.
        public var specification: String
        /// The outcome, as `AllianceOutcome`'s raw value (`defense-onset`).
        public var outcome: String
        /// The command that prints these numbers, run from the repository root against the imported data.
        public var command: String
        /// One entry per origin, earliest first; empty when the run failed.
        public var splits: [Split]
        /// Why the run gave no scores (a fit that did not converge, a separated predictor), when it failed.
        public var failure: String?
    }

    /// One origin: fitted on `trainYears`, scored on `testYears`.
    public struct Split: Sendable, Codable, Equatable {
        /// The years fitted on, `[first, last]`.
        public var trainYears: [Int]
        /// The years forecast and scored, `[first, last]`.
        public var testYears: [Int]
        /// The rows the model was fitted on: for an onset, the training dyad-years at risk.
        public var trainRows: Int
        /// The events among `trainRows`.
        public var trainEvents: Int
        /// Each population with each forecaster, in `ModelValidation`'s order (all dyad-years first, the model
        /// first).
        public var evaluations: [Evaluation]

        /// The split as the snapshot records it.
        public init(_ split: ModelValidation.Split) {
            trainYears = [split.trainYears.lowerBound, split.trainYears.upperBound]
            testYears = [split.testYears.lowerBound, split.testYears.upperBound]
            trainRows = split.trainRows
            trainEvents = split.trainEvents
            evaluations = split.evaluations.map(Evaluation.init)
        }

        /// The scores of `forecaster` on `population`.
        public func scores(_ population: ModelValidation.Population, _ forecaster: ModelValidation.Forecaster) -> Evaluation? {
            evaluations.first { $0.population == population && $0.forecaster == forecaster }
        }
    }

    /// One forecaster's scores on one population of test dyad-years (`ForecastScores`).
    public struct Evaluation: Sendable, Codable, Equatable {
        /// Which test dyad-years were scored (`"all dyad-years"` or `"new ties only"` in the file).
        public var population: ModelValidation.Population
        /// Who forecast them (`"model"`, `"base rate"` or `"persistence"` in the file).
        public var forecaster: ModelValidation.Forecaster
        /// The test dyad-years scored.
        public var count: Int
        /// The test dyad-years with the event.
        public var events: Int
        /// The area under the ROC curve; nil unless both outcomes occur.
        public var rocAUC: Double?
        /// PR-AUC as average precision; nil when no event occurs.
        public var averagePrecision: Double?
        /// The mean squared error of the probabilities; nil for no test rows.
        public var brierScore: Double?
        /// Mean negative log-likelihood, predictions clipped as `ForecastScores.logScoreClip` says.
        public var logScore: Double?
        /// The calibration table (ten equal-count bins, fewer where predictions tie), lowest predictions first.
        public var calibration: [CalibrationBin]

        /// The scores as the core computes them, for charts and reports.
        public var forecastScores: ForecastScores {
            ForecastScores(count: count, events: events, rocAUC: rocAUC, averagePrecision: averagePrecision, brierScore: brierScore,
                           logScore: logScore, calibration: calibration.map {
                               EntenteCore.CalibrationBin(lower: $0.lower, upper: $0.upper, count: $0.count, events: $0.events,
                                                          meanPredicted: $0.meanPredicted, interval: $0.intervalLow...$0.intervalHigh)
                           })
        }

        /// The evaluation as the snapshot records it.
        public init(_ evaluation: ModelValidation.Evaluation) {
            let scores = evaluation.scores
            population = evaluation.population
            forecaster = evaluation.forecaster
            (count, events) = (scores.count, scores.events)
            (rocAUC, averagePrecision, brierScore, logScore) = (scores.rocAUC, scores.averagePrecision, scores.brierScore, scores.logScore)
            calibration = scores.calibration.map(CalibrationBin.init)
        }
    }

    /// One bin of a calibration table (`EntenteCore.CalibrationBin`), its interval as two numbers.
    public struct CalibrationBin: Sendable, Codable, Equatable {
        /// The bin's lower edge: it holds predictions in (lower, upper], the first bin also its lower edge.
        public var lower: Double
        /// The bin's upper edge.
        public var upper: Double
        /// Forecasts in the bin.
        public var count: Int
        /// Forecasts in the bin whose event happened.
        public var events: Int
        /// The mean predicted probability in the bin.
        public var meanPredicted: Double
        /// The lower end of the Wilson 95% interval of the observed rate, `events / count`.
        public var intervalLow: Double
        /// The upper end of that interval.
        public var intervalHigh: Double

        /// The bin as the snapshot records it.
        public init(_ bin: EntenteCore.CalibrationBin) {
            (lower, upper, count, events, meanPredicted) = (bin.lower, bin.upper, bin.count, bin.events, bin.meanPredicted)
            (intervalLow, intervalHigh) = (bin.interval.lowerBound, bin.interval.upperBound)
        }
    }
}
