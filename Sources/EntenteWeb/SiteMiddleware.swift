import Entente
import Hummingbird
import Logging

/// Turns every error into an answer (JSON under /api, a page elsewhere) and sets the security headers on every
/// response: the pages need no scripts, frames or outside resources, so the policy forbids them all.
struct SiteMiddleware<Context: RequestContext>: RouterMiddleware {
    /// HTTPTypes' field name, which Hummingbird does not re-export by name.
    typealias FieldName = HTTPFields.Element.Name

    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            .xContentTypeOptions: "nosniff",
            FieldName("X-Frame-Options")!: "DENY",
            FieldName("Referrer-Policy")!: "no-referrer",
            FieldName("Cross-Origin-Opener-Policy")!: "same-origin",
            FieldName("Cross-Origin-Resource-Policy")!: "same-origin",
            FieldName("Permissions-Policy")!: "camera=(), microphone=(), geolocation=()",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let failure = APIError.from(error)
            if failure.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(describing: error))")
            }
            response = try request.uri.path.hasPrefix("/api/") || request.uri.path == "/openapi.json"
                ? APIResponseEncoder.response(ErrorDocument(error: .init(status: failure.status.code, code: failure.code,
                                                                         message: failure.message, problems: failure.problems)),
                                              status: failure.status)
                : EntenteSite.html(Pages.error(failure), status: failure.status)
            for field in failure.headers { response.headers.append(field) }
        }
        for field in Self.securityHeaders where response.headers[field.name] == nil { response.headers.append(field) }
        return response
    }
}
