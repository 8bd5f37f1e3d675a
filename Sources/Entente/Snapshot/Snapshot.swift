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
            forecaster.usedTerms.filter { $0.kind == .lagged }.map { ModelTerm($0.base, logOnePlus: $0.logOnePlus) }
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
