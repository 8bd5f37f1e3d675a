import Entente
import EntenteStore
import Hummingbird

/// One endpoint of the JSON API: the router serves it at `path`, and the OpenAPI document describes it from here.
struct APIOperation {
    let method: HTTPRequest.Method
    /// The router's path, parameters as `:name`.
    let path: String
    /// The document's operationId.
    let id: String
    let summary: String
    /// The body a write takes; writes need a bearer token.
    var request: APIRequestBody?
    let responses: [APIResponse]

    /// The path as the document writes it, parameters as `{name}`.
    var template: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    /// The names of the path's parameters.
    var parameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}

/// The JSON body an operation takes: a type's schema, or one of its own that requires properties the type leaves
/// optional.
struct APIRequestBody {
    let type: any APISchema.Type
    /// The operation's own schema: its name, the properties it requires, and its description.
    var narrowed: (name: String, required: [String], description: String)?
}

/// One answer an operation gives: its status, when it is given, and the JSON it carries.
struct APIResponse {
    let status: Int
    let description: String
    let body: any APISchema.Type
    /// Whether it carries Retry-After.
    var retryAfter = false
}

extension APIOperation {
    /// Every operation, as the document lists them.
    static var all: [APIOperation] {
        [listDyads, getDyad, listEvidence, getModel, getData, addEvidence, addSignpostEvidence, addForecast]
    }

    static var listDyads: APIOperation {
        APIOperation(method: .get, path: "/api/dyads", id: "listDyads", summary: "The watch list with current alignment and forecast.",
                     responses: [APIResponse(status: 200, description: "The watch list.", body: DyadListDocument.self)])
    }

    static var getDyad: APIOperation {
        APIOperation(method: .get, path: "/api/dyads/:dyad", id: "getDyad", summary: "Everything the dyad page shows.",
                     responses: [APIResponse(status: 200, description: "The dyad.", body: DyadDocument.self), .unknownDyad])
    }

    static var listEvidence: APIOperation {
        APIOperation(method: .get, path: "/api/dyads/:dyad/evidence", id: "listEvidence",
                     summary: "The evidence log: the case file's items and the team's.",
                     responses: [APIResponse(status: 200, description: "The evidence log.", body: EvidenceListDocument.self),
                                 .unknownDyad, .storeUnreadable])
    }

    static var getModel: APIOperation {
        APIOperation(method: .get, path: "/api/model", id: "getModel",
                     summary: "The shipped default model's estimates and its out-of-sample validation.",
                     responses: [APIResponse(status: 200, description: "The model.", body: ModelDocument.self)])
    }

    static var getData: APIOperation {
        APIOperation(method: .get, path: "/api/data", id: "getData",
                     summary: "The datasets behind the snapshot, with checksums, and the team store.",
                     responses: [APIResponse(status: 200, description: "Provenance.", body: DataDocument.self), .storeUnreadable])
    }

    static var addEvidence: APIOperation {
        APIOperation(method: .post, path: "/api/evidence", id: "addEvidence", summary: "Add an evidence item to a dyad's log.",
                     request: APIRequestBody(type: EvidenceSubmission.self, narrowed: (
                         name: "NewEvidence", required: ["dyad"], description: "An evidence item for POST /api/evidence: the dyad is required.")),
                     responses: APIResponse.written(TeamEvidence.self))
    }

    static var addSignpostEvidence: APIOperation {
        APIOperation(method: .post, path: "/api/dyads/:dyad/signposts/:signpost/evidence", id: "addSignpostEvidence",
                     summary: "Add an evidence item for a signpost.", request: APIRequestBody(type: EvidenceSubmission.self),
                     responses: APIResponse.written(TeamEvidence.self))
    }

    static var addForecast: APIOperation {
        APIOperation(method: .post, path: "/api/forecasts", id: "addForecast", summary: "Add an analyst's forecast for a case-file question.",
                     request: APIRequestBody(type: ForecastSubmission.self), responses: APIResponse.written(TeamForecast.self))
    }
}

extension APIResponse {
    static var unknownDyad: APIResponse { APIResponse(status: 404, description: "Unknown dyad.", body: ErrorDocument.self) }

    static var storeUnreadable: APIResponse {
        APIResponse(status: 503, description: "The team store cannot be read now: code store-unavailable. Retry after Retry-After seconds.",
                    body: ErrorDocument.self, retryAfter: true)
    }

    /// The answers to a write of `Record`: stored, already stored, or every way it can be refused.
    static func written<Record: Encodable & APISchema>(_ record: Record.Type) -> [APIResponse] {
        let limit = TeamWorkspace.standardItemLimit
        return [
            APIResponse(status: 200, description: "Already stored with the same content.", body: WriteDocument<Record>.self),
            APIResponse(status: 201, description: "Stored.", body: WriteDocument<Record>.self),
        ] + [
            (400, "Malformed JSON."),
            (401, "No or unknown bearer token."),
            (404, "Unknown dyad, signpost or question."),
            (409, "The key is taken by a record with different content."),
            (413, "Body larger than \(EntenteSite.maximumBody / 1024) KiB."),
            (415, "The body is not application/json."),
            (422, """
                The submission fails validation: every problem is listed (code invalid-submission). Or the analyst has already \
                added the most items of this kind to the dyad that one analyst may: \(limit) evidence items and \(limit) forecasts \
                per analyst per dyad by default (`serve --items-per-analyst`); code limit-reached. A repeat of a stored item is \
                still answered 200 or 409.
                """),
        ].map { APIResponse(status: $0.0, description: $0.1, body: ErrorDocument.self) } + [
            APIResponse(status: 503, description: """
                The team store cannot take the write now (the SQLite database is locked past its busy timeout, or the PostgreSQL \
                server cannot be reached; with PostgreSQL down this answer comes within about 2 s): code store-unavailable. Retry \
                after Retry-After seconds.
                """, body: ErrorDocument.self, retryAfter: true),
        ]
    }
}
