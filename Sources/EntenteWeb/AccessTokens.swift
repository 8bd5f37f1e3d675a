import EntenteFormats
import Foundation

/// The bearer tokens that may write, each belonging to a named analyst: what an analyst submits is recorded
/// under the token's name, never under a name the request claims.
public struct AccessTokens: Sendable {
    private let analysts: [(token: [UInt8], analyst: String)]

    /// The shortest token accepted: 128 bits of hex or base64.
    public static let minimumLength = 32

    /// Tokens from `(analyst, token)` pairs.
    public init(_ pairs: [(analyst: String, token: String)]) {
        analysts = pairs.map { (Array($0.token.utf8), $0.analyst) }
    }

    /// No tokens: the server is read-only.
    public static let none = AccessTokens([])

    /// Whether any token can write.
    public var isEmpty: Bool { analysts.isEmpty }

    /// Reads a tokens file: one `analyst token` pair per line; blank lines and `#` comments are skipped.
    /// A malformed line is an error naming the file and line.
    public static func load(_ url: URL) throws -> AccessTokens {
        let bytes: [UInt8]
        do {
            bytes = try FileInput.contents(of: url.path, limit: 1 << 20)
        } catch let error as InputError {
            throw AccessTokenError(path: url.path, line: nil, reason: "cannot read it: \(error.message)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AccessTokenError(path: url.path, line: nil, reason: "cannot read it: the bytes are not valid UTF-8")
        }
        var pairs: [(String, String)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                throw AccessTokenError(path: url.path, line: index + 1, reason: "expected `analyst token`, two fields")
            }
            guard fields[1].count >= minimumLength, fields[1].allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw AccessTokenError(path: url.path, line: index + 1, reason: "the token must be at least \(minimumLength) printable ASCII characters")
            }
            guard !pairs.contains(where: { $0.1 == fields[1] }) else {
                throw AccessTokenError(path: url.path, line: index + 1, reason: "this token is already given to another analyst")
            }
            pairs.append((String(fields[0]), String(fields[1])))
        }
        return AccessTokens(pairs)
    }

    /// The analyst an `Authorization` header authenticates, or nil. Every token is compared in full, so the
    /// time taken does not tell how much of a guess was right.
    public func analyst(authorization: String?) -> String? {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { return nil }
        let offered = Array(authorization.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        var found: String?
        for (token, analyst) in analysts where Self.equal(token, offered) { found = analyst }
        return found
    }

    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// A tokens file that cannot be used.
public struct AccessTokenError: Error, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String

    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}
