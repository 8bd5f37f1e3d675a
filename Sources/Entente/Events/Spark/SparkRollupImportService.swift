import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// Merges the output of a Spark roll-up job into the store through the native import's writer: per input file,
/// its event IDs registered, its dyad-days added by the same upsert, and a ledger row with its drops and rejects,
/// so that a later `events import` or `events sync` skips the file and never counts its events again.
///
/// The whole roll-up goes in one transaction (all or nothing). A file whose bytes are already in the ledger is
/// skipped, so importing the same roll-up twice changes nothing. A roll-up written with another selection or by an
/// incompatible Entente is refused, and so is one that counts an event ID the store has already counted (the
/// job could not see the store: merging it would count that event twice).
public struct SparkRollupImportService: Sendable {
    public let database: EntenteDatabase

    /// Dyad-days handed to the writer at a time.
    public var rowsPerWrite = 50_000

    /// Creates the service.
    public init(database: EntenteDatabase) {
        self.database = database
    }

    /// Imports the roll-up in `folder`, computed under `selection`; reports one entry per input file of the job.
    public func importRollup(_ folder: String, selection: EventSelection = EventSelection(),
                             willStart: (String) -> Void = { _ in }) throws -> [EventFileReport] {
        let rollup = try SparkRollupFolder(path: folder)
        try rollup.job.checkImportable(as: selection)
        let rows = try rollup.rows()
        let ids = try rollup.eventIDs()
        let rejects = try rollup.rejects()
        let summary = rollup.job.eventSelection.summary
        return try database.importEvents(atomic: true) { session in
            var reports: [EventFileReport] = []
            for file in rollup.files {
                willStart(file.name)
                if !file.isLoaded {
                    let previous = try session.earlierImport(dataset: "gdelt", sha256: file.sha256)
                    reports.append(EventFileReport(path: file.path, record: nil, previous: previous, drops: []))
                    continue
                }
                if let previous = try session.earlierImport(dataset: "gdelt", sha256: file.sha256) {
                    try skip(file: file.file, rows: rows, ids: ids)
                    reports.append(EventFileReport(path: file.path, record: nil, previous: previous, drops: []))
                    continue
                }
                let drops = (file.drops ?? []).map { (rule: $0.rule, rows: $0.rows) }
                let ledger = ImportRecord(dataset: "gdelt", layout: "", fileName: file.name, filePath: file.path, sha256: file.sha256,
                                          bytes: file.bytes, importedAt: ISO8601DateFormatter().string(from: Date()),
                                          ententeVersion: EntenteVersion.current)
                let record = try session.addEvents(ledger: ledger) { writer in
                    try register(file: file, ids: ids, writer: writer)
                    try add(file: file, rows: rows, writer: writer)
                    var counts = LoadCounts()
                    counts.layout = (file.layout ?? "empty") + "; " + summary
                    counts.rowsRead = file.rowsRead ?? 0
                    counts.rowsLoaded = file.rowsLoaded ?? 0
                    counts.rejects = rejects[file.file] ?? []
                    guard counts.rejects.count == (file.rowsRejected ?? 0) else {
                        throw InputError(path: folder, message: "the roll-up sets aside \(counts.rejects.count) lines of \(file.name), its files/ "
                                         + "line says \(file.rowsRejected ?? 0): the roll-up is incomplete; run the job again into an empty folder")
                    }
                    return (counts, drops, file.sha256)
                }
                reports.append(EventFileReport(path: file.path, record: record, previous: nil, drops: drops))
            }
            if try rows.peek() != nil || ids.peek() != nil {
                throw InputError(path: folder, message: "the roll-up holds rows of files its files/ does not list: run the job again into an empty folder")
            }
            return reports
        }
    }

    /// Registers a file's counted event IDs; an ID the store counted before refuses the roll-up.
    private func register(file: SparkRollupFile, ids: SparkRollupIDs, writer: EventWriter) throws {
        var registered = 0
        while let next = try ids.peek(), next.file <= file.file {
            _ = try ids.take()
            guard next.file == file.file else { continue }
            guard try writer.registerEvent(id: next.id) else {
                throw SparkRollupRefusal(message: "\(file.name): event ID \(next.id) was counted by an earlier import into this database; the "
                                         + "Spark job could not see it, so merging its roll-up would count the event twice. Import the files "
                                         + "not yet in the database with `entente events import`, or run the job on those files only")
            }
            registered += 1
        }
        guard registered == file.eventIDs ?? 0 else {
            throw InputError(path: file.path, message: "the roll-up lists \(registered) event IDs for \(file.name), its files/ line "
                             + "\(file.eventIDs ?? 0): the roll-up is incomplete; run the job again into an empty folder")
        }
    }

    /// Adds a file's dyad-days in parts of `rowsPerWrite`.
    private func add(file: SparkRollupFile, rows: SparkRollupRows, writer: EventWriter) throws {
        var tallies: [(key: DyadDay, value: EventTally)] = []
        var hosts: [UInt64] = []
        var offsets = [0]
        var dyadDays = 0
        func flush() throws {
            guard !tallies.isEmpty else { return }
            try writer.add(sortedTallies: tallies, hosts: hosts, hostOffsets: offsets)
            tallies.removeAll(keepingCapacity: true)
            hosts.removeAll(keepingCapacity: true)
            offsets = [0]
        }
        while let row = try rows.peek(), row.file <= file.file {
            _ = try rows.take()
            guard row.file == file.file else { continue }
            tallies.append((row.key, row.tally))
            hosts += row.hosts
            offsets.append(hosts.count)
            dyadDays += 1
            if tallies.count >= rowsPerWrite { try flush() }
        }
        try flush()
        guard dyadDays == file.dyadDays ?? 0 else {
            throw InputError(path: file.path, message: "the roll-up holds \(dyadDays) dyad-days for \(file.name), its files/ line "
                             + "\(file.dyadDays ?? 0): the roll-up is incomplete; run the job again into an empty folder")
        }
    }

    /// Passes over the rows and IDs of a file that is not imported.
    private func skip(file: Int, rows: SparkRollupRows, ids: SparkRollupIDs) throws {
        while let row = try rows.peek(), row.file <= file { _ = try rows.take() }
        while let id = try ids.peek(), id.file <= file { _ = try ids.take() }
    }
}
