import Entente
import EntenteCore
import Hummingbird

// The JSON of the API: the shipped model and ensemble (`GET /api/model`). These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

/// A model term's estimate.
struct TermDocument: Codable, APISchema {
    static let schemaName = "Term"
    static let schemaNotes = SchemaNotes(properties: ["pValue": .probability])
    let term: String
    let coefficient: Double
    let standardError: Double
    let pValue: Double
    let oddsRatio: Double
}

/// `GET /api/model`: the shipped default model.
struct ModelDocument: Codable, APISchema, ResponseEncodable {
    static let schemaName = "Model"
    let outcome: String
    let firstYear: Int
    let lastYear: Int
    let observations: Int
    let events: Int
    let logLikelihood: Double
    let aic: Double
    let bic: Double
    let pseudoR2: Double
    let terms: [TermDocument]
    /// Out-of-sample validation as the snapshot recorded it (`entente model validate`).
    let validation: SnapshotValidation?
    /// The ensemble the briefings forecast with, and its backtest.
    let ensemble: EnsembleDocument

    init(_ snapshot: Snapshot) {
        let model = snapshot.model
        let fit = model.fit
        validation = snapshot.validation
        ensemble = EnsembleDocument(snapshot.ensemble.model, backtest: snapshot.backtest)
        outcome = model.specification.outcome.rawValue
        firstYear = model.specification.firstYear
        lastYear = model.specification.lastYear
        observations = fit.observations
        events = fit.events
        logLikelihood = fit.logLikelihood
        aic = fit.aic
        bic = fit.bic
        pseudoR2 = fit.pseudoR2
        terms = fit.names.indices.map { index in
            TermDocument(term: fit.names[index], coefficient: fit.coefficients[index], standardError: fit.standardErrors[index],
                         pValue: fit.pValues[index], oddsRatio: fit.oddsRatios[index])
        }
    }
}

/// The forecast ensemble (`GET /api/model`'s `ensemble`): each member's years, weight, choices and
/// recalibration, and the backtest of the figures the briefing prints.
struct EnsembleDocument: Codable, APISchema {
    static let schemaName = "Ensemble"
    static let schemaNotes = SchemaNotes("""
        The forecast ensemble the briefings print, trained on the years to trainThrough, and its backtest over past origins.
        """)
    /// One member of the ensemble.
    struct Member: Codable, APISchema {
        static let schemaName = "EnsembleMember"
        static let schemaNotes = SchemaNotes("""
            One member of the ensemble: its training years, stacking weight, chosen L2 penalty, system-rate window and \
            what the rate counts (dyad-onsets or bilateral-treaties; both absent when it reads no system rate), the \
            recalibration of its log-odds on the inner blocks, its terms and the columns dropped by rule.
            """)

        let name: String
        let summary: String
        let firstYear: Int
        let lastYear: Int
        let weight: Double
        let l2Penalty: Double
        let systemWindow: Int?
        let systemCount: String?
        let recalibrationIntercept: Double
        let recalibrationSlope: Double
        let terms: [String]
        let dropped: [TermTransform.Dropped]
    }

    /// The backtest at one horizon.
    struct Horizon: Codable, APISchema {
        static let schemaName = "BacktestHorizon"
        static let schemaNotes = SchemaNotes("""
            The backtest at one horizon: forecasts of a defence pact within `years` for every pair at risk at each \
            origin, scored against the training base rate.
            """)

        let years: Int
        let origins: Int
        let pairs: Int
        let events: Int
        let rocAUC: Double
        let logSkill: IntervalEstimate?
        let brierSkill: IntervalEstimate?
        let calibrationSlope: Double?
    }

    /// The backtest of the figures the briefing prints, over past origins.
    struct Backtest: Codable {
        let command: String
        let firstOrigin: Int
        let lastOrigin: Int
        let horizons: [Horizon]
    }

    let trainThrough: Int
    let firstYear: Int
    let trainRows: Int
    let trainEvents: Int
    let members: [Member]
    let backtest: Backtest?

    init(_ model: EnsembleModel, backtest summary: BacktestSummary?) {
        trainThrough = model.trainThrough
        firstYear = model.firstYear
        trainRows = model.trainRows
        trainEvents = model.trainEvents
        members = model.members.map { member in
            let fit = member.fit
            return Member(name: member.name, summary: member.summary, firstYear: fit.trainYears.lowerBound, lastYear: fit.trainYears.upperBound,
                          weight: member.weight, l2Penalty: fit.configuration.l2Penalty, systemWindow: fit.configuration.systemWindow,
                          systemCount: fit.configuration.systemTerm?.systemCount.rawValue,
                          recalibrationIntercept: fit.recalibration.intercept, recalibrationSlope: fit.recalibration.slope,
                          terms: fit.terms, dropped: fit.transform.dropped)
        }
        backtest = summary.map { summary in
            Backtest(command: summary.command, firstOrigin: summary.firstOrigin, lastOrigin: summary.lastOrigin, horizons: summary.horizons.map {
                Horizon(years: $0.horizon, origins: $0.origins, pairs: $0.pairs, events: $0.events, rocAUC: $0.skills.rocAUC,
                        logSkill: Self.finite($0.intervals["log_skill"]), brierSkill: Self.finite($0.intervals["brier_skill"]),
                        calibrationSlope: $0.calibration?.slope)
            })
        }
    }

    /// An interval JSON can carry: none when the bootstrap left an end undefined (NaN).
    private static func finite(_ interval: IntervalEstimate?) -> IntervalEstimate? {
        interval.flatMap { [$0.estimate, $0.lower, $0.upper].allSatisfy(\.isFinite) ? $0 : nil }
    }
}
