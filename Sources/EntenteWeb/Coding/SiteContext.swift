import Hummingbird

/// The site's request context: Hummingbird's basic one with the API's JSON coding and its body limit, so that
/// `request.decode(as:context:)` and `ResponseEncodable` answers follow the API's conventions.
public struct SiteContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// A context for a request from `source`.
    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// A body past this is refused with 413 as it arrives.
    public var maxUploadSize: Int { EntenteSite.maximumBody }
    /// Submissions: JSON only, with errors that name the field.
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    /// Documents: JSON with sorted keys, never cached without asking.
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }
}
