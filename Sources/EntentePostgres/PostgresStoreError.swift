import EntenteStore
import PostgresNIO
import _ConnectionPoolModule

/// A PostgreSQL store's failure in words: what the server or the network said (PostgresNIO's own errors describe
/// themselves only as "Database error"), never a password.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// The server's SQLSTATE when the server reported the failure (`23514` a check constraint, `28P01` a wrong
    /// password, …).
    public var sqlState: String?

    /// An error that says `description`.
    public init(description: String, sqlState: String? = nil) {
        self.description = description
        self.sqlState = sqlState
    }

    /// `error` thrown while talking to `server`, in words; errors that already say what happened (a
    /// `TeamConflict`, for one) pass through.
    static func reporting(_ error: any Error, server: String) -> any Error {
        switch error {
        case let error as PostgresTransactionError:
            // The closure's error is the cause; BEGIN, COMMIT and ROLLBACK errors are the cause only without one.
            guard let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError else { return error }
            return reporting(cause, server: server)
        case let error as PSQLError where [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed].contains(error.code):
            // The server is down or unreachable (or its pool was dropped for that): a retry may work once it is back.
            return TeamStoreUnavailable(PostgresStoreError(error, server: server).description)
        case is ConnectionPoolError:
            // The pool gave up on connecting (its circuit breaker) or was shut down.
            return TeamStoreUnavailable("\(server): no connection could be made")
        case let error as PSQLError:
            return PostgresStoreError(error, server: server)
        case let error as PostgresDecodingError:
            return PostgresStoreError(description: "\(server): column \(error.columnName) (\(error.postgresType)) cannot be read as \(error.targetType)")
        default:
            return error
        }
    }

    private init(_ error: PSQLError, server: String) {
        if let info = error.serverInfo, let message = info[.message] {
            self.init(description: "\(server): \(message)" + (info[.detail].map { " (\($0))" } ?? ""), sqlState: info[.sqlState])
            return
        }
        switch error.code {
        case .connectionError:
            let cause: String
            if let failure = error.underlying as? NIOConnectionError, !failure.connectionErrors.isEmpty {
                cause = failure.connectionErrors.map { "\($0.target): \($0.error)" }.joined(separator: "; ")
            } else {
                cause = error.underlying.map { String(describing: $0) } ?? "no reason given"
            }
            self.init(description: "cannot connect to \(server): \(cause)")
        case .serverClosedConnection, .uncleanShutdown:
            self.init(description: "\(server) closed the connection")
        case .clientClosedConnection, .poolClosed:
            self.init(description: "the store for \(server) is closed")
        case .sslUnsupported:
            self.init(description: "\(server) does not offer TLS, which sslmode=require asks for")
        case .authMechanismRequiresPassword:
            self.init(description: "\(server) asks for a password and the URL gives none")
        case .unsupportedAuthMechanism:
            self.init(description: "\(server) asks for an authentication method PostgresNIO does not support")
        default:
            self.init(description: "\(server): \(error.code)")
        }
    }
}
