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
                                  knownFiles: try database.importedFiles(dataset: "gdelt"), batchSize: max(1, eventsPerBatch),
                                  maxRecordLength: maxRecordLength)
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
    /// The most bytes one line of a file may have.
    public var maxRecordLength = DelimitedReader.defaultMaxRecordLength
}

/// Thrown while importing a file whose bytes were imported before (found once it has been read and checksummed,
/// before it writes anything): the file is skipped.
struct AlreadyImported: Error {
    var record: ImportRecord
}

/// One event that passed the selection, as the consumer needs it.
