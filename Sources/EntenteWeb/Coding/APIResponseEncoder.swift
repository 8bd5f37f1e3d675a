import Foundation
import Hummingbird
import NIOCore

/// Encodes the API's documents: JSON with sorted keys (the same document gives the same bytes), slashes left as
/// they are, and `Cache-Control: no-cache`, since the team's data can change at any time.
public struct APIResponseEncoder: ResponseEncoder {
    /// The encoder.
    public init() {}

    /// `value` as a 200 response.
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try Self.response(value)
    }

    /// `value` as a response with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
