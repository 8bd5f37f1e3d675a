import EntenteCore
import EntenteRendering
import EntenteStore
import Foundation

/// The alignment index by month: the diplomatic component from the month's UN roll calls (share of identical
/// votes, as a percentile among all pairs voting that month) and the event component from the month's imported
/// GDELT events (cooperative share of events between the two, as a percentile among dyads with at least 5 events
/// that month); the military and economic components, yearly in their sources, carry their year's value. The
/// composite is the mean of the components present.
///
/// The band is the 5th–95th percentile of seeded bootstrap replicates (`AlignmentBootstrap`, as the yearly index).
/// Each replicate of a month draws, from the month's own generator `SeededGenerator(seed: seed ^ UInt64(YYYYMM))`
/// and in this order: the month's roll calls with replacement (one `Int.random(in: 0..<calls)` per roll call, in
/// rcid order), and every pair's agreement — the dyad's and all the others' — is recomputed on those drawn roll
/// calls, so the percentile is exact; then the dyad's events with replacement (one draw per event, the
/// cooperative ones counted first), the dyad's share placed among the other dyads' shares of the month (those
/// held fixed: their events are not the dyad's); then the components present, as in the yearly index. A
/// replicate in which the two share no drawn roll call has no diplomatic component. With a single roll call the
/// diplomatic part cannot vary; the military and economic parts never do.
public struct MonthlyAlignment: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// One month of the index.
    @dynamicMemberLookup
    public struct Month: Sendable {
        /// YYYYMM.
        public var month: Int
        public var reading: AlignmentReading
        public var unAgree: Double?
        public var unVotes: Int
        public var cooperationShare: Double?
        public var events: Int
        /// The 90% bootstrap band of each component present ("diplomatic", "military", "economic", "event").
        public var componentBands: [String: ClosedRange<Double>]

        /// The reading's fields as the month's own (`month.composite`).
        public subscript<T>(dynamicMember path: KeyPath<AlignmentReading, T>) -> T { reading[keyPath: path] }
    }

    /// Months of `first...last` (years) for the dyad, with `replicates` bootstrap replicates per month.
    public func series(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int, replicates: Int = 500,
                       seed: UInt64 = 20_011) throws -> [Month] {
        let yearly = try AlignmentIndex(database: database, reference: reference)
            .series(a, b, from: first, to: last, replicates: 0)
        let byYear = Dictionary(uniqueKeysWithValues: yearly.map { ($0.year, $0) })
        let rollCalls = try monthlyAgreement(a, b, from: first, to: last)
        let (eventDistributions, eventDyad) = try monthlyCooperation(a, b, from: first, to: last)
        let monthsOfSpan = (first...last).flatMap { year in (1...12).map { year * 100 + $0 } }
        var months = [Month?](repeating: nil, count: monthsOfSpan.count)
        // Months are independent (each has its own generator): both cores share them.
        months.withUnsafeMutableBufferPointer { slots in
            let output = DisjointSlots(slots)
            DispatchQueue.concurrentPerform(iterations: monthsOfSpan.count) { index in
                let month = monthsOfSpan[index]
                let un = rollCalls[month].flatMap { $0.dyad == nil ? nil : $0 }
                let events = eventDyad[month], distribution = eventDistributions[month] ?? []
                let diplomatic = un?.percentile(nil)
                let event = events.flatMap { Statistics.percentileRank($0.share, inSorted: distribution) }
                let military = byYear[month / 100]?.military, economic = byYear[month / 100]?.economic
                var fixed: [String: Double] = [:]
                if let military { fixed["military"] = military }
                if let economic { fixed["economic"] = economic }
                var parts = fixed
                if let diplomatic { parts["diplomatic"] = diplomatic }
                if let event { parts["event"] = event }
                var generator = SeededGenerator(seed: seed ^ UInt64(month))
                let band = AlignmentBootstrap.band(replicates: parts.isEmpty ? 0 : replicates, using: &generator) { generator in
                    var drawn = fixed
                    if let un { drawn["diplomatic"] = un.percentile(AlignmentBootstrap.multiplicities(un.calls, using: &generator)) }
                    if let events, event != nil {
                        let cooperative = AlignmentBootstrap.drawsAmongFirst(events.cooperation, of: events.events, using: &generator)
                        drawn["event"] = Self.percentile(replacing: events.share, with: Double(cooperative) / Double(events.events),
                                                         in: distribution)
                    }
                    return drawn
                }
                output[index] = Month(month: month, reading: AlignmentReading(parts: parts, band: band),
                                      unAgree: un?.agree, unVotes: un?.votes ?? 0, cooperationShare: events?.share,
                                      events: events?.events ?? 0, componentBands: band.components)
            }
        }
        return months.map { $0! }
    }

    /// One month's roll calls in bit form: for every distinct pair pattern, the roll calls on which the two voted
    /// alike and those on which both voted (one bit per roll call, `words` words each), with how many pairs share
    /// the pattern; and the dyad's own pattern.
    struct RollCallMonth: Sendable {
        var calls: Int
        var words: Int
        var same: [UInt64]
        var valid: [UInt64]
        var pairs: [Int]
        var dyad: (same: [UInt64], valid: [UInt64])?
        var agree: Double
        var votes: Int

        /// The dyad's mid-rank percentile among all pairs with a common roll call, each roll call counted
        /// `weights[call]` times (nil: once); nil when the two share no counted roll call.
        func percentile(_ weights: [Int]?) -> Double? {
            guard let dyad else { return nil }
            // Bit planes of the weights, flat (plane k, word w at k * words + w): a roll call drawn n times sits in
            // plane k when bit k of n is set.
            var planes: [UInt64] = []
            if let weights {
                let highest = weights.max() ?? 0
                var bit = 1
                while bit <= highest {
                    var plane = [UInt64](repeating: 0, count: words)
                    for (call, weight) in weights.enumerated() where weight & bit != 0 { plane[call >> 6] |= 1 << UInt64(call & 63) }
                    planes += plane
                    bit <<= 1
                }
            } else {
                var plane = [UInt64](repeating: ~0, count: words)
                if calls % 64 != 0 { plane[words - 1] = (1 << UInt64(calls % 64)) - 1 }
                planes = plane
            }
            let levels = planes.count / words, words = words
            // Weighted counts of the pattern at `offset` in `same` and `valid`.
            func counts(_ same: UnsafeBufferPointer<UInt64>, _ valid: UnsafeBufferPointer<UInt64>, _ offset: Int,
                        _ planes: UnsafeBufferPointer<UInt64>) -> (same: Int, valid: Int) {
                var s = 0, v = 0
                for k in 0..<levels {
                    var sameOnes = 0, validOnes = 0
                    for word in 0..<words {
                        let plane = planes[k * words + word]
                        sameOnes &+= (same[offset + word] & plane).nonzeroBitCount
                        validOnes &+= (valid[offset + word] & plane).nonzeroBitCount
                    }
                    s &+= sameOnes << k
                    v &+= validOnes << k
                }
                return (s, v)
            }
            var below = 0, equal = 0, total = 0
            planes.withUnsafeBufferPointer { planes in
                let own = dyad.same.withUnsafeBufferPointer { same in dyad.valid.withUnsafeBufferPointer { counts(same, $0, 0, planes) } }
                guard own.valid > 0 else { return }
                same.withUnsafeBufferPointer { same in
                    valid.withUnsafeBufferPointer { valid in
                        pairs.withUnsafeBufferPointer { pairs in
                            for pattern in 0..<pairs.count {
                                let (s, v) = counts(same, valid, pattern &* words, planes)
                                guard v > 0 else { continue }
                                // s / v against the dyad's share, in integers.
                                let left = s &* own.valid, right = own.same &* v
                                if left < right { below &+= pairs[pattern] } else if left == right { equal &+= pairs[pattern] }
                                total &+= pairs[pattern]
                            }
                        }
                    }
                }
            }
            guard total > 0 else { return nil }
            return (Double(below) + Double(equal) / 2) / Double(total)
        }
    }

    /// Per month, the roll calls of the month as `RollCallMonth` (every pair of states that voted on the same roll
    /// calls; the dyad's share of identical votes and their count).
    func monthlyAgreement(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws -> [Int: RollCallMonth] {
        // votes[month][rcid] = [(ccode, vote code)]
        var votes: [Int: [Int: [(Int, Int8)]]] = [:]
        try DatedUNVote.forEach(years: first...last, in: database) { vote in
            votes[vote.month, default: [:]][vote.rollCall, default: []].append((vote.code, Int8(vote.choice.rawValue)))
        }
        var result: [Int: RollCallMonth] = [:]
        for (month, calls) in votes {
            let states = Array(Set(calls.values.flatMap { $0.map(\.0) })).sorted()
            let column = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1, $0) })
            let rcids = calls.keys.sorted()
            let words = (rcids.count + 63) / 64
            // Per state, one bit mask per vote (yes, abstain, no): states.count × 3 × words.
            var masks = [UInt64](repeating: 0, count: states.count * 3 * words)
            for (index, rcid) in rcids.enumerated() {
                for (code, vote) in calls[rcid]! {
                    masks[(column[code]! * 3 + Int(vote) - 1) * words + index >> 6] |= 1 << UInt64(index & 63)
                }
            }
            var patterns: [[UInt64]: Int] = [:]
            var dyad: (same: [UInt64], valid: [UInt64])?
            var agree = 0.0, common = 0
            var key = [UInt64](repeating: 0, count: 2 * words)
            for i in states.indices {
                for j in (i + 1)..<max(i + 1, states.count) {
                    var n = 0
                    for word in 0..<words {
                        var same: UInt64 = 0, votedI: UInt64 = 0, votedJ: UInt64 = 0
                        for vote in 0..<3 {
                            let x = masks[(i * 3 + vote) * words + word], z = masks[(j * 3 + vote) * words + word]
                            same |= x & z
                            votedI |= x
                            votedJ |= z
                        }
                        key[word] = same
                        key[words + word] = votedI & votedJ
                        n += (votedI & votedJ).nonzeroBitCount
                    }
                    guard n > 0 else { continue }
                    patterns[key, default: 0] += 1
                    if Set([states[i], states[j]]) == Set([a.rawValue, b.rawValue]) {
                        dyad = (Array(key[..<words]), Array(key[words...]))
                        common = n
                        agree = Double(key[..<words].reduce(0) { $0 + $1.nonzeroBitCount }) / Double(n)
                    }
                }
            }
            var same: [UInt64] = [], valid: [UInt64] = [], pairs: [Int] = []
            for (pattern, count) in patterns {
                same += pattern[..<words]
                valid += pattern[words...]
                pairs.append(count)
            }
            result[month] = RollCallMonth(calls: rcids.count, words: words, same: same, valid: valid, pairs: pairs, dyad: dyad,
                                          agree: agree, votes: common)
        }
        return result
    }

    /// Per month, the sorted cooperative shares of events of every dyad with at least 5 events (both directions),
    /// and the dyad's own share, cooperative events and event count.
    func monthlyCooperation(_ a: CountryCode, _ b: CountryCode, from first: Int, to last: Int) throws
        -> ([Int: [Double]], [Int: (share: Double, cooperation: Int, events: Int)]) {
        var totals: [UInt64: (cooperation: Int, events: Int)] = [:]
        try EventDyadMonth.forEach(months: first * 100...last * 100 + 99, in: database) { row in
            let key = PanelBuilder.key(row.source, row.target, 0) << 20 | UInt64(row.month)
            let current = totals[key] ?? (0, 0)
            totals[key] = (current.cooperation + row.cooperation, current.events + row.events)
        }
        let dyadKey = PanelBuilder.key(a.rawValue, b.rawValue, 0)
        var distributions: [Int: [Double]] = [:]
        var dyad: [Int: (share: Double, cooperation: Int, events: Int)] = [:]
        for (key, value) in totals where value.events >= 5 {
            let month = Int(key & 0xFFFFF)
            let share = Double(value.cooperation) / Double(value.events)
            distributions[month, default: []].append(share)
            if key >> 20 == dyadKey { dyad[month] = (share, value.cooperation, value.events) }
        }
        for month in distributions.keys { distributions[month]!.sort() }
        return (distributions, dyad)
    }

    /// The mid-rank percentile of `value` in `sorted` once one entry equal to `original` is replaced by `value`.
    static func percentile(replacing original: Double, with value: Double, in sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        var below = 0, equal = 0
        for other in sorted {
            if other < value { below += 1 } else if other == value { equal += 1 } else { break }
        }
        // Take the original out, put the value in (it ties with itself).
        if original < value { below -= 1 } else if original == value { equal -= 1 }
        equal += 1
        return (Double(below) + Double(equal) / 2) / Double(sorted.count)
    }

    /// The series as a printable table; months with no component at all are left out.
    public static func report(_ months: [Month]) -> ReportTable {
        func cell(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        return ReportTable(
            columns: ["month", "composite", "lower", "upper", "diplomatic", "military", "economic", "event", "un_agree",
                      "un_votes_n", "cooperation_share", "events"],
            rows: months.filter { $0.composite != nil }.map { month in
                [.text(label(month.month)), cell(month.composite), cell(month.lower), cell(month.upper),
                 cell(month.diplomatic), cell(month.military), cell(month.economic), cell(month.event), cell(month.unAgree),
                 .integer(Int64(month.unVotes)), cell(month.cooperationShare), .integer(Int64(month.events))]
            })
    }

    /// YYYYMM as YYYY-MM.
    static func label(_ month: Int) -> String { "\(month / 100)-\(month % 100 < 10 ? "0" : "")\(month % 100)" }

    /// The series as an SVG chart: the composite with its band, and the four components, by month (gaps where a
    /// month has no value); ticks every quarter within two years, else in January every year or few years.
    public static func chart(_ months: [Month], title: String) -> String {
        let axis = months.map { $0.month / 100 * 12 + $0.month % 100 - 1 }
        let span = (axis.last ?? 0) - (axis.first ?? 0)
        let step = span <= 24 ? 3 : span <= 12 * 12 ? 12 : span <= 30 * 12 ? 60 : 120
        func tick(_ x: Int) -> String { step < 12 ? label(x / 12 * 100 + x % 12 + 1) : String(x / 12) }
        return LineChart(
            title: title, x: axis,
            series: AlignmentIndex.componentSeries(composite: months.map(\.composite), diplomatic: months.map(\.diplomatic),
                                                   military: months.map(\.military), economic: months.map(\.economic),
                                                   event: months.map(\.event)),
            yLabel: "percentile among all dyads",
            band: (months.map(\.lower), months.map(\.upper), "#888", "90% band"),
            yRange: 0...1, markers: [(1989 * 12 + 5, "1989-06"), (2014 * 12 + 2, "2014-03")],
            ticks: axis.filter { $0 % step == 0 }.map { ($0, tick($0)) }
        ).svg()
    }
}
