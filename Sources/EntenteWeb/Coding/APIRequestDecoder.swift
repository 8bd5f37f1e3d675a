import Foundation
import Hummingbird

/// Decodes a submission: 415 unless the body says JSON, 413 past the context's `maxUploadSize` (by its declared
/// length before reading, or as it arrives), and 400 when it is not JSON of the expected shape, naming the field.
public struct APIRequestDecoder: RequestDecoder {
    /// The decoder.
    public init() {}

    /// The request's body as `type`.
    public func decode<Value: Decodable>(_ type: Value.Type, from request: Request, context: some RequestContext) async throws -> Value {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported-media-type", message: "send the body as application/json")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > context.maxUploadSize {
            throw HTTPError(.contentTooLarge)
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw APIError.badRequest("malformed-json", Self.describe(error))
        } catch {
            throw APIError.badRequest("malformed-json", "the body is not valid JSON")
        }
    }

    /// What is wrong, for the analyst: the field's path (`sources[2]`) and what it should be.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "the body" : String(path.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context) == "the body" ? "" : path(context) + ".")\(key.stringValue): required"
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "the body does not match the expected shape"
        }
    }
}
