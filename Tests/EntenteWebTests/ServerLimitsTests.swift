#if os(Linux)
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Glibc

/// A TCP connection to the loopback, for clients no HTTP library would be: ones that send a byte at a time, or
/// never finish their head. Sends and reads that may block run on a thread of their own: blocking one of the
/// concurrency pool's few threads would starve the server under test, which runs on the same pool.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`; a read waits at most `readBound` seconds (a bound for a broken server, not a
    /// measurement).
    init(port: Int, readBound: Int = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
        var bound = timeval(tv_sec: readBound, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &bound, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends `text`; false when the server has closed the connection.
    @discardableResult
    func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool { await offThread { self.sendBlocking(bytes) } }

    private func sendBlocking(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// What has arrived without waiting: nil when nothing has; "" when the server has closed the connection.
    func poll() -> String? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
        if count == 0 { return "" }
        return errno == EAGAIN || errno == EWOULDBLOCK ? nil : ""
    }

    /// Everything until the server closes the connection, and whether it did (false: the read bound passed).
    func readToEnd() async -> (text: String, closed: Bool) { await offThread { self.readToEndBlocking() } }

    private func readToEndBlocking() -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { received += buffer[..<count]; continue }
            let closed = count == 0 || errno == ECONNRESET
            return (String(decoding: received, as: UTF8.self), closed)
        }
    }
}

/// `work`'s result, computed on a new thread.
func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// Runs `body` with the port of a live server over a fresh site, applying `limits` with at most `capacity`
/// connections.
func withLiveSite<Value: Sendable>(_ limits: ServerLimits, capacity: Int, fixture: SiteFixture? = nil,
                                   _ body: @Sendable (Int, GuardedConnections) async throws -> Value) async throws -> Value {
    // One made here is removed here, after the server has stopped; one passed in is the caller's to remove.
    let made = fixture == nil ? try SiteFixture() : nil
    defer { made?.removeFiles() }
    let fixture = fixture ?? made!
    let connections = GuardedConnections(limits: limits, capacity: capacity)
    let app = Application(router: fixture.site.router(), server: connections.server,
                          configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        try await body(try #require(client.port), connections)
    }
}

@Suite(.timeLimit(.minutes(10)))
struct ServerLimitsTests {
    static let short = ServerLimits(headerTimeout: .milliseconds(500), bodyTimeout: .milliseconds(500), idleTimeout: .milliseconds(500),
                                    maximumConnections: 100)

    /// A head sent a byte at a time (10 a second, 300 bytes in all) is cut off with 408 long before its end.
    @Test func aSlowHeadIsAnswered408AndClosed() async throws {
        try await withLiveSite(Self.short, capacity: 100) { port, connections in
            let connection = try RawConnection(port: port)
            let head = Array("GET /model HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 250)
            var sent = 0, answer: String?
            for byte in head {
                guard await connection.send([byte]) else { break }
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
                if let arrived = connection.poll() { answer = arrived; break }
            }
            let rest = await connection.readToEnd()
            #expect(sent < head.count, "the whole slow head was taken")
            #expect((answer ?? "").hasPrefix("HTTP/1.1 408 Request Timeout"), "\(answer ?? "nothing")")
            #expect(rest.closed, "the connection was left open")
            #expect(connections.statistics.timedOut >= 1)
        }
    }

    /// A body sent a byte at a time after a prompt head is cut off with 408 as well.
    @Test func aSlowBodyIsAnswered408AndClosed() async throws {
        try await withLiveSite(Self.short, capacity: 100) { port, _ in
            let connection = try RawConnection(port: port)
            let body = Array(evidenceJSON(title: String(repeating: "x", count: 200)).utf8)
            await connection.send("POST /api/evidence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer \(SiteFixture.token)\r\nContent-Length: \(body.count)\r\n\r\n")
            var sent = 0, answer: String?
            for byte in body {
                guard await connection.send([byte]) else { break }
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
                if let arrived = connection.poll() { answer = arrived; break }
            }
            #expect(sent < body.count, "the whole slow body was taken")
            #expect((answer ?? "").hasPrefix("HTTP/1.1 408 Request Timeout"), "\(answer ?? "nothing")")
            #expect(await connection.readToEnd().closed)
        }
    }

    /// After its answer, a kept-alive connection with nothing more to say is closed by the server.
    @Test func anIdleConnectionIsClosed() async throws {
        let idle = ServerLimits(headerTimeout: .seconds(20), bodyTimeout: .seconds(20), idleTimeout: .milliseconds(500), maximumConnections: 100)
        try await withLiveSite(idle, capacity: 100) { port, _ in
            let connection = try RawConnection(port: port)
            await connection.send("GET /openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let (text, closed) = await connection.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 200 OK") && text.contains("\"openapi\""))
            #expect(closed, "the idle connection was still open when the read bound passed")
        }
    }

    /// 40 clients that never finish their heads, against a cap of 20: the server closes the ones that have waited
    /// longest (at least 20 of them), and ten normal requests, each on a new connection, are all answered.
    @Test func theConnectionCapHoldsAndNormalRequestsAreAnswered() async throws {
        // Timeouts far beyond any stall of a loaded machine, so that every close counted here is an eviction.
        let patient = ServerLimits(headerTimeout: .seconds(900), bodyTimeout: .seconds(900), idleTimeout: .seconds(900), maximumConnections: 20)
        try await withLiveSite(patient, capacity: 20) { port, connections in
            var slow: [RawConnection] = []
            for _ in 0..<40 {
                let connection = try RawConnection(port: port)
                await connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n")
                slow.append(connection)
            }
            for _ in 0..<10 {
                let connection = try RawConnection(port: port)
                await connection.send("GET /model HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                let (text, closed) = await connection.readToEnd()
                #expect(text.hasPrefix("HTTP/1.1 200 OK") && closed, "\(text.prefix(80))")
            }
            // The server accepts on two event loops, so on a busy machine the last slow clients may still sit in the
            // accept queue when the normal requests are done: allow it a few seconds to take and evict them.
            var closedSlow = 0
            for _ in 0..<100 {
                closedSlow = slow.filter { $0.poll() == "" }.count
                if closedSlow >= 40 - 20 && connections.statistics.evicted >= 20 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(closedSlow >= 40 - 20, "only \(closedSlow) of the slow connections were closed")
            let statistics = connections.statistics
            #expect(statistics.open <= 20 && statistics.peak <= 20 && statistics.evicted >= 20, "\(statistics)")
        }
    }

    /// A chunked body (no Content-Length) over the limit is 413 like a declared one, not a server error.
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await withLiveSite(.standard, capacity: 100) { port, _ in
            let connection = try RawConnection(port: port)
            await connection.send("POST /api/evidence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer \(SiteFixture.token)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            let chunk = "4000\r\n" + String(repeating: "a", count: 0x4000) + "\r\n"
            // The server may answer and close before the last chunks: a refused send is expected then.
            for _ in 0..<6 { guard await connection.send(chunk) else { break } }
            await connection.send("0\r\n\r\n")
            let (text, _) = await connection.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text.prefix(200))")
            #expect(text.contains("\"body-too-large\""))
        }
    }

    /// The descriptor limit lowers the cap, leaving room for the server's own files.
    @Test func theCapLeavesDescriptorsFree() {
        let huge = ServerLimits(headerTimeout: .seconds(1), bodyTimeout: .seconds(1), idleTimeout: .seconds(1), maximumConnections: 900_000)
        let capacity = huge.effectiveConnections()
        var after = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &after)
        #expect(capacity == min(900_000, Int(clamping: after.rlim_cur) - ServerLimits.reservedDescriptors))
        #expect(ServerLimits.standard.effectiveConnections() <= ServerLimits.standard.maximumConnections)
    }
}
#endif
