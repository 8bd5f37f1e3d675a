import EntenteCore
import Foundation

/// The natural keys one file has given so far, each kept as a hash of its values with the line that first had it
/// (about 30 bytes a row, where the values themselves would take a hundred).
struct KeyIndex {
    private let key: NaturalKey
    private let dataset: String
    private let path: String
    private let targets: [Int]
    private var seen = HashLines()
    /// Rows admitted because their key is one of the key's `knownRepeats`.
    private(set) var knownRepeats = 0

    init(key: NaturalKey, table: StoredTable, dataset: String, path: String) {
        let positions = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1.name, $0) })
        self.key = key
        self.dataset = dataset
        self.path = path
        targets = key.columns.map { name in
            guard let index = positions[name] else { preconditionFailure("the key of \(dataset) names \(name), which it does not store") }
            return index
        }
    }

    /// Checks every row of one record before recording any of their keys, so that a record that fails leaves
    /// nothing behind (under keep-going its rows are rejected together).
    mutating func admit(_ rows: [[FieldValue]], line: Int) throws {
        if rows.count == 1 {
            guard let hash = hash(rows[0]) else { return }
            if let first = seen.line(of: hash) {
                try repeated(rows[0], line: line, first: first)
            } else {
                seen.insert(hash, line: line)
            }
            return
        }
        var hashes: [HashLines.Hash] = []
        for row in rows {
            guard let hash = hash(row) else { continue }
            if let first = seen.line(of: hash) ?? (hashes.contains { $0 == hash } ? line : nil) {
                try repeated(row, line: line, first: first)
            }
            hashes.append(hash)
        }
        for hash in hashes where seen.line(of: hash) == nil { seen.insert(hash, line: line) }
    }

    private mutating func repeated(_ row: [FieldValue], line: Int, first: Int) throws {
        let values = targets.map { row[$0].keyText }
        if key.knownRepeats.contains(values) {
            knownRepeats += 1
            return
        }
        let names = key.columns.joined(separator: ", ")
        throw FormatError(path: path, line: line, column: names, value: values.joined(separator: ", "),
                          reason: first == line ? "the record gives this key twice: \(dataset) holds one row per \(names)"
                              : "this key repeats line \(first): \(dataset) holds one row per \(names)")
    }

    /// Nil when a part of the key is missing: like SQL's UNIQUE, such a key identifies nothing.
    private func hash(_ row: [FieldValue]) -> HashLines.Hash? {
        var high = Hasher(), low = Hasher()
        // A different first input makes the second hash independent of the first.
        low.combine(1 as UInt8)
        for target in targets {
            if case .null = row[target] { return nil }
            high.combine(row[target])
            low.combine(row[target])
        }
        return (UInt64(UInt(bitPattern: high.finalize())), UInt64(UInt(bitPattern: low.finalize())))
    }
}

/// Key hashes with a line each, in open addressing over one flat array, so that a probe reads one cache line:
/// per slot the hash's high word, then its low word's top 32 bits above the line (0 marks an empty slot; lines
/// start at 1). The 96 bits kept still make a false repeat unlikely beyond reason (n²/2⁹⁷: 10⁻¹⁷ for a million
/// rows), and the hashes are uniform already, so their low bits choose the slot.
struct HashLines {
    typealias Hash = (high: UInt64, low: UInt64)
    private var slots = [UInt64](repeating: 0, count: 2 << 12)
    private var count = 0
    private static let lineBits: UInt64 = 0xFFFF_FFFF

    /// The line recorded with `hash`, if any.
    func line(of hash: Hash) -> Int? {
        let mask = slots.count / 2 - 1
        let tag = hash.low & ~Self.lineBits
        var slot = Int(truncatingIfNeeded: hash.high) & mask
        while true {
            let second = slots[2 * slot + 1]
            if second & Self.lineBits == 0 { return nil }
            if slots[2 * slot] == hash.high && second & ~Self.lineBits == tag { return Int(second & Self.lineBits) }
            slot = (slot + 1) & mask
        }
    }

    /// Records a hash not yet present.
    mutating func insert(_ hash: Hash, line: Int) {
        if (count + 1) * 10 > slots.count / 2 * 7 { grow() }
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: hash.high) & mask
        while slots[2 * slot + 1] & Self.lineBits != 0 { slot = (slot + 1) & mask }
        slots[2 * slot] = hash.high
        slots[2 * slot + 1] = hash.low & ~Self.lineBits | UInt64(UInt32(clamping: max(1, line)))
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for slot in stride(from: 0, to: old.count, by: 2) where old[slot + 1] & Self.lineBits != 0 {
            insert((old[slot], old[slot + 1] & ~Self.lineBits), line: Int(old[slot + 1] & Self.lineBits))
        }
    }
}

private extension FieldValue {
    /// The value as `NaturalKey.knownRepeats` and error messages write it.
    var keyText: String {
        switch self {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        }
    }
}
