import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation
import Synchronization

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
