import EntenteCore

/// The states a panel's rows pair: each year's members, and the pairs of them that were never members on a
/// common day of it.
protocol PanelMembership {
    /// The members in a year, in code order.
    func members(in year: Int) -> [CountryCode]
    /// The pairs of the year's members that have no dyad-year, each in code order.
    func pairsWithoutACommonDay(in year: Int) -> [(CountryCode, CountryCode)]
}

extension StateSystem: PanelMembership {}

/// Where every dyad-year of a panel sits, so that a source record finds its row by arithmetic instead of by
/// hashing: rows run year by year and, within a year, over the pairs of that year's members in ascending
/// (ccode1, ccode2) order, leaving out the few pairs that were never members on a common day of the year; a
/// directed panel puts (b, a) right after (a, b).
///
/// A *pair* is one non-directed dyad-year (one row non-directed, two rows directed). A *state-year* index is
/// `(year − firstYear + 1) << 10 | code`, dense from `firstYear − 1` (lagged covariates look one year back).
struct PanelRows: Sendable {
    /// COW codes are below 1000: a code is the low 10 bits of a state-year index.
    static let codeBits = 10
    static let codeLimit = 1 << codeBits

    let firstYear: Int
    let lastYear: Int
    let directed: Bool
    /// The keys of each row.
    let ccode1: [Int32], ccode2: [Int32], year: [Int32]
    /// Each year's members, ascending.
    let members: [[Int]]
    /// The first pair of each year, then the pair count.
    let yearStart: [Int]
    /// `memberIndex[(year − firstYear) << 10 | code]`: the code's position among the year's members, or −1.
    let memberIndex: [Int32]
    /// Per year, the positions in the triangle of all member pairs of those without a common day, ascending
    /// (empty in almost every year).
    let absent: [[Int]]

    /// The universe: every pair of system members in each year of `firstYear...lastYear` that were members on a
    /// common day of it.
    init(firstYear: Int, lastYear: Int, directed: Bool, stateSystem: some PanelMembership) {
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.directed = directed
        let members = (firstYear...lastYear).map { stateSystem.members(in: $0).map(\.rawValue) }
        var yearStart = [0], memberIndex = [Int32](repeating: -1, count: members.count << Self.codeBits)
        for (index, codes) in members.enumerated() {
            for (position, code) in codes.enumerated() { memberIndex[index << Self.codeBits | code] = Int32(position) }
        }
        let absent = members.indices.map { index in
            stateSystem.pairsWithoutACommonDay(in: firstYear + index).map { a, b in
                Self.triangle(Int(memberIndex[index << Self.codeBits | a.rawValue]), Int(memberIndex[index << Self.codeBits | b.rawValue]),
                              members[index].count)
            }.sorted()
        }
        var ccode1: [Int32] = [], ccode2: [Int32] = [], year: [Int32] = []
        let pairs = members.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
        ccode1.reserveCapacity(pairs * (directed ? 2 : 1))
        ccode2.reserveCapacity(pairs * (directed ? 2 : 1))
        year.reserveCapacity(pairs * (directed ? 2 : 1))
        for (index, codes) in members.enumerated() {
            let y = Int32(firstYear + index)
            var triangle = 0, skip = absent[index].makeIterator(), nextAbsent = skip.next()
            for (position, a) in codes.enumerated() {
                for b in codes[(position + 1)...] {
                    defer { triangle += 1 }
                    if triangle == nextAbsent {
                        nextAbsent = skip.next()
                        continue
                    }
                    ccode1.append(Int32(a)); ccode2.append(Int32(b)); year.append(y)
                    if directed { ccode1.append(Int32(b)); ccode2.append(Int32(a)); year.append(y) }
                }
            }
            yearStart.append(yearStart.last! + codes.count * (codes.count - 1) / 2 - absent[index].count)
        }
        (self.ccode1, self.ccode2, self.year) = (ccode1, ccode2, year)
        self.yearStart = yearStart
        self.members = members
        self.memberIndex = memberIndex
        self.absent = absent
    }

    /// The position of the pair of the members at positions `i` and `j` (i ≠ j) in the triangle of all pairs of
    /// `n` members, in row order.
    @inline(__always) static func triangle(_ i: Int, _ j: Int, _ n: Int) -> Int {
        let (low, high) = i < j ? (i, j) : (j, i)
        return low * (2 * n - low - 1) / 2 + (high - low - 1)
    }

    var count: Int { year.count }
    var pairCount: Int { yearStart.last! }
    /// Rows per pair is 1 or 2: a row's pair is `row >> pairShift`.
    var pairShift: Int { directed ? 1 : 0 }
    /// Size of a dense state-year array.
    var stateYearCount: Int { (lastYear - firstYear + 2) << Self.codeBits }

    /// The pair of the non-directed dyad-year, or nil when it is not in the panel (either state not a member
    /// that year, the two never members on a common day of it, a year outside the panel, or a = b).
    @inline(__always) func pair(_ a: Int, _ b: Int, _ year: Int) -> Int? {
        guard year >= firstYear, year <= lastYear, a != b, UInt(bitPattern: a) < Self.codeLimit, UInt(bitPattern: b) < Self.codeLimit else { return nil }
        let index = year - firstYear
        let i = Int(memberIndex[index << Self.codeBits | a]), j = Int(memberIndex[index << Self.codeBits | b])
        guard i >= 0, j >= 0 else { return nil }
        let triangle = Self.triangle(i, j, members[index].count)
        guard !absent[index].isEmpty else { return yearStart[index] + triangle }
        // The year's pairs without a common day hold no row: count those before this one.
        var before = 0
        for position in absent[index] {
            if position == triangle { return nil }
            if position > triangle { break }
            before += 1
        }
        return yearStart[index] + triangle - before
    }

    /// The dense state-year index, or nil outside `firstYear − 1 ... lastYear` or the code range.
    @inline(__always) func stateYear(_ code: Int, _ year: Int) -> Int? {
        guard year >= firstYear - 1, year <= lastYear, UInt(bitPattern: code) < Self.codeLimit else { return nil }
        return (year - firstYear + 1) << Self.codeBits | code
    }

    /// The keys of one row, as column closures read them.
    struct Row {
        let a: Int, b: Int, year: Int, pair: Int
        /// State-year indices of `a` and `b` in the row's year; subtract `PanelRows.codeLimit` for the year before.
        let stateYear1: Int, stateYear2: Int
    }

    /// A column holding `value(row)` for every row.
    @inline(__always)
    func column(_ name: PanelColumnName, _ kind: PanelValueKind = .integer, _ value: (Row) -> Double) -> PanelColumn {
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            let shift = pairShift, base = firstYear - 1
            for row in 0..<count {
                let a = Int(ccode1[row]), b = Int(ccode2[row]), y = Int(year[row])
                let yearBits = (y - base) << Self.codeBits
                buffer[row] = value(Row(a: a, b: b, year: y, pair: row >> shift, stateYear1: yearBits | a, stateYear2: yearBits | b))
            }
            initialized = count
        }
        return PanelColumn(name: name, kind: kind, values: values)
    }

    /// `body(pair, a, b, year)` for every pair of `year`, in row order.
    @inline(__always) func forEachPair(in year: Int, _ body: (_ pair: Int, _ a: Int, _ b: Int) -> Void) {
        let index = year - firstYear
        for pair in yearStart[index]..<yearStart[index + 1] {
            let row = pair << pairShift
            body(pair, Int(ccode1[row]), Int(ccode2[row]))
        }
    }
}

/// A monadic covariate: one value per state-year of a panel's dense state-year array (NaN where missing).
struct StateYearColumn: Sendable {
    /// The name; a dyad-year panel has it once for each side (`sides`).
    let name: PanelColumnName
    let kind: PanelValueKind
    let values: [Double]
}

extension PanelRows {
    /// The column of each side of a pair (`PanelColumnName.side`).
    func sides(_ monadic: StateYearColumn) -> [PanelColumn] {
        [column(monadic.name.side(.first), monadic.kind) { monadic.values[$0.stateYear1] },
         column(monadic.name.side(.second), monadic.kind) { monadic.values[$0.stateYear2] }]
    }

    /// Sets `values` to 1 for `code` in `from...to` (clipped to the dense range).
    func mark(_ values: inout [Double], _ code: Int, from: Int, to: Int) {
        let first = max(from, firstYear - 1), last = min(to, lastYear)
        guard first <= last else { return }
        for year in first...last {
            if let index = stateYear(code, year) { values[index] = 1 }
        }
    }
}

/// Sets of small non-negative integers (partner codes, IGOs, sanction senders) per state-year, as bitsets over
/// the elements that occur: the size of the intersection of two sets is a few AND and popcount instructions.
struct StateYearSets: Sendable {
    /// 64-bit words per set.
    private let words: Int
    /// The bit of each element that occurs, or −1.
    private let bitOf: [Int32]
    /// Each state-year's set, as a word offset into `bits`, or −1 for the empty set.
    private let offset: [Int32]
    private let bits: [UInt64]

    /// Sets holding `element` for each `(stateYear, element)` in `members`.
    init(stateYearCount: Int, members: [(stateYear: Int, element: Int)]) {
        var bitOf = [Int32](repeating: -1, count: (members.lazy.map(\.element).max() ?? -1) + 1), used: Int32 = 0
        for member in members where bitOf[member.element] < 0 {
            bitOf[member.element] = used
            used += 1
        }
        let words = max(1, (Int(used) + 63) / 64)
        var offset = [Int32](repeating: -1, count: stateYearCount), bits: [UInt64] = []
        for (stateYear, element) in members {
            if offset[stateYear] < 0 {
                offset[stateYear] = Int32(bits.count)
                bits += repeatElement(0, count: words)
            }
            let bit = Int(bitOf[element])
            bits[Int(offset[stateYear]) + bit >> 6] |= 1 << UInt64(bit & 63)
        }
        (self.words, self.bitOf, self.offset, self.bits) = (words, bitOf, offset, bits)
    }

    /// Whether `element` is in the set of `stateYear`.
    @inline(__always) func contains(_ stateYear: Int, _ element: Int) -> Bool {
        guard UInt(bitPattern: element) < UInt(bitOf.count) else { return false }
        let start = Int(offset[stateYear]), bit = Int(bitOf[element])
        return start >= 0 && bit >= 0 && bits[start + bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The number of elements in the set of `stateYear`.
    @inline(__always) func count(_ stateYear: Int) -> Int {
        let start = Int(offset[stateYear])
        guard start >= 0 else { return 0 }
        return (start..<start + words).reduce(0) { $0 + bits[$1].nonzeroBitCount }
    }

    /// The number of elements the sets of `x` and `y` share, leaving out `first` and `second` (−1 for none).
    @inline(__always) func commonCount(_ x: Int, _ y: Int, excluding first: Int = -1, _ second: Int = -1) -> Int {
        let i = Int(offset[x]), j = Int(offset[y])
        guard i >= 0, j >= 0 else { return 0 }
        var count = 0
        for word in 0..<words { count += (bits[i + word] & bits[j + word]).nonzeroBitCount }
        if contains(x, first) && contains(y, first) { count -= 1 }
        if contains(x, second) && contains(y, second) { count -= 1 }
        return count
    }
}

extension PanelRows {
    /// Per pair, years since the dyad's latest event year before the row's year, minus one; or, with no earlier
    /// event, years since the dyad's first year in the panel. `events` are non-directed dyad-years, any year.
    func yearsSince(_ events: [(a: Int, b: Int, year: Int)]) -> [Int32] {
        let none = Int16.min
        var first = [Int16](repeating: none, count: Self.codeLimit << Self.codeBits)
        var latest = first
        let sorted = events.sorted { $0.year < $1.year }
        var next = 0
        var result = [Int32](repeating: 0, count: pairCount)
        for y in firstYear...lastYear {
            // Events are applied in year order, so `latest` holds the latest event year before y.
            while next < sorted.count && sorted[next].year < y {
                let event = sorted[next]
                if UInt(bitPattern: event.a) < Self.codeLimit && UInt(bitPattern: event.b) < Self.codeLimit {
                    latest[min(event.a, event.b) << Self.codeBits | max(event.a, event.b)] = Int16(event.year)
                }
                next += 1
            }
            forEachPair(in: y) { pair, a, b in
                let dyad = min(a, b) << Self.codeBits | max(a, b)
                if first[dyad] == none { first[dyad] = Int16(y) }
                result[pair] = Int32(latest[dyad] != none ? y - Int(latest[dyad]) - 1 : y - Int(first[dyad]))
            }
        }
        return result
    }
}
