import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation
import Synchronization

struct SelectedEvent: Sendable {
    var id: Int64
    var key: DyadDay
    var quadClass: QuadClass
    var count: Int
    var mentions: Int
    var goldstein: Double
    var tone: Double?
    var hostHash: UInt64
    var urlHash: UInt64
    var eventCode: UInt32
}

/// What a file's totals are, sent with its last batch.
struct FileSummary: Sendable {
    var layout: String
    /// The file's SHA-256 when it was computed while reading.
    var checksum: String?
    var recordsRead: Int
    var rejects: [RejectedRow]
    var drops: [(rule: String, rows: Int)]
}

/// A slice of one file's selected events on its way from a parsing thread to the writer.
struct EventBatch: Sendable {
    var checksum: String?
    var totalBytes = 0
    var bytesRead = 0
    var recordsRead = 0
    var events: [SelectedEvent] = []
    /// Set on the file's last batch.
    var summary: FileSummary?
    /// Set when reading failed; the file's import fails with it.
    var failure: (any Error)?
}

/// Keeps the workers at most `limit` files ahead of the file the writer is on, so memory stays bounded however
/// many files are given.
final class RunAheadGate: @unchecked Sendable {
    // NSCondition guards every stored property below.
    private let condition = NSCondition()
    private var current = 0
    private var cancelled = false
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Waits until `file` is within the limit; `false` once cancelled.
    func wait(_ file: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while file > current + limit && !cancelled { condition.wait() }
        return !cancelled
    }

    func advance(to file: Int) {
        condition.lock()
        current = file
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A bounded first-in, first-out hand-over between one parsing thread and the writer. A full queue blocks the
/// parser, so memory stays bounded; `cancel` wakes both sides for good.
final class BatchQueue: @unchecked Sendable {
    // NSCondition guards every stored property below.
    private let condition = NSCondition()
    private var items: [EventBatch] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds a batch; `false` once cancelled.
    func push(_ batch: EventBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    /// Takes the next batch, waiting for one; `nil` once cancelled and empty.
    func pop() -> EventBatch? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !cancelled { condition.wait() }
        guard !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// How a parsing thread turns a file into batches of selected events.
