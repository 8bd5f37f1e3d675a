import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation
import Synchronization

/// Which events count toward the roll-ups. The default is GDELT's usual dyadic selection: both actors carry a
/// country code, and the codes differ.
public struct EventSelection: Sendable, Hashable {
    /// Only root events (IsRootEvent = 1), the event a story is mainly about.
    public var rootOnly = false
    /// At least this many sources (NumSources).
    public var minimumSources = 0
    /// At least this many articles (NumArticles).
    public var minimumArticles = 0
    /// When set, both actors' first type code must be one of these (GOV, MIL, ...).
    public var actorTypes: Set<String> = []
    /// Drop an event with the same day, actor countries, event code and source URL as one already counted in
    /// the same import (GDELT re-emits stories under new IDs).
    public var dropNearDuplicates = false

    public init() {}

    /// A short text for the ledger, so a roll-up says what it was computed under.
    public var summary: String {
        var parts = ["dyadic"]
        if rootOnly { parts.append("root only") }
        if minimumSources > 0 { parts.append("sources ≥ \(minimumSources)") }
        if minimumArticles > 0 { parts.append("articles ≥ \(minimumArticles)") }
        if !actorTypes.isEmpty { parts.append("actor types \(actorTypes.sorted().joined(separator: "/"))") }
        if dropNearDuplicates { parts.append("near-duplicates dropped") }
        return parts.joined(separator: ", ")
    }
}

/// What one event file contributed.
public struct EventFileReport: Sendable {
    public var path: String
    /// `nil` when the same bytes had been imported before (nothing changed).
    public var record: ImportRecord?
    public var previous: ImportRecord?
    /// Rows dropped by each rule, in the order the rules apply.
    public var drops: [(rule: String, rows: Int)]
}

/// Reads GDELT event files into directed dyad-day roll-ups, each file in one transaction, with duplicate control
/// across files.
public struct EventImportService: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// The files a list of paths names: files as given, folders searched (not recursively) for GDELT exports.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(path: path, message: "no such file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                files += names.filter { name in
                    let lower = name.lowercased()
                    return lower.contains("export") || lower.hasSuffix(".tsv") || lower.hasSuffix(".csv") || lower.hasSuffix(".zip")
                }.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Imports each file; a file whose bytes were imported before is skipped. Stops at the first failing file
    /// unless `keepGoing` (then bad lines are quarantined as rejects and the file still commits).
    ///
    /// Files are parsed on two threads, each file streamed in batches through a small bounded queue, while this
    /// thread registers event IDs and adds up the tallies in file order, one transaction per file: both cores
    /// work and memory stays flat whatever the input size.
    public func importFiles(_ paths: [String], selection: EventSelection = EventSelection(), keepGoing: Bool = false,
                            willStart: (String) -> Void = { _ in },
                            progress: ((ReadProgress) -> Void)? = nil) throws -> [EventFileReport] {
        let plan = EventParsePlan(countries: CameoCountryTable(reference: reference), selection: selection, keepGoing: keepGoing,
                                  knownFiles: try database.importedFiles(dataset: "gdelt"), batchSize: max(1, eventsPerBatch))
        let queues = paths.map { _ in BatchQueue(capacity: 4) }
        let next = Mutex(0)
        let gate = RunAheadGate(limit: 4)
        let workers = min(2, paths.count)
        // Dedicated threads, not the global dispatch queue: that pool is as wide as the machine has cores, and the
        // caller (this thread, which blocks on the queues) may itself be one of its threads, so on two cores only
        // one parser ran.
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    guard index < paths.count, gate.wait(index) else { return }
                    plan.produce(path: paths[index], into: queues[index])
                }
            }
            thread.start()
        }
        defer {
            gate.cancel()
            for queue in queues { queue.cancel() }
            group.wait()
        }
        return try database.importEvents { session in
            var reports: [EventFileReport] = []
            for (index, path) in paths.enumerated() {
                willStart(path)
                gate.advance(to: index)
                reports.append(try consume(path: path, queue: queues[index], session: session, selection: selection,
                                           progress: progress))
                try session.commitIfDue()
            }
            return reports
        }
    }

    private func consume(path: String, queue: BatchQueue, session: EventImportSession, selection: EventSelection,
                         progress: ((ReadProgress) -> Void)?) throws -> EventFileReport {
        guard let first = queue.pop() else { throw InputError(path: path, message: "the file was not read") }
        if let failure = first.failure { throw failure }
        // A file whose name and size are in the ledger was checksummed before parsing; any other file is
        // checksummed as it is parsed, and leaves nothing in the database if the bytes turn out to be known.
        if let checksum = first.checksum, let earlier = try session.earlierImport(dataset: "gdelt", sha256: checksum) {
            queue.cancel()
            return EventFileReport(path: path, record: nil, previous: earlier, drops: [])
        }
        let url = URL(fileURLWithPath: path)
        let ledger = ImportRecord(
            dataset: "gdelt", layout: "", fileName: url.lastPathComponent, filePath: url.standardizedFileURL.path,
            sha256: first.checksum ?? "", bytes: first.totalBytes, importedAt: ISO8601DateFormatter().string(from: Date()),
            ententeVersion: EntenteVersion.current)
        var drops: [(rule: String, rows: Int)] = []
        let record: ImportRecord
        do {
            record = try addEvents(ledger: ledger, first: first, queue: queue, session: session, path: path, selection: selection,
                                   progress: progress, drops: &drops)
        } catch let known as AlreadyImported {
            return EventFileReport(path: path, record: nil, previous: known.record, drops: [])
        }
        return EventFileReport(path: path, record: record, previous: nil, drops: drops)
    }

    private func add(_ tallies: DyadDayTable, _ hosts: HostPairSet, to writer: EventWriter) throws {
        let (sorted, ranks) = tallies.sorted()
        let (hostList, offsets) = hosts.grouped(ranks: ranks)
        try writer.add(sortedTallies: sorted, hosts: hostList, hostOffsets: offsets)
    }

    private func addEvents(ledger: ImportRecord, first: EventBatch, queue: BatchQueue, session: EventImportSession, path: String,
                           selection: EventSelection,
                           progress: ((ReadProgress) -> Void)?, drops: inout [(rule: String, rows: Int)]) throws -> ImportRecord {
        var fileDrops: [(rule: String, rows: Int)] = []
        defer { drops = fileDrops }
        return try session.addEvents(ledger: ledger) { writer in
            var counts = LoadCounts()
            var tallies = DyadDayTable()
            var hosts = HostPairSet()
            var nearDuplicates: Set<NearDuplicateKey> = []
            var seenBefore = 0, nearDuplicate = 0
            var checksum = ""
            var batch = first
            while true {
                if let failure = batch.failure { throw failure }
                for event in batch.events {
                    if event.id != 0, try !writer.registerEvent(id: event.id) { seenBefore += 1; continue }
                    if selection.dropNearDuplicates && event.urlHash != 0 {
                        let key = NearDuplicateKey(day: event.key.day, actors: UInt64(event.key.packed >> 32),
                                                   code: event.eventCode, url: event.urlHash)
                        if !nearDuplicates.insert(key).inserted { nearDuplicate += 1; continue }
                    }
                    let slot = tallies.slot(event.key)
                    tallies.values[slot].add(quadClass: event.quadClass, count: event.count, mentions: event.mentions,
                                             goldstein: event.goldstein, tone: event.tone)
                    if event.hostHash != 0 {
                        hosts.insert(slot, event.hostHash)
                        tallies.markHost(slot)
                    }
                    counts.rowsLoaded += 1
                }
                // A file spanning many days would grow these without bound: hand them to the database in parts.
                if tallies.count + tallies.keysWithHosts > flushThreshold {
                    try writer.willFlushBeforeTheEnd()
                    try add(tallies, hosts, to: writer)
                    tallies.removeAll()
                    hosts.removeAll()
                }
                progress?(ReadProgress(bytesRead: batch.bytesRead, totalBytes: batch.totalBytes, records: batch.recordsRead))
                if let summary = batch.summary {
                    counts.rowsRead = summary.recordsRead
                    counts.layout = summary.layout + "; " + selection.summary
                    counts.rejects = summary.rejects
                    fileDrops = summary.drops + [("event ID seen before", seenBefore), ("near-duplicate", nearDuplicate)]
                    checksum = summary.checksum ?? first.checksum ?? ""
                    if let earlier = try writer.earlierImport(dataset: "gdelt", sha256: checksum) {
                        throw AlreadyImported(record: earlier)
                    }
                    break
                }
                guard let following = queue.pop() else { throw InputError(path: path, message: "reading stopped early") }
                batch = following
            }
            try add(tallies, hosts, to: writer)
            return (counts, fileDrops, checksum)
        }
    }

    /// Dyad-days (plus dyad-days with hosts) of one file held in memory before they are added to the database.
    public var flushThreshold = 50_000
    /// Selected events per batch handed from a parsing thread to the writer (small values exercise files that
    /// flush in parts).
    public var eventsPerBatch = 32_768
}

/// Thrown while importing a file whose bytes were imported before (found once it has been read and checksummed,
/// before it writes anything): the file is skipped.
struct AlreadyImported: Error {
    var record: ImportRecord
}

/// One event that passed the selection, as the consumer needs it.
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
struct EventParsePlan: Sendable {
    let countries: CameoCountryTable
    let selection: EventSelection
    let keepGoing: Bool
    /// `name|bytes` of files already in the ledger: only these are checksummed before parsing.
    let knownFiles: Set<String>
    let batchSize: Int

    func produce(path: String, into queue: BatchQueue) {
        do {
            try read(path: path, into: queue)
        } catch {
            var failed = EventBatch()
            failed.failure = error
            _ = queue.push(failed)
        }
    }

    private func read(path: String, into queue: BatchQueue) throws {
        var batch = EventBatch()
        let name = (path as NSString).lastPathComponent
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let seen = knownFiles.contains("\(name)|\(bytes ?? -1)")
        if seen { batch.checksum = try FileDigest.sha256(path: path) }
        let (input, size) = try openInput(path: path, checksum: !seen, mapped: true)
        batch.totalBytes = size
        let reader = GDELTReader(path: path, input: input)
        reader.dyadicOnly = true
        reader.hashesURLs = selection.dropNearDuplicates
        let types = Set(selection.actorTypes.map { PackedCode($0.uppercased()) })
        var rejects: [RejectedRow] = []
        var recordsRead = 0
        var missingActors = 0, notStates = 0, notRoot = 0, fewSources = 0, fewArticles = 0, otherTypes = 0
        var event = GDELTEvent()
        batch.events.reserveCapacity(batchSize)
        while true {
            do {
                guard try reader.next(into: &event) else { break }
            } catch let error as FormatError where keepGoing {
                recordsRead += 1
                rejects.append(RejectedRow(line: error.line, column: error.column, value: error.value, reason: error.reason))
                continue
            }
            recordsRead += 1
            guard event.isDyadic else { missingActors += 1; continue }
            guard let source = countries[event.actor1Country], let target = countries[event.actor2Country], source != target
            else { notStates += 1; continue }
            if selection.rootOnly && !event.isRoot { notRoot += 1; continue }
            if event.sources < selection.minimumSources && reader.layout != .reduced { fewSources += 1; continue }
            if event.articles < selection.minimumArticles { fewArticles += 1; continue }
            if !types.isEmpty && !(types.contains(event.actor1Type) && types.contains(event.actor2Type)) {
                otherTypes += 1
                continue
            }
            guard let quad = QuadClass(rawValue: event.quadClass) else {
                let error = FormatError(path: path, line: reader.line, column: "QuadClass", value: String(event.quadClass),
                                        reason: "not a quad class 1–4")
                guard keepGoing else { throw error }
                rejects.append(RejectedRow(line: error.line, column: error.column, value: error.value, reason: error.reason))
                continue
            }
            batch.events.append(SelectedEvent(
                id: event.id, key: DyadDay(source: source, target: target, day: event.day), quadClass: quad,
                count: event.count, mentions: event.mentions, goldstein: event.goldstein, tone: event.tone,
                hostHash: event.hostHash, urlHash: event.urlHash, eventCode: event.eventCode.raw))
            if batch.events.count == batchSize {
                batch.bytesRead = reader.bytesConsumed
                batch.recordsRead = recordsRead
                guard queue.push(batch) else { return }
                batch = EventBatch()
                batch.totalBytes = size
                batch.events.reserveCapacity(batchSize)
            }
        }
        batch.bytesRead = reader.bytesConsumed
        batch.recordsRead = recordsRead
        batch.summary = FileSummary(
            layout: reader.layout?.rawValue ?? "empty", checksum: try input.finishChecksum(), recordsRead: recordsRead, rejects: rejects,
            drops: [("actor country missing or the same", missingActors), ("actor country not a COW state", notStates),
                    ("not a root event", notRoot), ("too few sources", fewSources), ("too few articles", fewArticles),
                    ("actor type not selected", otherTypes)])
        _ = queue.push(batch)
    }
}

/// A file's tallies by dyad-day: open addressing on the packed key with a multiplicative hash, the tallies in a
/// flat array in arrival order. Same sums as a `[DyadDay: EventTally]` (each key's events are added in the same
/// order), without a seeded SipHash and a dictionary probe per event.
struct DyadDayTable {
    /// `UInt64.max` marks an empty slot (no COW code packs to 0xFFFF).
    private var slots = [UInt64](repeating: .max, count: 1 << 12)
    private var positions = [Int32](repeating: 0, count: 1 << 12)
    private var keys: [DyadDay] = []
    var values: [EventTally] = []
    private var hasHost: [Bool] = []
    /// Keys with at least one source host, what `[DyadDay: Set<UInt64>].count` was.
    private(set) var keysWithHosts = 0

    var count: Int { keys.count }

    /// The index in `values` of `key`'s tally, a new zero tally if the key is new.
    @inline(__always)
    mutating func slot(_ key: DyadDay) -> Int {
        let packed = key.packed
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let found = slots[slot]
            if found == packed { return Int(positions[slot]) }
            if found == .max { break }
            slot = (slot + 1) & mask
        }
        let position = keys.count
        keys.append(key)
        values.append(EventTally())
        hasHost.append(false)
        slots[slot] = packed
        positions[slot] = Int32(position)
        if keys.count * 2 > slots.count { grow() }
        return position
    }

    @inline(__always)
    mutating func markHost(_ position: Int) {
        if !hasHost[position] {
            hasHost[position] = true
            keysWithHosts += 1
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: .max, count: slots.count * 2)
        positions = [Int32](repeating: 0, count: slots.count)
        let mask = slots.count - 1
        for (position, key) in keys.enumerated() {
            let packed = key.packed
            var slot = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while slots[slot] != .max { slot = (slot + 1) & mask }
            slots[slot] = packed
            positions[slot] = Int32(position)
        }
    }

    /// The tallies in key order, and each position's place in that order (for `HostPairSet.grouped`).
    func sorted() -> (tallies: [(key: DyadDay, value: EventTally)], ranks: [Int32]) {
        // (packed key, position) pairs compare as plain integers, without going through the arrays per comparison.
        var order = keys.indices.map { (keys[$0].packed, $0) }
        order.sort { $0.0 < $1.0 }
        var ranks = [Int32](repeating: 0, count: keys.count)
        for (rank, entry) in order.enumerated() { ranks[entry.1] = Int32(rank) }
        return (order.map { (keys[$0.1], values[$0.1]) }, ranks)
    }

    mutating func removeAll() {
        for index in slots.indices { slots[index] = .max }
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        hasHost.removeAll(keepingCapacity: true)
        keysWithHosts = 0
    }
}

/// Distinct (dyad-day, source host) pairs of a file, by open addressing; a dyad-day is its position in the
/// file's `DyadDayTable`. Host 0 (no URL) is never stored.
struct HostPairSet {
    private var slots = [(position: Int32, host: UInt64)](repeating: (0, 0), count: 1 << 14)
    private var pairs: [(position: Int32, host: UInt64)] = []

    private static func hash(_ position: Int32, _ host: UInt64) -> Int {
        Int(truncatingIfNeeded: ((UInt64(UInt32(bitPattern: position)) << 32 ^ host) &* 0x9E37_79B9_7F4A_7C15) >> 40)
    }

    @inline(__always)
    mutating func insert(_ position: Int, _ host: UInt64) {
        let position = Int32(truncatingIfNeeded: position)
        let mask = slots.count - 1
        var slot = Self.hash(position, host) & mask
        while true {
            let found = slots[slot]
            if found.host == 0 { break }
            if found.host == host && found.position == position { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = (position, host)
        pairs.append((position, host))
        if pairs.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [(position: Int32, host: UInt64)](repeating: (0, 0), count: slots.count * 2)
        let mask = slots.count - 1
        for pair in pairs {
            var slot = Self.hash(pair.position, pair.host) & mask
            while slots[slot].host != 0 { slot = (slot + 1) & mask }
            slots[slot] = pair
        }
    }

    /// The hosts in the order of the tallies `ranks` sorts them into, each dyad-day's run ascending:
    /// `hosts[offsets[i]..<offsets[i + 1]]` belong to the i-th tally. A counting sort by rank, then a sort of each
    /// run (a few hosts, usually), instead of sorting every pair by key and host.
    func grouped(ranks: [Int32]) -> (hosts: [UInt64], offsets: [Int]) {
        var offsets = [Int](repeating: 0, count: ranks.count + 1)
        for pair in pairs { offsets[Int(ranks[Int(pair.position)]) + 1] += 1 }
        for index in ranks.indices { offsets[index + 1] += offsets[index] }
        var next = offsets
        var hosts = [UInt64](repeating: 0, count: pairs.count)
        hosts.withUnsafeMutableBufferPointer { hosts in
            for pair in pairs {
                let rank = Int(ranks[Int(pair.position)])
                hosts[next[rank]] = pair.host
                next[rank] += 1
            }
            for rank in ranks.indices where offsets[rank + 1] - offsets[rank] > 1 {
                var run = UnsafeMutableBufferPointer(rebasing: hosts[offsets[rank]..<offsets[rank + 1]])
                run.sort()
            }
        }
        return (hosts, offsets)
    }

    mutating func removeAll() {
        for index in slots.indices { slots[index] = (0, 0) }
        pairs.removeAll(keepingCapacity: true)
    }
}

/// Same day, actors, event code and source URL: GDELT's re-emitted stories.
struct NearDuplicateKey: Hashable {
    var day: Int
    var actors: UInt64
    var code: UInt32
    var url: UInt64
}

/// CAMEO actor country codes to COW codes, as a flat table indexed by the three letters: one array read per
/// actor at ingest speed.
struct CameoCountryTable: Sendable {
    private var codes = [Int16](repeating: 0, count: 26 * 26 * 26)

    init(reference: ReferenceData) {
        for (cameo, code) in reference.cameoCountries {
            guard let code, let slot = Self.slot(PackedCode(cameo)) else { continue }
            codes[slot] = Int16(code.rawValue)
        }
    }

    private static func slot(_ code: PackedCode) -> Int? {
        let raw = code.raw
        let a = Int(raw & 0xFF) - 65, b = Int((raw >> 8) & 0xFF) - 65, c = Int((raw >> 16) & 0xFF) - 65
        guard raw >> 24 == 0, (0..<26).contains(a), (0..<26).contains(b), (0..<26).contains(c) else { return nil }
        return (a * 26 + b) * 26 + c
    }

    subscript(code: PackedCode) -> CountryCode? {
        guard let slot = Self.slot(code), codes[slot] != 0 else { return nil }
        return CountryCode(Int(codes[slot]))
    }
}
