import Entente
import EntenteCore
import EntenteStore

// The library's own Codable types that the API takes or sends as they are, named for the OpenAPI document.

extension EvidenceSubmission: APISchema {
    static let schemaName = "EvidenceSubmission"
    /// One line of text, not blank: no control characters, and something besides white space.
    private static let oneLine: JSONValue = ["pattern": #"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"#]
    static let schemaNotes = SchemaNotes(properties: [
        "dyad": JSONValue.described("CHN-RUS or 710-365; if given, it must be the dyad in the address").merging(.dyadPattern),
        "id": ["description": "unique within the dyad, and not an id of the shipped case file (409)", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"],
        "date": ["description": "YYYY, YYYY-MM or YYYY-MM-DD, a real date, not in the future",
                 "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"],
        "kind": .oneOf(EvidenceKind.self),
        "title": oneLine.merging(["description": "one line, not blank, no control characters", "minLength": 1,
                                  "maxLength": .integer(SubmissionRules.maximumTitle)]),
        "summary": ["description": "newlines and tabs allowed, no other control characters", "pattern": #"^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$"#,
                    "maxLength": .integer(SubmissionRules.maximumSummary)],
        "direction": .oneOf(EvidenceDirection.self),
        "sources": ["minItems": 1, "maxItems": .integer(SubmissionRules.maximumSources),
                    "items": oneLine.merging(["description": "an http(s) address or a document symbol, one line", "minLength": 1,
                                              "maxLength": .integer(SubmissionRules.maximumSource)])],
        "signposts": ["description": "ids of the case file's signposts", "uniqueItems": true],
    ])
}

extension ForecastSubmission: APISchema {
    static let schemaName = "ForecastSubmission"
    static let schemaNotes = SchemaNotes(properties: [
        "dyad": .dyadPattern,
        "question": .described("a question id of the dyad's case file (404 otherwise)"),
        "probability": ["minimum": .number(SubmissionRules.probabilities.lowerBound), "maximum": .number(SubmissionRules.probabilities.upperBound)],
        "date": ["description": "YYYY-MM-DD, not in the future, not after the question closes; today when absent",
                 "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"],
    ])
}

extension SubmissionProblem: APISchema {
    static let schemaName = "Problem"
}

extension TeamEvidence: APISchema {
    static let schemaName = "TeamEvidence"
    static let schemaNotes = SchemaNotes("An evidence item as the team store holds it.")
}

extension TeamForecast: APISchema {
    static let schemaName = "TeamForecast"
    static let schemaNotes = SchemaNotes(properties: ["probability": .probability])
}

extension TeamRevision: APISchema {
    static let schemaName = "TeamRevision"
    static let schemaNotes = SchemaNotes("How many evidence items and forecasts the team has added.",
                                         properties: ["evidence": ["minimum": 0], "forecasts": ["minimum": 0]])
}

extension IntervalEstimate: APISchema {
    static let schemaName = "IntervalEstimate"
    static let schemaNotes = SchemaNotes("An estimate with its 90% block-bootstrap interval.")
}

extension SnapshotValidation: APISchema {
    static let schemaName = "Validation"
    static let schemaNotes = SchemaNotes("Out-of-sample validation recorded in the snapshot, as `entente model validate` computes it.")
}

extension SnapshotValidation.Run: APISchema {
    static let schemaName = "ValidationRun"
}

extension SnapshotValidation.Split: APISchema {
    static let schemaName = "ValidationSplit"
}

extension SnapshotValidation.Evaluation: APISchema {
    static let schemaName = "Evaluation"
    static let schemaNotes = SchemaNotes(properties: ["rocAUC": .probability, "averagePrecision": .probability, "brierScore": .probability])
}

extension SnapshotValidation.CalibrationBin: APISchema {
    static let schemaName = "CalibrationBin"
    static let schemaNotes = SchemaNotes(properties: [
        "lower": .probability, "upper": .probability, "meanPredicted": .probability, "intervalLow": .probability, "intervalHigh": .probability,
    ])
}

extension ModelValidation.Population: APIEnumeration {}
extension ModelValidation.Forecaster: APIEnumeration {}
