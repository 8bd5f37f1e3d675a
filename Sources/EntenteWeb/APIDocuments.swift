import Entente
import EntenteCore
import EntenteStore
import Foundation

// The JSON the API returns. Each type here has a schema of the same name in openapi.json; the router tests
// validate every response against it, so a field added here without the document fails the tests.

/// A state in a dyad.
struct StateDocument: Encodable {
    let code: String
    let cow: Int
    let name: String
}

/// The latest alignment reading.
struct AlignmentDocument: Encodable {
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
struct HorizonDocument: Encodable {
    let years: Int
    let by: Int
    let probability: Double
    let lower: Double
    let upper: Double
}

/// One row of the dyad list.
struct DyadSummaryDocument: Encodable {
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
struct DyadListDocument: Encodable {
    let dyads: [DyadSummaryDocument]
}

/// One year of the forecast.
struct ForecastYearDocument: Encodable {
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
struct ContributionDocument: Encodable {
    let label: String
    let terms: [String]
    let logOdds: Double
}

/// The forecast in full.
struct ForecastDocument: Encodable {
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
struct ScenarioDocument: Encodable {
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
struct SignpostDocument: Encodable {
    let id: String
    let title: String
    let pIfAlliance: Double
    let pIfNoAlliance: Double
    let likelihoodRatio: Double
    let sightings: Int
    let evidence: [String]
}

/// The signposts: the model's prior, the posterior after the evidence, each signpost, and warnings.
struct SignpostsDocument: Encodable {
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
struct AnalystForecastDocument: Encodable {
    let analyst: String
    let date: String
    let probability: Double
}

/// A forecast question with the analysts' forecasts and their pool.
struct QuestionDocument: Encodable {
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
struct SourceDocument: Encodable {
    let title: String
    let url: String?
    let symbol: String?
}

/// One evidence item, from the case file or added by the team.
struct EvidenceDocument: Encodable {
    let id: String
    let date: String
    let kind: String
    let title: String
    let summary: String
    let direction: String
    let signposts: [String]
    let sources: [SourceDocument]
    /// `case-file` or `team`.
    let origin: String
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
                origin: added == nil ? "case-file" : "team", analyst: added?.analyst, submittedAt: added?.submittedAt)
        }
    }
}

/// ICEWS event counts of one year, both directions, by quad class.
struct EventYearDocument: Encodable {
    let year: Int
    let events: Int
    let verbalCooperation: Int
    let materialCooperation: Int
    let verbalConflict: Int
    let materialConflict: Int
}

/// Western pressure on each state in a year.
struct PressureDocument: Encodable {
    let year: Int
    let first: Double?
    let second: Double?
    let shared: Double?
}

/// `GET /api/dyads/{dyad}`: everything the dyad page shows.
struct DyadDocument: Encodable {
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
struct EvidenceListDocument: Encodable {
    let dyad: String
    let evidence: [EvidenceDocument]
}

/// The answer to a write: whether it stored something new.
struct WriteDocument<Record: Encodable>: Encodable {
    /// `created` or `unchanged`.
    let status: String
    let record: Record
}

/// A model term's estimate.
struct TermDocument: Encodable {
    let term: String
    let coefficient: Double
    let standardError: Double
    let pValue: Double
    let oddsRatio: Double
}

/// `GET /api/model`: the shipped default model.
struct ModelDocument: Encodable {
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
struct EnsembleDocument: Encodable {
    struct Member: Encodable {
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

    struct Horizon: Encodable {
        let years: Int
        let origins: Int
        let pairs: Int
        let events: Int
        let rocAUC: Double
        let logSkill: IntervalEstimate?
        let brierSkill: IntervalEstimate?
        let calibrationSlope: Double?
    }

    struct Backtest: Encodable {
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
struct DatasetDocument: Encodable {
    let dataset: String
    let file: String
    let sha256: String
    let title: String?
    let source: String?
}

/// `GET /api/data`: where the numbers come from and where the team's additions go.
struct DataDocument: Encodable {
    let snapshotFormat: String
    let ententeVersion: String
    let rebuild: String
    let datasets: [DatasetDocument]
    let store: String
    let team: [TeamCountDocument]
}

/// A dyad's team data in counts.
struct TeamCountDocument: Encodable {
    let dyad: String
    let evidence: Int
    let forecasts: Int
}

/// Every error the API returns.
struct ErrorDocument: Encodable {
    struct Body: Encodable {
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
