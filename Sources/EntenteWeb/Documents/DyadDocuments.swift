import Entente
import EntenteCore
import EntenteStore

// The JSON of the API: the dyad list and a dyad in full (`GET /api/dyads`, `GET /api/dyads/{dyad}`). These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

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

extension Optional where Wrapped == Double {
    /// nil for NaN and infinities, which JSON cannot carry.
    var finite: Double? { flatMap { $0.isFinite ? $0 : nil } }
}
