import EntenteStore
import Foundation
import PostgresNIO
import _ConnectionPoolModule

/// The store's pool of connections, replaced when the server goes away and comes back.
///
/// PostgresNIO's pool, left alone while its server is down, makes callers wait for a connection for up to a minute,
/// backs off its attempts to up to a minute apart, and then fails every caller for a while even after the server
/// is back. So the keeper judges for itself: after a failure that says the server may be gone it tries one
/// connection of its own; if that fails the pool is dropped and callers are refused at once, with one new attempt
/// at most every `retryInterval`; the first attempt that succeeds starts a fresh pool.
actor PoolKeeper {
    private let server: PostgresServer
    private let timeout: Duration
    private let retryInterval: Duration
    private let logger: Logger
    private var pool: (client: PostgresClient, run: Task<Void, Never>)?
    /// Why the server is thought unreachable, while it is.
    private var outage: String?
    private var lastAttempt: ContinuousClock.Instant?
    private var checking = false
    private var closed = false

    init(server: PostgresServer, timeout: Duration, retryInterval: Duration, logger: Logger) {
        self.server = server
        self.timeout = timeout
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// Starts the first pool.
    func start() {
        guard !closed, pool == nil else { return }
        let client = PostgresClient(configuration: server.clientConfiguration(timeout: timeout), backgroundLogger: logger)
        pool = (client, Task { await client.run() })
        outage = nil
    }

    /// The pool to run a call on; while the server is thought unreachable, a `TeamStoreUnavailable` at once unless
    /// it is time to try the server again and it answers.
    func client() async throws -> PostgresClient {
        if closed { throw PostgresStoreError(description: "the store for \(server.description) is closed") }
        if let pool { return pool.client }
        let unavailable = TeamStoreUnavailable(outage ?? "\(server.description) cannot be reached", retryAfterSeconds: 1)
        if checking { throw unavailable }
        if let lastAttempt, ContinuousClock.now - lastAttempt < retryInterval { throw unavailable }
        guard await reachable() else { throw TeamStoreUnavailable(outage ?? unavailable.reason, retryAfterSeconds: 1) }
        start()
        logger.notice("\(server.description) answers again")
        guard let pool else { throw unavailable }
        return pool.client
    }

    /// After a call on `client` failed in a way that says the server may be gone: unless the server answers a
    /// connection of the keeper's own, the pool is dropped. Checked in the background: the caller has its answer.
    func suspect(_ client: PostgresClient) {
        guard pool?.client === client, !checking else { return }
        Task { await self.check(client) }
    }

    private func check(_ client: PostgresClient) async {
        guard pool?.client === client, !checking else { return }
        if await reachable() { return }
        guard pool?.client === client, let (_, run) = pool else { return }
        pool = nil
        run.cancel()
        logger.warning("\(server.description) cannot be reached: \(outage ?? "no reason given"); calls are refused until it answers")
    }

    /// Whether one connection of our own opens and answers within `timeout`; records the reason when not.
    private func reachable() async -> Bool {
        checking = true
        defer {
            checking = false
            lastAttempt = .now
        }
        let (server, timeout, logger) = (server, timeout, logger)
        do {
            try await withDeadline(timeout, onTimeout: {
                PostgresStoreError(description: "\(server.description) did not answer within \(PostgresTeamStore.words(timeout))")
            }) {
                let connection = try await PostgresConnection.connect(configuration: server.connectionConfiguration(timeout: timeout),
                                                                      id: 1, logger: logger)
                do {
                    _ = try await connection.query("SELECT 1", logger: logger).collect()
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            }
            outage = nil
            return true
        } catch {
            let reported = PostgresStoreError.reporting(error, server: server.description)
            outage = (reported as? TeamStoreUnavailable)?.reason ?? String(describing: reported)
            return false
        }
    }

    /// Stops the pool; every later call fails.
    func close() async {
        closed = true
        guard let (_, run) = pool else { return }
        pool = nil
        run.cancel()
        await run.value
    }
}

/// `body`'s result, or `onTimeout()` thrown once `timeout` has passed; `body` is then cancelled but not waited for,
/// so a call stuck on a silent network cannot hold its caller.
func withDeadline<Result: Sendable>(_ timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
                                    _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
    let outcome = FirstOutcome<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.set(continuation)
            let work = Task {
                do {
                    outcome.resume(with: .success(try await body()))
                } catch {
                    outcome.resume(with: .failure(error))
                }
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                outcome.resume(with: .failure(onTimeout()))
                work.cancel()
            }
            outcome.onFinish { timer.cancel() }
        }
    } onCancel: {
        outcome.resume(with: .failure(CancellationError()))
    }
}

/// A continuation resumed by whichever of several racers finishes first.
private final class FirstOutcome<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?
    private var early: Swift.Result<Value, any Error>?
    private var finished: (@Sendable () -> Void)?
    private var done = false

    func set(_ continuation: CheckedContinuation<Value, any Error>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        if done {
            lock.unlock()
            action()
            return
        }
        finished = action
        lock.unlock()
    }

    func resume(with result: Swift.Result<Value, any Error>) {
        lock.lock()
        guard !done else { return lock.unlock() }
        done = true
        let (continuation, finished) = (self.continuation, self.finished)
        self.continuation = nil
        self.finished = nil
        if continuation == nil { early = result }
        lock.unlock()
        continuation?.resume(with: result)
        finished?()
    }
}
