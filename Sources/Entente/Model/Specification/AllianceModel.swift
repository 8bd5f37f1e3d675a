import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// A fitted alliance model as stored in a model file: what was fitted, the estimates, and the data it was
/// fitted on (dataset checksums), so that a forecast can be traced and the fit repeated.
public struct AllianceModel: Sendable, Codable, Equatable {
    /// The model-file format.
    public var format = "entente-model/1"
    public var specification: ModelSpecification
    public var fit: LogisticFit
    /// The datasets in the database the panel was built from, with the SHA-256 of each file.
    public var data: [DatasetChecksum]
    /// Rows of the years asked that were not at risk, and rows left out for a missing value, by term.
    public var excludedRows: [String: Int]
    /// Each predictor's mean over the fitted rows: the "system baseline" that driver attribution compares with.
    public var predictorMeans: [Double]
    public var ententeVersion: String

    /// The dataset file a model was fitted on.
    public struct DatasetChecksum: Sendable, Codable, Equatable {
        public var dataset: String
        public var file: String
        public var sha256: String
    }

    /// The fitted probability for one row of predictor values, in the specification's term order.
    public func probability(_ predictors: [Double]) -> Double { fit.probability(predictors) }

    /// Reads a model file.
    public static func load(_ url: URL) throws -> AllianceModel {
        let data: Data
        do { data = Data(try FileInput.contents(of: url.path, limit: 64 << 20)) } catch let error as InputError {
            throw ModelError("cannot read the model file \(url.path): \(error.message)")
        }
        do {
            let model = try JSONDecoder().decode(AllianceModel.self, from: data)
            guard model.format == "entente-model/1" else { throw ModelError("\(url.path): unknown model format \(model.format)") }
            return model
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError("\(url.path) is not an Entente model file: \(error)")
        }
    }

    /// The model as pretty JSON with sorted keys, so that refitting the same data gives the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the model file.
    public func write(to url: URL) throws { try encoded().write(to: url, options: .atomic) }

    /// One row per coefficient: estimate, standard error, z, p, odds ratio and the 95% interval.
    public var coefficientReport: ReportTable { Self.coefficientReport(fit) }

    /// The coefficient table of any fit.
    public static func coefficientReport(_ fit: LogisticFit) -> ReportTable {
        let intervals = fit.confidenceIntervals()
        let rows: [[FieldValue]] = fit.names.indices.map { index in
            [.text(fit.names[index]), .real(fit.coefficients[index]), .real(fit.standardErrors[index]),
             .real(fit.zValues[index]), .real(fit.pValues[index]), .real(fit.oddsRatios[index]),
             .real(intervals[index].lower), .real(intervals[index].upper)]
        }
        return ReportTable(columns: ["term", "coefficient", "std_error", "z", "p_value", "odds_ratio", "ci95_lower", "ci95_upper"],
                           rows: rows)
    }

    /// The fit's statistics, one per row.
    public var summaryReport: ReportTable {
        var rows: [[FieldValue]] = [
            [.text("outcome"), .text(specification.outcome.rawValue)],
            [.text("years"), .text("\(specification.firstYear)-\(specification.lastYear)")],
            [.text("observations"), .integer(Int64(fit.observations))],
            [.text("events"), .integer(Int64(fit.events))],
            [.text("covariance"), .text(fit.covarianceKind.rawValue + (fit.clusters.map { " (\($0) dyads)" } ?? ""))],
            [.text("log_likelihood"), .real(fit.logLikelihood)],
            [.text("null_log_likelihood"), .real(fit.nullLogLikelihood)],
            [.text("pseudo_r2_mcfadden"), .real(fit.pseudoR2)],
            [.text("aic"), .real(fit.aic)],
            [.text("bic"), .real(fit.bic)],
            [.text("iterations"), .integer(Int64(fit.iterations))],
            [.text("l2_penalty"), .real(fit.options.l2Penalty)],
            [.text("rare_events_correction"), .text(fit.options.rareEventsCorrection ? "King-Zeng" : "none")],
        ]
        for (reason, count) in excludedRows.sorted(by: { $0.key < $1.key }) {
            rows.append([.text("excluded: \(reason)"), .integer(Int64(count))])
        }
        return ReportTable(columns: ["statistic", "value"], rows: rows)
    }

    /// The fit for scripts: coefficients, standard errors and p-values keyed by term, and the statistics.
    public func json() throws -> String {
        try Self.json(fit, outcome: specification.outcome.rawValue, years: [specification.firstYear, specification.lastYear],
                      excludedRows: excludedRows)
    }

    /// Any fit as JSON keyed by term (also for designs read from a file, which have no specification).
    public static func json(_ fit: LogisticFit, outcome: String, years: [Int]?, excludedRows: [String: Int]) throws -> String {
        func keyed(_ values: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(fit.names, values)) }
        struct Output: Encodable {
            var outcome: String, years: [Int]?, observations: Int, events: Int, covariance: String, clusters: Int?
            var coefficients: [String: Double], standard_errors: [String: Double], p_values: [String: Double]
            var log_likelihood: Double, null_log_likelihood: Double, pseudo_r2: Double, aic: Double, bic: Double
            var iterations: Int, excluded_rows: [String: Int]
        }
        let output = Output(outcome: outcome, years: years, observations: fit.observations, events: fit.events,
                            covariance: fit.covarianceKind.rawValue, clusters: fit.clusters,
                            coefficients: keyed(fit.coefficients), standard_errors: keyed(fit.standardErrors),
                            p_values: keyed(fit.pValues), log_likelihood: fit.logLikelihood,
                            null_log_likelihood: fit.nullLogLikelihood, pseudo_r2: fit.pseudoR2, aic: fit.aic,
                            bic: fit.bic, iterations: fit.iterations, excluded_rows: excludedRows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
    }
}

/// Fits alliance models on the dyad-year panel built from the database.
public struct AllianceModelService: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// A service reading `database`.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// The first year of every model's panel. Years without a defence pact count from a dyad's first panel year,
    /// so every model (and the snapshot's latest rows) reads one panel start, the data's, whatever years it fits.
    public static let panelFirstYear = 1816
    /// The last year whose alliance onsets are known: ATOP 5.1 ends in 2018. Models are fitted and scored to it.
    public static let outcomeLastYear = 2018

    /// The non-directed panel from `panelFirstYear` to the specification's last year.
    public func panel(for specification: ModelSpecification) throws -> DyadYearPanel {
        try PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: Self.panelFirstYear, lastYear: specification.lastYear))
    }

    /// The panel for an ensemble's members, with ATOP's bilateral-alliance onsets, which the bilateral members
    /// predict and the bilateral-treaty rate counts.
    public func panel(for members: [EnsembleMember], lastYear: Int = outcomeLastYear) throws -> DyadYearPanel {
        let panel = try PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: Self.panelFirstYear, lastYear: lastYear))
        return try BilateralPacts.adding(to: panel, starts: try BilateralPacts.starts(database: database))
    }

    /// The ensemble trained through `trainThrough` on `panel` (from `panel(for:)`), ready to forecast from a
    /// briefing's origin, with dyad-clustered covariances for its intervals; `screening` as `EnsembleTrainer`'s.
    public func ensemble(_ members: [EnsembleMember] = EnsembleMember.ensemble, grid: [MemberConfiguration] = MemberConfiguration.grid,
                         screening: Bool = true, through trainThrough: Int, panel: DyadYearPanel,
                         progress: @escaping (String) -> Void = { _ in }) throws -> EnsembleForecaster {
        let trainer = try EnsembleTrainer(panel: panel, members: members, grid: grid, screening: screening)
        trainer.progress = progress
        return EnsembleForecaster(model: try trainer.train(through: trainThrough, clustered: true), trainer: trainer)
    }

    /// Fits `specification` on `panel` (from `panel(for:)`), or on a freshly built panel.
    public func fit(_ specification: ModelSpecification, panel: DyadYearPanel? = nil) throws -> (AllianceModel, ModelDesign) {
        let design = try ModelDesign(panel: panel ?? self.panel(for: specification), specification: specification)
        let fit: LogisticFit
        do { fit = try LogisticRegression.fit(design.regression, options: specification.options) } catch {
            throw ModelError("\(specification.outcome.rawValue) \(specification.firstYear)-\(specification.lastYear): \(error)")
        }
        var excluded = Dictionary(uniqueKeysWithValues: design.missing.map { ("missing \($0.term)", $0.rows) })
        if design.notAtRisk > 0 { excluded["not at risk (tie in force the year before)"] = design.notAtRisk }
        let model = AllianceModel(specification: specification, fit: fit, data: try checksums(),
                                  excludedRows: excluded, predictorMeans: Self.means(design.regression),
                                  ententeVersion: EntenteVersion.current)
        return (model, design)
    }

    /// The current file of every dataset in the database.
    public func checksums() throws -> [AllianceModel.DatasetChecksum] {
        try database.currentFiles().map { AllianceModel.DatasetChecksum(dataset: $0.dataset, file: $0.fileName, sha256: $0.sha256) }
    }

    private static func means(_ design: RegressionDesign) -> [Double] {
        let width = design.predictors.count
        var sums = [Double](repeating: 0, count: width)
        for row in 0..<design.count { for j in 0..<width { sums[j] += design.values[row * width + j] } }
        return sums.map { $0 / Double(max(1, design.count)) }
    }
}
