import Foundation
import GRDB

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
        var data = Data(capacity: hashes.count * 8)
        for hash in hashes { withUnsafeBytes(of: hash.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Both sets' hosts, each once (a merge of the two sorted lists).
    public func union(_ other: SourceHostSet) -> SourceHostSet {
        let a = hashes, b = other.hashes
        var merged: [UInt64] = []
        merged.reserveCapacity(a.count + b.count)
        var left = 0, right = 0
        while left < a.count && right < b.count {
            if a[left] < b[right] {
                merged.append(a[left])
                left += 1
            } else if b[right] < a[left] {
                merged.append(b[right])
                right += 1
            } else {
                merged.append(a[left])
                left += 1
                right += 1
            }
        }
        merged += a[left...]
        merged += b[right...]
        var result = self
        result.hashes = merged
        return result
    }

    /// `entente_host_union(a, b)`: the union of two stored sets, for the roll-up's upsert.
    public static let unionFunction = "entente_host_union"
    /// `entente_host_count(hosts)`: an aggregate, the number of distinct hosts across the rows' sets (a month's
    /// sources are not the sum of its days').
    public static let countFunction = "entente_host_count"

    /// The two SQL functions above, for a connection to register.
    static var functions: [DatabaseFunction] {
        [DatabaseFunction(unionFunction, argumentCount: 2, pure: true) { values in
            try decode(values[0]).union(decode(values[1])).encoded
        },
         DatabaseFunction(countFunction, argumentCount: 1, pure: true, aggregate: DistinctHostCount.self)]
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
