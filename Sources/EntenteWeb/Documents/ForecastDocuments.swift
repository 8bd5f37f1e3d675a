import Entente

// The JSON of the API: a dyad's alliance forecast and its scenarios. These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

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
