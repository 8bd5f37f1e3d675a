import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation
import Synchronization

struct EventParsePlan: Sendable {
    let countries: CameoCountryTable
    let selection: EventSelection
    let keepGoing: Bool
    /// `name|bytes` of files already in the ledger: only these are checksummed before parsing.
    let knownFiles: Set<String>
    let batchSize: Int
    let maxRecordLength: Int

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
        let checksumTaken = batch.checksum
        // Hashed as it is read in either case: for a file checksummed first, to catch a change between the passes.
        let (input, size) = try openInput(path: path, checksum: true)
        batch.totalBytes = size
        let reader = GDELTReader(path: path, input: input, maxRecordLength: maxRecordLength)
        reader.dyadicOnly = true
        reader.hashesURLs = selection.dropNearDuplicates
        reader.skipsOverlongRecords = keepGoing
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
        let checksum = try input.finishChecksum()
        if let checksumTaken, let checksum, checksum != checksumTaken {
            throw FileChangedAfterChecksum(path: path, before: checksumTaken, read: checksum)
        }
        batch.summary = FileSummary(
            layout: reader.layout?.rawValue ?? "empty", checksum: checksum, recordsRead: recordsRead, rejects: rejects,
            drops: [("actor country missing or the same", missingActors), ("actor country not a COW state", notStates),
                    ("not a root event", notRoot), ("too few sources", fewSources), ("too few articles", fewArticles),
                    ("actor type not selected", otherTypes)])
        _ = queue.push(batch)
    }
}

/// A file's tallies by dyad-day: open addressing on the packed key with a multiplicative hash, the tallies in a
/// flat array in arrival order. Same sums as a `[DyadDay: EventTally]` (each key's events are added in the same
/// order), without a seeded SipHash and a dictionary probe per event.
