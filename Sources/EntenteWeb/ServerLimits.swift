import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long the server waits for a client and how many connections it keeps open, so that slow or idle clients
/// cannot hold it: a request's head must arrive within `headerTimeout`, its body within `bodyTimeout` after the
/// head, and a kept-alive connection may sit unused for `idleTimeout`. Beyond `maximumConnections` open
/// connections the one that has waited longest on its client (never one whose response is being made) is closed
/// to make room; when every connection is busy the new one is answered 503 and closed.
public struct ServerLimits: Sendable, Equatable {
    /// From the connection's start, or from the first byte of a later request, to the end of the request's head.
    public var headerTimeout: Duration
    /// From the end of the request's head to the end of its body.
    public var bodyTimeout: Duration
    /// How long a connection may wait between requests.
    public var idleTimeout: Duration
    /// Open connections at most (lowered further by `effectiveConnections()` to what the descriptor limit allows).
    public var maximumConnections: Int

    /// Limits with the given values.
    public init(headerTimeout: Duration, bodyTimeout: Duration, idleTimeout: Duration, maximumConnections: Int) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
    }

    /// 10 s for a head, 30 s for a body (64 KiB at most, so 2 KiB/s suffices), 60 s idle, 4,096 connections.
    public static let standard = ServerLimits(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(60),
                                              maximumConnections: 4096)

    /// Descriptors kept free of connections: the listening socket, event loops, the database's files and its
    /// connections to PostgreSQL, and a batch of accepts in flight before a connection can be closed.
    public static let reservedDescriptors = 64

    /// `maximumConnections`, lowered so that connections leave `reservedDescriptors` of the process's descriptor
    /// limit free; the soft limit is raised towards the hard one first when it is lower than that needs. Without
    /// this, a full descriptor table makes the server stop accepting (and so stop answering everyone) instead of
    /// closing its slowest clients.
    public func effectiveConnections() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return maximumConnections }
        let wanted = rlim_t(maximumConnections + Self.reservedDescriptors)
        if limit.rlim_cur < wanted, limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(wanted, limit.rlim_max)
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is the largest value: clamped to Int.max
        return max(1, min(maximumConnections, available - Self.reservedDescriptors))
    }
}

/// The server's connections under `ServerLimits`: the HTTP/1.1 server to give `Application`, and what it did.
public final class GuardedConnections: Sendable {
    /// The limits applied.
    public let limits: ServerLimits
    /// The connection cap in force.
    public let capacity: Int
    let registry: ConnectionRegistry

    /// Connections under `limits`, at most `capacity` open at once (`limits.effectiveConnections()` by default).
    public init(limits: ServerLimits, capacity: Int? = nil) {
        self.limits = limits
        self.capacity = capacity ?? limits.effectiveConnections()
        registry = ConnectionRegistry(capacity: self.capacity)
    }

    /// The HTTP/1.1 server that applies the limits, for `Application(router:server:)`.
    public var server: HTTPServerBuilder {
        let (limits, registry) = (limits, registry)
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [RequestProgress()])),
                                limits: limits, registry: registry)
        }
    }

    /// Counts so far: connections open now, the most open at once, closed to make room, refused because every
    /// connection was busy, and closed for a timeout.
    public var statistics: ConnectionStatistics { registry.statistics }
}

/// What `GuardedConnections` has done.
public struct ConnectionStatistics: Sendable, Equatable {
    /// Connections open now.
    public var open = 0
    /// The most open at once.
    public var peak = 0
    /// Closed to make room for a new one.
    public var evicted = 0
    /// New ones answered 503 and closed because every open one was busy.
    public var refused = 0
    /// Closed because a head, a body or the next request did not come in time.
    public var timedOut = 0
}

/// Every open connection with what it waits for, shared by all event loops.
final class ConnectionRegistry: Sendable {
    struct Entry {
        let channel: any Channel
        /// Waiting on the client (for a head, a body or the next request) rather than making a response.
        var waitingOnClient: Bool
        var since: NIODeadline
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var statistics = ConnectionStatistics()
    }

    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(capacity: Int) { self.capacity = capacity }

    var statistics: ConnectionStatistics {
        state.withLockedValue { var statistics = $0.statistics; statistics.open = $0.entries.count; return statistics }
    }

    /// Records a new connection; false when it must be refused. Over capacity, the connection that has waited on
    /// its client longest is removed and closed.
    func opened(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let now = NIODeadline.now()
        let victim: (any Channel)? = state.withLockedValue { state in
            state.entries[id] = Entry(channel: channel, waitingOnClient: true, since: now)
            guard state.entries.count > capacity else {
                state.statistics.peak = max(state.statistics.peak, state.entries.count)
                return nil
            }
            // A linear scan, only when full: cheaper than keeping an ordered index on every change.
            var oldest: (ObjectIdentifier, Entry)?
            for (key, entry) in state.entries where key != id && entry.waitingOnClient {
                if oldest.map({ entry.since < $0.1.since }) ?? true { oldest = (key, entry) }
            }
            if let (key, entry) = oldest {
                state.entries[key] = nil
                state.statistics.evicted += 1
                return entry.channel
            }
            state.entries[id] = nil
            state.statistics.refused += 1
            return channel
        }
        guard let victim else { return true }
        if victim === channel { return false }
        victim.close(promise: nil)
        return true
    }

    func changed(_ channel: any Channel, waitingOnClient: Bool, since: NIODeadline) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { state in
            guard state.entries[id] != nil else { return }
            state.entries[id]?.waitingOnClient = waitingOnClient
            state.entries[id]?.since = since
        }
    }

    func closed(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { _ = $0.entries.removeValue(forKey: id) }
    }

    func timedOut() { state.withLockedValue { $0.statistics.timedOut += 1 } }
}

/// HTTP/1.1 with a `ConnectionGuard` in front of the decoder, so that it sees every byte as it arrives.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let limits: ServerLimits
    let registry: ConnectionRegistry

    var responder: Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, registry: registry), position: .first)
        }.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async { await inner.handle(value: value, logger: logger) }
}

/// Tells the connection's `ConnectionGuard` where the request stands: head read, body read, response written.
final class RequestProgress: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var guardian: ConnectionGuard?

    func handlerAdded(context: ChannelHandlerContext) {
        guardian = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: guardian?.headReceived()
        case .end: guardian?.bodyReceived()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: guardian?.responseStarted()
        case .end: guardian?.responseWritten()
        case .body: break
        }
        context.write(data, promise: promise)
    }
}

/// One connection's clock: which deadline applies (head, body, idle, or none while a response is being made),
/// closing the connection when it passes, with 408 when a request was under way and no response had started.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let limits: ServerLimits
    private let registry: ConnectionRegistry
    private var context: ChannelHandlerContext?
    private var registered = false
    /// A request's head has been read and its end not yet.
    private var bodyOpen = false
    private var bodyStart = NIODeadline.now()
    /// Requests read whose response has not ended.
    private var responsesPending = 0
    /// Bytes of a request whose head has not been read yet, and when the first came.
    private var headerBytes = false
    private var headerStart = NIODeadline.now()
    /// When the connection last became idle (its start, or the end of a response).
    private var idleStart = NIODeadline.now()
    private var firstRequest = true
    /// A response's head has been written for the request being read.
    private var responseHeadWritten = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var waitingOnClient = true

    init(limits: ServerLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        idleStart = .now()
        guard registry.opened(context.channel) else {
            let refusal = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(string: refusal))), promise: nil)
            context.close(promise: nil)
            return
        }
        reschedule()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        if registered { registry.closed(context.channel) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !bodyOpen, !headerBytes {
            headerBytes = true
            headerStart = .now()
            reschedule()
        }
        context.fireChannelRead(data)
    }

    func headReceived() {
        headerBytes = false
        firstRequest = false
        bodyOpen = true
        bodyStart = .now()
        responsesPending += 1
        responseHeadWritten = false
        reschedule()
    }

    func responseStarted() { responseHeadWritten = true }

    func bodyReceived() {
        bodyOpen = false
        reschedule()
    }

    func responseWritten() {
        responsesPending = max(0, responsesPending - 1)
        responseHeadWritten = false
        if responsesPending == 0 { idleStart = .now() }
        reschedule()
    }

    /// The deadline that applies now, nil while a response is being made.
    private var deadline: NIODeadline? {
        if bodyOpen { return bodyStart + TimeAmount(limits.bodyTimeout) }
        if responsesPending > 0 { return nil }
        if headerBytes { return headerStart + TimeAmount(limits.headerTimeout) }
        return idleStart + TimeAmount(firstRequest ? limits.headerTimeout : limits.idleTimeout)
    }

    private func reschedule() {
        guard let context else { return }
        let deadline = deadline
        let waiting = deadline != nil
        if waiting != waitingOnClient || waiting {
            waitingOnClient = waiting
            registry.changed(context.channel, waitingOnClient: waiting,
                             since: bodyOpen ? bodyStart : headerBytes ? headerStart : idleStart)
        }
        guard let deadline else { return cancelTimer() }
        // A timer that fires early finds the later deadline and waits again; only an earlier one needs a new timer.
        if let timerDeadline, timerDeadline <= deadline { return }
        cancelTimer()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerDeadline = nil
            expire()
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    private func expire() {
        guard let context, let deadline else { return }
        guard deadline <= .now() else { return reschedule() }
        registry.timedOut()
        // A request under way with nothing answered yet is told why; an idle connection is simply closed.
        if (bodyOpen || headerBytes) && !responseHeadWritten {
            let timeout = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(string: timeout))), promise: nil)
        }
        context.close(promise: nil)
    }
}
