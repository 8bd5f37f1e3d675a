import Entente
import EntenteStore
import Foundation
import Hummingbird
import NIOCore

/// An error the server answers with: a status, a stable code for scripts, a message for people, and for a
/// rejected submission every problem with the field it concerns.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var problems: [SubmissionProblem]? = nil
    var headers: HTTPFields = [:]

    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not-found", message: message) }
    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(status: .badRequest, code: code, message: message) }

    /// The answer for any error a handler throws: the server's own as they are, the framework's by status, and
    /// anything else as a 500 whose detail goes to the log, not to the client.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: error
        case let error as UnknownDyad: APIError(status: .notFound, code: "unknown-dyad", message: error.description)
        case let error as SubmissionRejected:
            APIError(status: .unprocessableContent, code: "invalid-submission",
                     message: "the submission has \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")", problems: error.problems)
        case let error as UnknownQuestion: APIError(status: .notFound, code: "unknown-question", message: error.message)
        case let error as TeamConflict: APIError(status: .conflict, code: "conflict", message: error.description)
        case let error as TeamLimitReached: APIError(status: .unprocessableContent, code: "limit-reached", message: error.description)
        case let error as TeamStoreUnavailable:
            APIError(status: .serviceUnavailable, code: "store-unavailable", message: error.description,
                     headers: [.retryAfter: String(error.retryAfterSeconds)])
        // A declared length over the limit is refused before reading; a chunked body is counted as it arrives.
        case let error as HTTPError where error.status == .contentTooLarge:
            APIError(status: .contentTooLarge, code: "body-too-large", message: "the request body is larger than \(EntenteSite.maximumBody) bytes")
        case is NIOTooManyBytesError:
            APIError(status: .contentTooLarge, code: "body-too-large", message: "the request body is larger than \(EntenteSite.maximumBody) bytes")
        case let error as HTTPError where error.status == .notFound:
            APIError(status: .notFound, code: "not-found", message: "no such page or endpoint")
        case let error as HTTPError where error.status == .methodNotAllowed:
            APIError(status: .methodNotAllowed, code: "method-not-allowed", message: "this address does not take that method")
        case let error as HTTPError where (400..<500).contains(error.status.code):
            APIError(status: error.status, code: "bad-request", message: error.body ?? error.status.reasonPhrase)
        default: APIError(status: .internalServerError, code: "internal", message: "the server failed; its log says why")
        }
    }
}
