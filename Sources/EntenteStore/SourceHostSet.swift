import Foundation
import GRDB
import GRDBSQLite

/// The distinct source hosts of a dyad-day, as stored in `event_dyad_day.hosts`: the 64-bit hashes of the hosts
/// of its events' SOURCEURLs, sorted as unsigned integers, each once, 8 bytes little-endian apiece.
///
/// One blob per dyad-day, not one row per (dyad-day, host): the row per host was a third of an import's time,
/// and a dyad-day's hosts are only ever read together.
public struct SourceHostSet: Hashable, Sendable {
    /// The host hashes in ascending order, each once.
    public private(set) var hashes: [UInt64]

    /// A set of `hashes` in any order, repeats allowed.
    public init<Hashes: Sequence<UInt64>>(_ hashes: Hashes) {
        self.hashes = Array(Set(hashes)).sorted()
    }

    /// Reads a stored blob; `nil` unless it is a whole number of sorted, distinct 8-byte hashes.
    public init?(encoded data: Data) {
        guard data.count % 8 == 0 else { return nil }
        let hashes = data.withUnsafeBytes { raw in
            (0..<data.count / 8).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
        guard zip(hashes, hashes.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.hashes = hashes
    }

    /// The stored form.
    public var encoded: Data {
        hashes.map(\.littleEndian).withUnsafeBytes { Data($0) }
    }

    /// `entente_host_union(a, b)`: the union of two stored sets, for the roll-up's upsert.
    public static let unionFunction = "entente_host_union"
    /// `entente_host_count(hosts)`: an aggregate, the number of distinct hosts across the rows' sets (a month's
    /// sources are not the sum of its days').
    public static let countFunction = "entente_host_count"

    /// Registers the two SQL functions above on a connection.
    static func register(on db: Database) throws {
        // The union runs once for every dyad-day an import adds to: in C convention it reads both blobs in place
        // and merges them straight into SQLite's result, where GRDB's boxing of values took longer than the merge.
        guard sqlite3_create_function_v2(db.sqliteConnection, unionFunction, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
                                         hostUnion, nil, nil, nil) == SQLITE_OK else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        db.add(function: DatabaseFunction(countFunction, argumentCount: 1, pure: true, aggregate: DistinctHostCount.self))
    }

    fileprivate static func decode(_ value: DatabaseValue) throws -> SourceHostSet {
        guard let data = Data.fromDatabaseValue(value), let set = SourceHostSet(encoded: data) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH,
                                message: "event_dyad_day.hosts is not a sorted list of 8-byte host hashes: \(value)")
        }
        return set
    }
}

/// The aggregate behind `entente_host_count`.
private struct DistinctHostCount: DatabaseAggregate {
    var hosts: Set<UInt64> = []

    mutating func step(_ values: [DatabaseValue]) throws {
        hosts.formUnion(try SourceHostSet.decode(values[0]).hashes)
    }

    func finalize() -> (any DatabaseValueConvertible)? { hosts.count }
}

/// `entente_host_union(a, b)` over two stored sets (`SourceHostSet`'s form), merged without decoding either;
/// a blob that is not a whole number of ascending 8-byte hashes is an error, not a silent mix.
private func hostUnion(_ context: OpaquePointer?, _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
    func hashes(_ value: OpaquePointer?) -> UnsafeRawBufferPointer? {
        let start = sqlite3_value_blob(value), bytes = Int(sqlite3_value_bytes(value))
        guard bytes % 8 == 0 else { return nil }
        return UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : bytes)
    }
    guard let values, let a = hashes(values[0]), let b = hashes(values[1]) else {
        sqlite3_result_error(context, "\(SourceHostSet.unionFunction): a host set must be a whole number of 8-byte hashes", -1)
        return
    }
    let left = a.count / 8, right = b.count / 8
    guard let merged = sqlite3_malloc64(UInt64(max(1, a.count + b.count))) else {
        sqlite3_result_error_nomem(context)
        return
    }
    func at(_ set: UnsafeRawBufferPointer, _ index: Int) -> UInt64 {
        UInt64(littleEndian: set.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
    }
    var i = 0, j = 0, written = 0
    var last: UInt64? = nil
    var ascending = true
    while i < left || j < right {
        let next: UInt64
        if j == right || (i < left && at(a, i) <= at(b, j)) {
            next = at(a, i)
            if j < right && at(b, j) == next { j += 1 }
            i += 1
        } else {
            next = at(b, j)
            j += 1
        }
        // Both inputs ascending, each once, give a strictly ascending merge; anything else shows here.
        if let last, last >= next { ascending = false }
        last = next
        merged.storeBytes(of: next.littleEndian, toByteOffset: written * 8, as: UInt64.self)
        written += 1
    }
    guard ascending else {
        sqlite3_free(merged)
        sqlite3_result_error(context, "\(SourceHostSet.unionFunction): a host set is not in ascending order", -1)
        return
    }
    sqlite3_result_blob64(context, merged, UInt64(written * 8), sqlite3_free)
}
