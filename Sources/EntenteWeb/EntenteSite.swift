import Entente
import EntenteCore
import EntenteStore
import Foundation
import Hummingbird
import NIOCore

/// The team server: pages, the JSON API and its OpenAPI document, over one `TeamWorkspace`.
/// Reads are open; writes need a bearer token from `tokens`.
public struct EntenteSite: Sendable {
    /// The largest request body accepted (an evidence item with ten long sources is under 16 KB).
    public static let maximumBody = 64 * 1024

    public let workspace: TeamWorkspace
    public let tokens: AccessTokens
    private let rendered = RenderedViews()

    /// A site over `workspace`, writable with `tokens`.
    public init(workspace: TeamWorkspace, tokens: AccessTokens) {
        self.workspace = workspace
        self.tokens = tokens
    }

    /// The router: every page and endpoint, behind the error and security-header middleware.
    public func router() -> Router<SiteContext> {
        let router = Router(context: SiteContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SiteMiddleware())
        var methods: [String: [HTTPRequest.Method]] = [:]
        func add<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                            _ handler: @escaping @Sendable (Request, SiteContext) async throws -> Output) {
            router.on(RouterPath(path), method: method, use: handler)
            methods[path, default: []].append(method)
        }
        // The API's addresses are its operations', which the OpenAPI document describes.
        func api<Output: ResponseGenerator>(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, SiteContext) async throws -> Output) {
            add(operation.method, operation.path, handler)
        }
        add(.get, "/") { _, _ in
            let views = try await workspace.views(workspace.watchList)
            return await rendered.page(views) { Pages.overview(summaries(views), site: self) }
        }
        add(.get, "/dyads/:dyad") { _, context in
            let view = try await workspace.view(try workspace.dyad(context.parameters.require("dyad")))
            return await rendered.page([view]) { Pages.dyad(view, site: self) }
        }
        add(.get, "/model") { _, _ in html(Pages.model(workspace.snapshot)) }
        add(.get, "/data") { _, _ in try await html(Pages.data(dataDocument())) }
        add(.get, "/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        api(.listDyads) { _, _ in
            let views = try await workspace.views(workspace.watchList)
            return try await rendered.json(views) { DyadListDocument(dyads: summaries(views)) }
        }
        api(.getDyad) { _, context in
            let view = try await workspace.view(try workspace.dyad(context.parameters.require("dyad")))
            return try await rendered.json([view]) { DyadDocument(view, events: events(view), reference: workspace.reference) }
        }
        api(.listEvidence) { _, context in
            let view = try await workspace.view(try workspace.dyad(context.parameters.require("dyad")))
            // The list is the store's content: without the store there is nothing true to answer.
            if let reason = view.storeUnavailable { throw APIError.from(TeamStoreUnavailable(reason, retryAfterSeconds: 1)) }
            return EvidenceListDocument(dyad: view.slug, evidence: EvidenceDocument.all(view))
        }
        api(.getModel) { _, _ in ModelDocument(workspace.snapshot) }
        api(.getData) { _, _ in try await dataDocument() }
        api(.addEvidence) { request, context in
            let analyst = try authorise(request)
            let item = try await request.decode(as: EvidenceSubmission.self, context: context)
            guard let dyad = item.dyad else {
                throw SubmissionRejected([SubmissionProblem(field: "dyad", message: "required, such as CHN-RUS")])
            }
            return written(try await workspace.addEvidence(item, to: try workspace.dyad(dyad), analyst: analyst))
        }
        api(.addSignpostEvidence) { request, context in
            let analyst = try authorise(request)
            let dyad = try workspace.dyad(context.parameters.require("dyad"))
            let signpost = try context.parameters.require("signpost")
            guard try await workspace.caseFile(dyad)?.signpost(signpost) != nil else {
                let codes = workspace.codes(dyad)
                throw APIError(status: .notFound, code: "unknown-signpost", message: "the case file of \(codes.first)-\(codes.second) has no signpost \"\(signpost)\"")
            }
            var item = try await request.decode(as: EvidenceSubmission.self, context: context)
            if let named = item.dyad, (try? workspace.dyad(named)) != dyad {
                throw SubmissionRejected([SubmissionProblem(field: "dyad", message: "differs from the dyad in the address")])
            }
            item.signposts = Array(Set((item.signposts ?? []) + [signpost])).sorted()
            return written(try await workspace.addEvidence(item, to: dyad, analyst: analyst))
        }
        api(.addForecast) { request, context in
            let analyst = try authorise(request)
            let item = try await request.decode(as: ForecastSubmission.self, context: context)
            return written(try await workspace.addForecast(item, to: try workspace.dyad(item.dyad), analyst: analyst))
        }
        // An address asked with a method it does not take answers 405, naming the ones it does.
        for (path, taken) in methods {
            let allow = (taken + (taken.contains(.get) ? [.head] : [])).map(\.rawValue).joined(separator: ", ")
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]
            where !taken.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw APIError(status: .methodNotAllowed, code: "method-not-allowed", message: "this address takes \(allow)",
                                   headers: [.allow: allow])
                }
            }
        }
        return router
    }

    /// The watch list's rows.
    func summaries(_ views: [DyadView]) -> [DyadSummaryDocument] {
        views.map { DyadSummaryDocument($0, reference: workspace.reference) }
    }

    /// ICEWS counts by quad class, from the snapshot (watch-list dyads; empty for other pairs).
    func events(_ view: DyadView) -> [EventYearDocument] {
        (workspace.snapshot.dyad(view.dyad.first.rawValue, view.dyad.second.rawValue)?.events ?? []).map {
            EventYearDocument(year: $0.year, events: $0.events, verbalCooperation: $0.q1, materialCooperation: $0.q2,
                              verbalConflict: $0.q3, materialConflict: $0.q4)
        }
    }

    func dataDocument() async throws -> DataDocument {
        let provenance = workspace.snapshot.provenance
        let team = try await workspace.store.dyads().map { count in
            let codes = workspace.codes(Dyad(CountryCode(count.first), CountryCode(count.second)))
            return TeamCountDocument(dyad: "\(codes.first)-\(codes.second)", evidence: count.revision.evidence,
                                     forecasts: count.revision.forecasts)
        }
        return DataDocument(snapshotFormat: provenance.format, ententeVersion: provenance.ententeVersion, rebuild: provenance.command,
                            datasets: provenance.datasets.map {
                                DatasetDocument(dataset: $0.dataset, file: $0.file, sha256: $0.sha256, title: $0.title, source: $0.source)
                            },
                            store: workspace.store.description, team: team)
    }

    /// The analyst the request's bearer token belongs to.
    private func authorise(_ request: Request) throws -> String {
        if let analyst = tokens.analyst(authorization: request.headers[.authorization]) { return analyst }
        var failure = APIError(status: .unauthorized, code: "unauthorized",
                               message: tokens.isEmpty ? "this server takes no writes: it was started without a tokens file"
                                   : "writing needs `Authorization: Bearer TOKEN` with a token this server knows")
        failure.headers = [.wwwAuthenticate: request.headers[.authorization] == nil ? "Bearer realm=\"entente\"" : "Bearer realm=\"entente\", error=\"invalid_token\""]
        throw failure
    }

    /// A write's answer: 201 when it stored something new, 200 when the same was already there.
    private func written<Record: APISchema & Encodable & Hashable & Sendable>(_ write: TeamWrite<Record>) -> EditedResponse<WriteDocument<Record>> {
        switch write {
        case .created(let record): EditedResponse(status: .created, response: WriteDocument(status: .created, record: record))
        case .unchanged(let record): EditedResponse(status: .ok, response: WriteDocument(status: .unchanged, record: record))
        }
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private func html(_ page: String) -> Response { Self.html(page) }
}

/// Rendered dyad pages and documents, kept until the team's data for the dyad changes: rendering a briefing
/// takes milliseconds, answering from here microseconds.
actor RenderedViews {
    /// What a response shows: one dyad's view, or a list of dyads (the watch list), as a page or as JSON.
    private struct Key: Hashable {
        let dyads: [Dyad]
        let json: Bool
    }

    private var cache: [Key: ([TeamRevision], Response)] = [:]

    /// The page showing `views`, rendered again only when one of them has changed.
    func page(_ views: [DyadView], _ render: @Sendable () -> String) -> Response {
        cached(views, json: false) { EntenteSite.html(render()) }
    }

    /// The JSON document showing `views`, encoded again only when one of them has changed.
    func json(_ views: [DyadView], _ document: @Sendable () -> some Encodable) throws -> Response {
        try cached(views, json: true) { try APIResponseEncoder.response(document()) }
    }

    private func cached(_ views: [DyadView], json: Bool, _ make: () throws -> Response) rethrows -> Response {
        // A view made without the store is not kept: the next request should try the store again.
        if views.contains(where: { $0.storeUnavailable != nil }) { return try make() }
        let key = Key(dyads: views.map(\.dyad), json: json)
        let revisions = views.map(\.revision)
        if let (stored, response) = cache[key], stored == revisions { return response }
        let response = try make()
        cache[key] = (revisions, response)
        return response
    }
}
