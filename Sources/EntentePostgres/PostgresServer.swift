import Foundation
import PostgresNIO

/// Where and how to reach a PostgreSQL server, read from a `postgres://` URL.
struct PostgresServer: CustomStringConvertible {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var requiresTLS: Bool
    /// The schema every statement runs in; the server's default search path when nil.
    var schema: String?

    /// Reads `postgres://user:password@host:port/database?sslmode=disable|require` (or `postgresql://`).
    init(url: String, schema: String?) throws(PostgresStoreError) {
        func invalid(_ reason: String) -> PostgresStoreError {
            PostgresStoreError(description: "\(Self.redacted(url)): \(reason) (expected postgres://user:password@host:port/database, optionally ?sslmode=disable or ?sslmode=require)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw invalid("not a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw invalid("the scheme is not postgres or postgresql") }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("no user") }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else { throw invalid("no database, or a path beyond it") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port \(port) is out of range") }
        guard components.fragment == nil else { throw invalid("a fragment") }
        // Without TLS a password crosses the network in the clear; on the loopback it never leaves the machine.
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        var requiresTLS = !(bareHost == "localhost" || bareHost == "::1" || bareHost.hasPrefix("127."))
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): requiresTLS = false
            case ("sslmode", "require"): requiresTLS = true
            case ("sslmode", _): throw invalid("sslmode must be disable or require")
            default: throw invalid("unsupported parameter \(item.name)")
            }
        }
        if let schema {
            let valid = schema.utf8.count <= 63 && schema.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
                && schema.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            guard valid else {
                throw PostgresStoreError(description: "schema \"\(schema)\" is not a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters)")
            }
        }
        (self.host, self.port, self.user, self.password, self.database) = (bareHost, port, user, components.password, database)
        (self.requiresTLS, self.schema) = (requiresTLS, schema)
    }

    /// "PostgreSQL host:port/database".
    var description: String { "PostgreSQL \(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }

    /// The search path as a startup parameter, so that it holds on every connection from its first statement.
    private var startupParameters: [(String, String)] { schema.map { [("search_path", $0)] } ?? [] }

    /// The pool's configuration; a connection attempt gives up after `timeout`.
    func clientConfiguration(timeout: Duration) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database,
                                                         tls: requiresTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = timeout
        return configuration
    }

    /// A single connection's configuration; the attempt gives up after `timeout`.
    func connectionConfiguration(timeout: Duration = .seconds(10)) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requiresTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = TimeAmount(timeout)
        return configuration
    }

    /// `url` without what may hold a password, however malformed: everything from the user's colon to the last `@`
    /// (so that a password with unescaped delimiters goes too), and the query.
    static func redacted(_ url: String) -> String {
        var text = Substring(url)
        if let at = text.lastIndex(of: "@"),
           let colon = text[(text.range(of: "://")?.upperBound ?? text.startIndex)..<at].firstIndex(of: ":") {
            text = text[..<colon] + text[at...]
        }
        return String(text.prefix { $0 != "?" })
    }
}
