import Entente
import EntenteCore
import EntenteStore
import Foundation
import Hummingbird

// The JSON the API returns, and the only place its shapes are written: the OpenAPI document's schemas are read
// from these types (`SchemaReader`), each under its `schemaName`, with its `schemaNotes` added.

/// A state in a dyad.
struct StateDocument: Codable, APISchema {
    static let schemaName = "State"
    static let schemaNotes = SchemaNotes("A state: ISO 3166 alpha-3 code, Correlates of War code, name.")
    let code: String
    let cow: Int
    let name: String
}

/// The latest alignment reading.
struct AlignmentDocument: Codable, APISchema {
    static let schemaName = "Alignment"
    static let schemaNotes = SchemaNotes("""
        The alignment index of a year: percentile among all dyads (0-1), its 90% bootstrap band, and components. Absent \
        values were not observed.
        """)
    let year: Int
    let composite: Double?
    let lower: Double?
    let upper: Double?
    let diplomatic: Double?
    let military: Double?
    let economic: Double?
    let event: Double?

    init(_ year: AlignmentIndex.Year) {
        self.year = year.year
        composite = year.composite.finite
        lower = year.lower.finite
        upper = year.upper.finite
        diplomatic = year.diplomatic.finite
        military = year.military.finite
        economic = year.economic.finite
        event = year.event.finite
    }
}

/// The cumulative probability of a defence-pact onset within a horizon.
struct HorizonDocument: Codable, APISchema {
    static let schemaName = "Horizon"
    static let schemaNotes = SchemaNotes("Probability of a defence-pact onset within `years` years (by the end of `by`), with its 90% interval.",
                                         properties: ["probability": .probability, "lower": .probability, "upper": .probability])
    let years: Int
    let by: Int
    let probability: Double
    let lower: Double
    let upper: Double
}

/// One row of the dyad list.
struct DyadSummaryDocument: Codable, APISchema {
    static let schemaName = "DyadSummary"
    static let schemaNotes = SchemaNotes(properties: [
        "dataOrigin": .described("The last year of the shared data, the origin of dataForecast."),
        "dataForecast": .described("""
            The 1-, 5- and 10-year forecast from dataOrigin, the last year of the shared data, without the case file's later \
            entries: the same origin for every pair, so that pairs can be compared.
            """),
    ])
    let dyad: String
    let states: [StateDocument]
    let alignment: AlignmentDocument?
    let origin: Int
    let alreadyAllied: Bool
    let forecast: [HorizonDocument]
    /// The forecast from the last year of the shared data, the same origin for every pair.
    let dataOrigin: Int
    let dataForecast: [HorizonDocument]
    let team: TeamRevision
    let links: [String: String]

    init(_ view: DyadView, reference: ReferenceData) {
        dyad = view.slug
        states = [(view.dyad.first, view.codes.first), (view.dyad.second, view.codes.second)].map { code, iso in
            StateDocument(code: iso, cow: code.rawValue, name: reference.crosswalk.countries[code]?.name ?? iso)
        }
        alignment = view.briefing.inputs.alignment.last(where: { $0.composite != nil }).map(AlignmentDocument.init)
        origin = view.briefing.origin.year
        alreadyAllied = view.briefing.forecast.alreadyAllied
        forecast = Self.horizons(view.briefing.forecast)
        dataOrigin = view.briefing.origin.dataYear
        dataForecast = Self.horizons(view.briefing.dataForecast)
        team = view.revision
        links = ["page": "/dyads/\(view.slug)", "api": "/api/dyads/\(view.slug)", "evidence": "/api/dyads/\(view.slug)/evidence"]
    }

    /// The 1-, 5- and 10-year figures of a forecast.
    private static func horizons(_ forecast: OnsetForecast) -> [HorizonDocument] {
        [1, 5, 10].compactMap { horizon in
            forecast.within(horizon).map { HorizonDocument(years: horizon, by: $0.year, probability: $0.cumulative, lower: $0.lower, upper: $0.upper) }
        }
    }
}

/// `GET /api/dyads`.
struct DyadListDocument: Codable, APISchema {
    static let schemaName = "DyadList"
    let dyads: [DyadSummaryDocument]
}

/// One year of the forecast.
struct ForecastYearDocument: Codable, APISchema {
    static let schemaName = "ForecastYear"
    static let schemaNotes = SchemaNotes(properties: [
        "hazard": .probability, "cumulative": .probability, "median": .probability, "lower": .probability, "upper": .probability,
    ])
    let year: Int
    let hazard: Double
    let cumulative: Double
    let median: Double
    let lower: Double
    let upper: Double

    init(_ year: OnsetForecast.Year) {
        self.year = year.year
        hazard = year.hazard
        cumulative = year.cumulative
        median = year.median
        lower = year.lower
        upper = year.upper
    }
}

/// A driver or barrier: its share of the log-odds against the mean pair at risk.
struct ContributionDocument: Codable, APISchema {
    static let schemaName = "Contribution"
    static let schemaNotes = SchemaNotes("A factor's share of the log-odds against the mean pair at risk.")
    let label: String
    let terms: [String]
    let logOdds: Double
}

/// The forecast in full.
struct ForecastDocument: Codable, APISchema {
    static let schemaName = "Forecast"
    let origin: Int
    let dataYear: Int
    let alreadyAllied: Bool
    let years: [ForecastYearDocument]
    let drivers: [ContributionDocument]
    let barriers: [ContributionDocument]
    /// Predictors held at their last observed value.
    let carried: [String]

    init(_ forecast: OnsetForecast) {
        origin = forecast.origin.year
        dataYear = forecast.origin.dataYear
        alreadyAllied = forecast.alreadyAllied
        years = forecast.years.map(ForecastYearDocument.init)
        drivers = forecast.drivers.map { ContributionDocument(label: $0.label, terms: $0.terms, logOdds: $0.logOdds) }
        barriers = forecast.barriers.map { ContributionDocument(label: $0.label, terms: $0.terms, logOdds: $0.logOdds) }
        carried = forecast.origin.carried
    }
}

/// A scenario against the baseline.
struct ScenarioDocument: Codable, APISchema {
    static let schemaName = "Scenario"
    static let schemaNotes = SchemaNotes(properties: ["impliedDirection": ["enum": [-1, 0, 1]], "shareHigher": .probability])
    let id: String
    let name: String
    let description: String
    let impliedDirection: Int
    let shareHigher: Double
    let baseline: [ForecastYearDocument]
    let shocked: [ForecastYearDocument]

    init(_ scenario: ScenarioForecast) {
        id = scenario.scenario.id
        name = scenario.scenario.name
        description = scenario.scenario.description
        impliedDirection = scenario.impliedDirection
        shareHigher = scenario.shareHigher
        baseline = scenario.baseline.map(ForecastYearDocument.init)
        shocked = scenario.shocked.map(ForecastYearDocument.init)
    }
}

/// One signpost and how often it has been seen.
struct SignpostDocument: Codable, APISchema {
    static let schemaName = "Signpost"
    static let schemaNotes = SchemaNotes(properties: ["pIfAlliance": .probability, "pIfNoAlliance": .probability])
    let id: String
    let title: String
    let pIfAlliance: Double
    let pIfNoAlliance: Double
    let likelihoodRatio: Double
    let sightings: Int
    let evidence: [String]
}

/// The signposts: the model's prior, the posterior after the evidence, each signpost, and warnings.
struct SignpostsDocument: Codable, APISchema {
    static let schemaName = "Signposts"
    static let schemaNotes = SchemaNotes(properties: ["prior": .probability, "posterior": .probability])
    let prior: Double
    let posterior: Double
    let signposts: [SignpostDocument]
    let warnings: [String]

    init(_ service: SignpostService) {
        prior = service.update.prior
        posterior = service.update.posterior
        signposts = service.file.signposts.map { signpost in
            SignpostDocument(id: signpost.id, title: signpost.title, pIfAlliance: signpost.pIfAlliance,
                             pIfNoAlliance: signpost.pIfNoAlliance, likelihoodRatio: signpost.likelihoodRatio,
                             sightings: service.update.sightings(of: signpost.id).count,
                             evidence: service.file.evidence(for: signpost.id).map(\.id))
        }
        warnings = service.warnings.map(\.message)
    }
}

/// One analyst's forecast.
struct AnalystForecastDocument: Codable, APISchema {
    static let schemaName = "AnalystForecast"
    static let schemaNotes = SchemaNotes(properties: ["probability": .probability])
    let analyst: String
    let date: String
    let probability: Double
}

/// A forecast question with the analysts' forecasts and their pool.
struct QuestionDocument: Codable, APISchema {
    static let schemaName = "Question"
    static let schemaNotes = SchemaNotes(properties: ["pooled": .probability])
    let id: String
    let text: String
    let closes: String
    let resolution: Bool?
    let pooled: Double?
    let forecasts: [AnalystForecastDocument]

    init(_ question: QuestionForecasts) {
        id = question.question.id
        text = question.question.text
        closes = question.question.closes.description
        resolution = question.outcome
        pooled = question.pool?.probability
        forecasts = question.question.forecasts.map {
            AnalystForecastDocument(analyst: $0.analyst, date: $0.date.description, probability: $0.probability)
        }
    }
}

/// A source an evidence item cites.
struct SourceDocument: Codable, APISchema {
    static let schemaName = "Source"
    let title: String
    let url: String?
    let symbol: String?
}

/// One evidence item, from the case file or added by the team.
struct EvidenceDocument: Codable, APISchema {
    static let schemaName = "Evidence"
    static let schemaNotes = SchemaNotes(properties: ["direction": .oneOf(EvidenceDirection.self)])
    let id: String
    let date: String
    let kind: String
    let title: String
    let summary: String
    let direction: String
    let signposts: [String]
    let sources: [SourceDocument]
    let origin: EvidenceOrigin
    let analyst: String?
    let submittedAt: String?

    /// Every item of the view's case file (which includes the team's), oldest first.
    static func all(_ view: DyadView) -> [EvidenceDocument] {
        guard let file = view.briefing.inputs.caseFile else { return [] }
        let team = Dictionary(view.teamEvidence.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return file.evidence.map { item in
            let added = team[item.id]
            return EvidenceDocument(
                id: item.id, date: item.date.description, kind: item.kind.rawValue, title: item.title, summary: item.summary,
                direction: item.direction.rawValue, signposts: item.signposts,
                sources: item.sources.compactMap { file.sources[$0] }.map { SourceDocument(title: $0.title, url: $0.url, symbol: $0.symbol) },
                origin: added == nil ? .caseFile : .team, analyst: added?.analyst, submittedAt: added?.submittedAt)
        }
    }
}

/// Where an evidence item comes from.
enum EvidenceOrigin: String, Codable, APIEnumeration {
    /// The shipped case file.
    case caseFile = "case-file"
    /// An analyst on the team server.
    case team
}

/// ICEWS event counts of one year, both directions, by quad class.
struct EventYearDocument: Codable, APISchema {
    static let schemaName = "EventYear"
    let year: Int
    let events: Int
    let verbalCooperation: Int
    let materialCooperation: Int
    let verbalConflict: Int
    let materialConflict: Int
}

/// Western pressure on each state in a year.
struct PressureDocument: Codable, APISchema {
    static let schemaName = "Pressure"
    let year: Int
    let first: Double?
    let second: Double?
    let shared: Double?
}

/// `GET /api/dyads/{dyad}`: everything the dyad page shows.
struct DyadDocument: Codable, APISchema {
    static let schemaName = "Dyad"
    static let schemaNotes = SchemaNotes(properties: [
        "problems": .described("""
            Stored items the briefing could not read; and, when the team store cannot be read, a note saying so: the team's \
            items are then as last read, or left out, and the rest of the document is as usual.
            """),
    ])
    let summary: DyadSummaryDocument
    let alignment: [AlignmentDocument]
    let pressure: [PressureDocument]
    let pressureTest: [String]
    let forecast: ForecastDocument
    let scenarios: [ScenarioDocument]
    let signposts: SignpostsDocument?
    let questions: [QuestionDocument]
    let evidence: [EvidenceDocument]
    let events: [EventYearDocument]
    let dataSource: String
    let modelSource: String
    let problems: [String]

    init(_ view: DyadView, events: [EventYearDocument], reference: ReferenceData) {
        let briefing = view.briefing
        summary = DyadSummaryDocument(view, reference: reference)
        alignment = briefing.inputs.alignment.map(AlignmentDocument.init)
        pressure = briefing.inputs.pressure.map {
            PressureDocument(year: $0.year, first: $0.first.finite, second: $0.second.finite, shared: $0.shared.finite)
        }
        pressureTest = briefing.inputs.pressureTest
        forecast = ForecastDocument(briefing.forecast)
        scenarios = briefing.scenarios.map(ScenarioDocument.init)
        signposts = briefing.signposts.map(SignpostsDocument.init)
        questions = briefing.signposts?.questions.map(QuestionDocument.init) ?? []
        evidence = EvidenceDocument.all(view)
        self.events = events
        dataSource = briefing.inputs.dataSource
        modelSource = briefing.inputs.modelSource
        problems = view.problems + (view.storeUnavailable.map {
            ["the team store cannot be read (\($0)): the team's evidence and forecasts are \(view.teamEvidence.isEmpty && view.teamForecasts.isEmpty ? "left out" : "shown as last read")"]
        } ?? [])
    }
}

/// `GET /api/dyads/{dyad}/evidence`.
struct EvidenceListDocument: Codable, APISchema, ResponseEncodable {
    static let schemaName = "EvidenceList"
    let dyad: String
    let evidence: [EvidenceDocument]
}

/// The answer to a write: whether it stored something new, and the stored record.
struct WriteDocument<Record: Encodable & APISchema>: Codable, APISchema, ResponseEncodable {
    /// Whether a write stored something new.
    enum Status: String, Codable, APIEnumeration {
        case created
        case unchanged
    }

    /// `EvidenceWrite` for a `TeamEvidence`, `ForecastWrite` for a `TeamForecast`.
    static var schemaName: String { Record.schemaName.replacingOccurrences(of: "Team", with: "") + "Write" }

    let status: Status
    let record: Record
}

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
            One member of the ensemble: its training years, stacking weight, chosen L2 penalty and system-rate window \
            (absent when it reads no system rate), the recalibration of its log-odds on the inner blocks, its terms and \
            the columns dropped by rule.
            """)

        let name: String
        let summary: String
        let firstYear: Int
        let lastYear: Int
        let weight: Double
        let l2Penalty: Double
        let systemWindow: Int?
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

/// One dataset behind the snapshot.
struct DatasetDocument: Codable, APISchema {
    static let schemaName = "Dataset"
    static let schemaNotes = SchemaNotes(properties: ["sha256": ["pattern": "^[0-9a-f]{64}$"]])
    let dataset: String
    let file: String
    let sha256: String
    let title: String?
    let source: String?
}

/// `GET /api/data`: where the numbers come from and where the team's additions go.
struct DataDocument: Codable, APISchema, ResponseEncodable {
    static let schemaName = "Data"
    let snapshotFormat: String
    let ententeVersion: String
    let rebuild: String
    let datasets: [DatasetDocument]
    let store: String
    let team: [TeamCountDocument]
}

/// A dyad's team data in counts.
struct TeamCountDocument: Codable, APISchema {
    static let schemaName = "TeamCount"
    let dyad: String
    let evidence: Int
    let forecasts: Int
}

/// Every error the API returns.
struct ErrorDocument: Codable, APISchema {
    static let schemaName = "Error"
    /// The error: its HTTP status, a stable code for scripts, a message for people, and a rejected submission's problems.
    struct Body: Codable {
        let status: Int
        let code: String
        let message: String
        let problems: [SubmissionProblem]?
    }

    let error: Body
}

extension Optional where Wrapped == Double {
    /// nil for NaN and infinities, which JSON cannot carry.
    var finite: Double? { flatMap { $0.isFinite ? $0 : nil } }
}
