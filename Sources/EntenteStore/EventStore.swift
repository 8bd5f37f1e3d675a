import EntenteCore
import Foundation
import GRDB
import GRDBSQLite

/// Writes one event file's contribution inside its import transaction: duplicate control over event IDs, then
/// the file's dyad-day tallies and source hosts added to what earlier files stored.
public final class EventWriter {
    private let db: Database
    private let connection: OpaquePointer
    private let earlier: [(min: Int64, max: Int64, ledger: Int64)]
    private let blocks: EventIDBlockCache
    @exclusivity(unchecked) private var ids = EventIDSet()

    init(db: Database, blocks: EventIDBlockCache) throws {
        self.db = db
        self.blocks = blocks
        connection = db.sqliteConnection!
        earlier = try Row.fetchAll(db, sql: "SELECT min_id, max_id, ledger_id FROM event_id_blocks ORDER BY min_id").map {
            ($0[0], $0[1], $0[2])
        }
    }

    private static func prepare(_ connection: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        return statement
    }

    /// Records an event ID; `false` if it was counted before, in this file or an earlier one.
    @inline(__always)
    public func registerEvent(id: Int64) throws -> Bool {
        let slot = ids.slot(of: id)
        if ids.isFound(id, at: slot) { return false }
        for block in earlier where block.min <= id && id <= block.max {
            if try blocks.contains(id, ledger: block.ledger, db: db) { return false }
        }
        ids.insert(id, at: slot)
        return true
    }

    /// The ledger row of an earlier import of the same bytes, looked up inside this transaction.
    public func earlierImport(dataset: String, sha256: String) throws -> ImportRecord? {
        try ImportRecord.filter(Column("dataset") == dataset && Column("sha256") == sha256).order(Column("id")).fetchOne(db)
    }

    /// Stores this file's new IDs as its block.
    func storeIDs(ledger: Int64) throws {
        // Arrival order is nearly sorted (GDELT's IDs rise through a file), which the sort is quick on.
        let sorted = ids.inArrivalOrder.sorted()
        guard let low = sorted.first, let high = sorted.last else { return }
        try db.execute(sql: "INSERT INTO event_id_blocks (ledger_id, min_id, max_id, count, ids) VALUES (?, ?, ?, ?, ?)",
                       arguments: [ledger, low, high, sorted.count, Data(EventIDCoding.encode(sorted))])
    }

    /// Dyad-day additions written so far (a dyad-day flushed twice counts twice).
    public private(set) var dyadDaysWritten = 0
    /// Whether this file has written roll-up rows yet (its transaction then holds part of it).
    private(set) var hasWritten = false
    /// Set by the session: commits the files before this one, called before a file's first partial flush.
    var commitEarlierFiles: (() throws -> Void)?

    func markWriting() { hasWritten = true }

    /// To be called before adding tallies or hosts while the file is still being read (a file spanning many days
    /// flushes in parts): the complete files before it are committed first, so that if this file fails later,
    /// rolling back the transaction takes nothing but this file's rows with it.
    public func willFlushBeforeTheEnd() throws {
        guard !hasWritten, let commit = commitEarlierFiles else { return }
        commitEarlierFiles = nil
        try commit()
    }

    /// Adds a file's dyad-day tallies and their source hosts to the stored dyad-days, creating the ones not yet
    /// there. `tallies` are in key order, each key once; the i-th tally's distinct hosts are
    /// `hosts[hostOffsets[i]..<hostOffsets[i + 1]]`, ascending. Callers may flush partial tallies as often as they
    /// like: counts add up and host sets join. Rows go `tallyRowsPerStatement` to a statement, which saves most of
    /// SQLite's per-statement work; each row is still its own upsert.
    public func add(sortedTallies tallies: [(key: DyadDay, value: EventTally)], hosts: [UInt64], hostOffsets: [Int]) throws {
        guard hostOffsets.count == tallies.count + 1, hostOffsets.last == hosts.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(hostOffsets.count) host offsets for \(tallies.count) tallies")
        }
        dyadDaysWritten += tallies.count
        hasWritten = true
        // Each tally's hosts are bound in place from one buffer, which outlives every step.
        let stored = hosts.map(\.littleEndian)
        let row = "(" + Array(repeating: "?", count: 17).joined(separator: ", ") + ")"
        try stored.withUnsafeBytes { hostBytes in
            try insert(Array(tallies.enumerated()), width: Self.tallyRowsPerStatement, columns: 17, statement: { values in """
                INSERT INTO event_dyad_day VALUES \(values)
                ON CONFLICT (source, target, day) DO UPDATE SET
                    events = events + excluded.events, mentions = mentions + excluded.mentions,
                    events_q1 = events_q1 + excluded.events_q1, events_q2 = events_q2 + excluded.events_q2,
                    events_q3 = events_q3 + excluded.events_q3, events_q4 = events_q4 + excluded.events_q4,
                    mentions_q1 = mentions_q1 + excluded.mentions_q1, mentions_q2 = mentions_q2 + excluded.mentions_q2,
                    mentions_q3 = mentions_q3 + excluded.mentions_q3, mentions_q4 = mentions_q4 + excluded.mentions_q4,
                    goldstein_sum = goldstein_sum + excluded.goldstein_sum, tone_sum = tone_sum + excluded.tone_sum,
                    toned_events = toned_events + excluded.toned_events,
                    hosts = \(SourceHostSet.unionFunction)(hosts, excluded.hosts)
                """ }, placeholders: row) { statement, base, entry in
                let (index, (key, tally)) = entry
                let hostRange = hostOffsets[index]..<hostOffsets[index + 1]
                func bind(_ offset: Int32, _ value: Int) { sqlite3_bind_int64(statement, base + offset, Int64(value)) }
                bind(1, key.source.rawValue)
                bind(2, key.target.rawValue)
                bind(3, key.day)
                bind(4, tally.events)
                bind(5, tally.mentions)
                for quad in 0..<4 {
                    bind(6 + Int32(quad), tally.eventsByQuad[quad])
                    bind(10 + Int32(quad), tally.mentionsByQuad[quad])
                }
                sqlite3_bind_double(statement, base + 14, tally.goldsteinSum)
                sqlite3_bind_double(statement, base + 15, tally.toneSum)
                bind(16, tally.tonedEvents)
                if hostRange.isEmpty {
                    // A blob bound from no bytes would be NULL.
                    sqlite3_bind_zeroblob(statement, base + 17, 0)
                } else {
                    sqlite3_bind_blob(statement, base + 17, hostBytes.baseAddress! + hostRange.lowerBound * 8,
                                      Int32(hostRange.count * 8), nil)
                }
            }
        }
    }

    static let tallyRowsPerStatement = 32

    /// Writes `rows` `width` to a statement (what is left one at a time): `statement` makes the SQL from the
    /// VALUES list, `bind` binds one row from parameter `base + 1` on.
    private func insert<Row>(_ rows: [Row], width: Int, columns: Int32, statement sql: (String) -> String, placeholders: String,
                             bind: (OpaquePointer, Int32, Row) -> Void) throws {
        let wide = try Self.prepare(connection, sql(Array(repeating: placeholders, count: width).joined(separator: ", ")))
        defer { sqlite3_finalize(wide) }
        let single = try Self.prepare(connection, sql(placeholders))
        defer { sqlite3_finalize(single) }
        var index = 0
        while index < rows.count {
            let statement = rows.count - index >= width ? wide : single
            let count = statement == wide ? width : 1
            sqlite3_reset(statement)
            for row in 0..<count { bind(statement, Int32(row) * columns, rows[index + row]) }
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(connection)))
            }
            index += count
        }
    }
}

/// The event IDs of one file: open addressing on a multiplicative hash (cheaper than `Set`'s seeded SipHash at
/// ingest rates), plus the IDs in arrival order for storing.
struct EventIDSet {
    /// 0 marks an empty slot; the ID 0 itself is kept in `hasZero`.
    private var slots = [Int64](repeating: 0, count: 1 << 16)
    private var mask = (1 << 16) - 1
    private var hasZero = false
    private(set) var inArrivalOrder: [Int64] = []

    @inline(__always)
    func slot(of id: Int64) -> Int {
        if id == 0 { return -1 }
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while slots[slot] != 0 && slots[slot] != id { slot = (slot + 1) & mask }
        return slot
    }

    @inline(__always)
    func isFound(_ id: Int64, at slot: Int) -> Bool { slot < 0 ? hasZero : slots[slot] == id }

    /// Inserts an ID that `slot(of:)` just placed at `slot` and `isFound` said is new.
    mutating func insert(_ id: Int64, at slot: Int) {
        inArrivalOrder.append(id)
        if slot < 0 {
            hasZero = true
            return
        }
        if (inArrivalOrder.count) * 2 > slots.count {
            grow()
            slots[self.slot(of: id)] = id
        } else {
            slots[slot] = id
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Int64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for id in old where id != 0 { slots[slot(of: id)] = id }
    }
}

/// Earlier files' stored event IDs, decoded once per import session (not once per file) and kept sorted for a
/// binary search; at most `limit` blocks are held, so memory stays bounded over any number of files.
final class EventIDBlockCache {
    private var sortedIDs: [Int64: [Int64]] = [:]
    private let limit = 64

    func contains(_ id: Int64, ledger: Int64, db: Database) throws -> Bool {
        let ids: [Int64]
        if let known = sortedIDs[ledger] {
            ids = known
        } else {
            let blob = try Data.fetchOne(db, sql: "SELECT ids FROM event_id_blocks WHERE ledger_id = ?", arguments: [ledger]) ?? Data()
            ids = EventIDCoding.decode([UInt8](blob))
            if sortedIDs.count >= limit { sortedIDs.removeAll(keepingCapacity: true) }
            sortedIDs[ledger] = ids
        }
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) >> 1
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id
    }

    /// After a rollback a ledger ID can be reused by another file: forget everything.
    func removeAll() { sortedIDs.removeAll() }
}

/// The database side of one `events import` run. The files share one write transaction, committed once it has
/// been open `commitInterval` (and at the end): one commit per file used to write every touched B-tree page of the
/// roll-up tables to the WAL once per file (a file's dyad-days are spread over the whole key range).
///
/// Each file stays atomic without a savepoint (a savepoint copies every page the file touches into a
/// sub-journal first, which cost more than the upserts): a file writes its rows only once it has been read to the
/// end and checked, so a file that fails or turns out to be known has written nothing. A file large enough to
/// flush before its end first commits the files before it (`EventWriter.willFlushBeforeTheEnd`), so a later
/// failure rolls back the transaction, which then holds nothing but that file. A database error while a file's
/// rows are being written rolls back the whole uncommitted transaction: the ledger stays consistent, and the
/// files it held are imported again next time.
public final class EventImportSession {
    private let db: Database
    fileprivate let blocks = EventIDBlockCache()
    private var transactionStarted = ContinuousClock.now
    /// How long the shared transaction may stay open before `commitIfDue` commits it: what a crash can lose, at
    /// most, is this much work (the ledger stays consistent either way).
    public static let commitInterval: Duration = .seconds(2)

    fileprivate init(db: Database) {
        self.db = db
    }

    /// The ledger row of an earlier import of the same bytes, looked up inside the session's transaction.
    public func earlierImport(dataset: String, sha256: String) throws -> ImportRecord? {
        try ImportRecord.filter(Column("dataset") == dataset && Column("sha256") == sha256).order(Column("id")).fetchOne(db)
    }

    /// Commits the files added so far when the transaction has been open for `commitInterval`.
    public func commitIfDue() throws {
        guard ContinuousClock.now - transactionStarted >= Self.commitInterval else { return }
        try commitNow()
    }

    private func commitNow() throws {
        try db.commit()
        try db.beginTransaction(.immediate)
        transactionStarted = .now
    }

    /// Imports one event file: `load` registers events and writes tallies through the writer (only after the
    /// whole file has been read, or see `EventWriter.willFlushBeforeTheEnd`), and returns the file's counts, which
    /// are stored with the ledger row and the per-rule drop counts. If anything throws, nothing of this file stays.
    public func addEvents(ledger: ImportRecord,
                          load: (EventWriter) throws -> (counts: LoadCounts, drops: [(rule: String, rows: Int)], checksum: String))
        throws -> ImportRecord {
        let writer = try EventWriter(db: db, blocks: blocks)
        writer.commitEarlierFiles = { [unowned self] in try self.commitNow() }
        do {
            return try Self.addEvents(db: db, writer: writer, ledger: ledger, load: load)
        } catch {
            if writer.hasWritten {
                // Part of this file is in the transaction: roll it back (see the type's comment), and go on in a
                // fresh one. A rolled-back ledger ID can be given out again, so the decoded blocks go too.
                blocks.removeAll()
                if db.isInsideTransaction { try db.rollback() }
                try db.beginTransaction(.immediate)
                transactionStarted = .now
            }
            throw error
        }
    }

    fileprivate static func addEvents(db: Database, writer: EventWriter, ledger: ImportRecord,
                                      load: (EventWriter) throws -> (counts: LoadCounts, drops: [(rule: String, rows: Int)], checksum: String))
        throws -> ImportRecord {
        let started = ContinuousClock.now
        let result = try load(writer)
        // Whatever follows writes rows of this file.
        writer.commitEarlierFiles = nil
        writer.markWriting()
        var record = ledger
        record.layout = result.counts.layout
        record.rowsRead = result.counts.rowsRead
        record.rowsLoaded = result.counts.rowsLoaded
        record.rowsRejected = result.counts.rejects.count
        record.rowsStored = writer.dyadDaysWritten
        record.sha256 = result.checksum
        let elapsed = ContinuousClock.now - started
        record.durationSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        try record.insert(db)
        try writer.storeIDs(ledger: record.id!)
        for drop in result.drops where drop.rows > 0 {
            try db.execute(sql: "INSERT INTO event_drops (ledger_id, rule, rows) VALUES (?, ?, ?)",
                           arguments: [record.id, drop.rule, drop.rows])
        }
        for reject in result.counts.rejects {
            try db.execute(sql: """
                INSERT INTO import_rejects (ledger_id, dataset, line, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [record.id, ledger.dataset, reject.line, reject.column, reject.value, reject.reason])
        }
        return record
    }
}

extension EntenteDatabase {
    /// Runs an event import session (see `EventImportSession`). When `body` throws, the files it added before the
    /// failing one are committed (each was complete in its savepoint) and the error is rethrown; with `atomic`,
    /// they are rolled back too, so the session leaves all or nothing (its caller must not use
    /// `EventImportSession.commitIfDue` or `EventWriter.willFlushBeforeTheEnd`, which commit on the way).
    public func importEvents<T>(atomic: Bool = false, _ body: (EventImportSession) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            // Multi-row upserts inside a transaction keep a statement journal; in memory (one statement's pages)
            // it costs a copy, in a temporary file it cost a write system call per page.
            let temporaryStore = try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            defer { try? db.execute(sql: "PRAGMA temp_store = \(temporaryStore)") }
            try db.beginTransaction(.immediate)
            let session = EventImportSession(db: db)
            let result: T
            do {
                result = try body(session)
            } catch {
                if db.isInsideTransaction {
                    if atomic {
                        try? db.rollback()
                    } else {
                        do { try db.commit() } catch { try? db.rollback() }
                    }
                }
                throw error
            }
            try db.commit()
            return result
        }
    }

    /// The ledger row of an earlier import of the same bytes into `dataset`, if any.
    public func earlierImport(dataset: String, sha256: String) throws -> ImportRecord? {
        try queue.read { db in
            try ImportRecord.filter(Column("dataset") == dataset && Column("sha256") == sha256).order(Column("id")).fetchOne(db)
        }
    }

    /// Names and sizes of every file imported into `dataset`, as `name|bytes`.
    public func importedFiles(dataset: String) throws -> Set<String> {
        try queue.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT file_name, bytes FROM import_ledger WHERE dataset = ?", arguments: [dataset])
                .map { "\($0[0] as String)|\($0[1] as Int)" })
        }
    }

    /// Imports one event file in its own transaction (see `EventImportSession.addEvents`).
    public func addEvents(ledger: ImportRecord,
                          load: (EventWriter) throws -> (counts: LoadCounts, drops: [(rule: String, rows: Int)], checksum: String))
        throws -> ImportRecord {
        try importEvents { session in try session.addEvents(ledger: ledger, load: load) }
    }
}

/// Sorted event IDs as unsigned LEB128 varints of their differences: a GDELT file's rising IDs take 2–3 bytes each.
enum EventIDCoding {
    static func encode(_ sorted: [Int64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.count * 3)
        var previous: Int64 = 0
        for id in sorted {
            var delta = UInt64(bitPattern: id &- previous)
            previous = id
            while delta >= 0x80 {
                bytes.append(UInt8(delta & 0x7F) | 0x80)
                delta >>= 7
            }
            bytes.append(UInt8(delta))
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [Int64] {
        var ids: [Int64] = []
        var previous: Int64 = 0
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 != 0 {
                shift += 7
                continue
            }
            previous = previous &+ Int64(bitPattern: value)
            ids.append(previous)
            value = 0
            shift = 0
        }
        return ids
    }
}
