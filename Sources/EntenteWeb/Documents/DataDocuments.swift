import Hummingbird

// The JSON of the API: the data behind the snapshot and the team store (`GET /api/data`). These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

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
