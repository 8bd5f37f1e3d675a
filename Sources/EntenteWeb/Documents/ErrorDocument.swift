import Entente

// The JSON of the API: the body of every error. These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

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
