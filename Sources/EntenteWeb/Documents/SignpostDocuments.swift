import Entente
import EntenteCore

// The JSON of the API: a dyad's signposts and forecast questions. These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

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
