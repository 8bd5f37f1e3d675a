@testable import Entente
import EntentePostgres
import EntenteShipped
import EntenteStore
import EntenteTestSupport
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

/// `Tests/Scripts/tcp_proxy.py` in front of a server: `down` aborts its connections and refuses new ones, as a
/// stopped server does; `up` listens again on the same port.
final class TCPProxy: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    init(target: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot.appendingPathComponent("Tests/Scripts/tcp_proxy.py").path, target]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = Self.line(output.fileHandleForReading)
        guard line.hasPrefix("port "), let port = Int(line.dropFirst(5)) else { throw POSIXError(.EIO) }
        self.port = port
    }

    func down() { command("down") }
    func up() { command("up") }

    private func command(_ text: String) {
        input.fileHandleForWriting.write(Data((text + "\n").utf8))
        _ = Self.line(output.fileHandleForReading)
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private static func line(_ handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") { bytes.append(first) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The PostgreSQL server the store tests use (`ENTENTE_TEST_POSTGRES`); nil (the test is skipped) without one,
/// unless `ENTENTE_REQUIRE_POSTGRES=1` makes that a failure.
func outageTestPostgresURL() throws -> URLComponents? {
    let environment = ProcessInfo.processInfo.environment
    guard let url = environment["ENTENTE_TEST_POSTGRES"].flatMap({ $0.isEmpty ? nil : URLComponents(string: $0) }) else {
        if environment["ENTENTE_REQUIRE_POSTGRES"] == "1" {
            Issue.record("ENTENTE_TEST_POSTGRES is not set and ENTENTE_REQUIRE_POSTGRES=1")
        }
        return nil
    }
    return url
}

@Suite(.timeLimit(.minutes(10)))
struct PostgresOutageTests {
    /// PostgreSQL goes away under a running site: pages still render (with what was last read, and a note), the
    /// API's writes are refused with 503 and Retry-After (not left hanging), and once the server is back a write
    /// goes through within a bounded number of tries 100 ms apart.
    @Test func withPostgreSQLDownReadsRenderWritesAre503AndRecoveryIsPrompt() async throws {
        guard let direct = try outageTestPostgresURL(), let host = direct.host else { return }
        let proxy = try TCPProxy(target: "\(host):\(direct.port ?? 5432)")
        defer { proxy.stop() }
        var proxied = direct
        proxied.host = "127.0.0.1"
        proxied.port = proxy.port
        let schema = "entente_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let store = try await PostgresTeamStore.connect(url: proxied.string!, schema: schema, timeout: .seconds(2),
                                                        retryInterval: .milliseconds(100))
        let site = EntenteSite(workspace: TeamWorkspace(snapshot: try SiteFixture.snapshot, reference: SiteFixture.reference,
                                                        cases: try? ShippedData.casesDirectory(), store: store, draws: 200),
                               tokens: AccessTokens([("alice", SiteFixture.token)]))
        var failure: (any Error)?
        do {
            try await Application(router: site.router()).test(.router) { client in
                let before = try await client.post("/api/evidence", json: evidenceJSON(id: "before-outage", title: "Before the outage"))
                #expect(before.status == .created, "\(before.text)")
                #expect(try await client.get("/dyads/CHN-RUS").text.contains("Before the outage"))

                proxy.down()
                let page = try await client.get("/dyads/CHN-RUS")
                #expect(page.status == .ok)
                #expect(page.text.contains("The team store cannot be read now") && page.text.contains("Before the outage"))
                let document = try await client.get("/api/dyads/CHN-RUS")
                #expect(document.status == .ok && document.violations("GET", "/api/dyads/{dyad}").isEmpty)
                #expect((document.object["problems"] as? [String])?.contains { $0.contains("cannot be read") } == true)
                let unseen = try await client.get("/dyads/USA-IND")
                #expect(unseen.status == .ok && unseen.text.contains("are left out of this page"))
                #expect(try await client.get("/").status == .ok)
                let write = try await client.post("/api/evidence", json: evidenceJSON(id: "during-outage", title: "During the outage"))
                #expect(write.status == .serviceUnavailable && write.headers[.retryAfter] != nil, "\(write.text)")
                #expect((write.object["error"] as? [String: Any])?["code"] as? String == "store-unavailable")
                #expect(write.violations("POST", "/api/evidence").isEmpty)
                #expect(try await client.get("/api/dyads/CHN-RUS/evidence").status == .serviceUnavailable)

                proxy.up()
                var tries = 0, stored = false
                while tries < 100, !stored {
                    tries += 1
                    let retry = try await client.post("/api/evidence", json: evidenceJSON(id: "during-outage", title: "During the outage"))
                    stored = retry.status == .created
                    if !stored {
                        #expect(retry.status == .serviceUnavailable, "\(retry.text)")
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                #expect(stored, "no write went through in \(tries) tries after the server came back")
                let after = try await client.get("/dyads/CHN-RUS").text
                #expect(after.contains("During the outage") && !after.contains("cannot be read now"))
            }
        } catch {
            failure = error
        }
        await store.close()
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: host, port: direct.port ?? 5432, username: direct.user ?? "", password: direct.password,
                                 database: String(direct.path.dropFirst()), tls: .disable),
            id: 99, logger: Logger(label: "entente.test"))
        try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: Logger(label: "entente.test"))
        try await connection.close()
        if let failure { throw failure }
    }
}
