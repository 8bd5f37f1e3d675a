import EntenteCore
import EntenteStore
import Foundation

/// What a panel should hold.
public struct PanelRequest: Sendable {
    public var firstYear = 1816
    public var lastYear = 2018
    public var directed = false

    public init(firstYear: Int = 1816, lastYear: Int = 2018, directed: Bool = false) {
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.directed = directed
    }
}

/// A panel could not be built.
public struct PanelError: Error, CustomStringConvertible {
    public var description: String
}

/// Builds dyad-year panels from the imported datasets, with the covariates documented in `PanelCodebook`.
public struct PanelBuilder: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the builder.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// Non-directed dyad-year key: codes < 1024 and years < 4096 fit in 10 + 10 + 12 bits.
    @inline(__always) static func key(_ a: Int, _ b: Int, _ year: Int) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(low) << 22 | UInt64(high) << 12 | UInt64(year & 0xFFF)
    }

    @inline(__always) static func stateKey(_ code: Int, _ year: Int) -> UInt64 { UInt64(code) << 12 | UInt64(year & 0xFFF) }

    /// Builds the panel. Every dataset it reads must be imported (`entente import all`).
    public func build(_ request: PanelRequest) throws -> DyadYearPanel {
        for table in ["atop_ddy", "nmc", "contiguity", "majors", "polity", "vdem", "un_votes", "ideal_points", "igo",
                      "mid_dyadic", "gsdb", "trade", "sipri_transfers"] where try !database.hasTable(table) {
            throw PanelError(description: "the panel needs the '\(table.replacingOccurrences(of: "_", with: "-"))' dataset: run `entente import all --from DIR` first")
        }
        var panel = DyadYearPanel(directed: request.directed)
        var membersByYear: [Int: [Int]] = [:]
        for year in request.firstYear...request.lastYear {
            let members = reference.stateSystem.members(in: year).map(\.rawValue)
            membersByYear[year] = members
            for (index, a) in members.enumerated() {
                for b in members[(index + 1)...] {
                    panel.ccode1.append(Int32(a))
                    panel.ccode2.append(Int32(b))
                    panel.year.append(Int32(year))
                    if request.directed {
                        panel.ccode1.append(Int32(b))
                        panel.ccode2.append(Int32(a))
                        panel.year.append(Int32(year))
                    }
                }
            }
        }
        let rows = panel.count
        func column(_ name: String, _ kind: PanelValueKind = .integer, _ value: (Int, Int, Int) -> Double) {
            var values = [Double](repeating: .nan, count: rows)
            for row in 0..<rows {
                values[row] = value(Int(panel.ccode1[row]), Int(panel.ccode2[row]), Int(panel.year[row]))
            }
            panel.columns.append(PanelColumn(name: name, kind: kind, values: values))
        }
        // First year each non-directed dyad is in the panel, for the years-since counters.
        var firstYear: [UInt64: Int] = [:]
        for row in 0..<rows {
            let dyad = Self.key(Int(panel.ccode1[row]), Int(panel.ccode2[row]), 0)
            if firstYear[dyad] == nil { firstYear[dyad] = Int(panel.year[row]) }
        }

        // ATOP: provisions as bits, either direction.
        var atop = KeyedTable<UInt8>(capacity: 300_000)
        try database.forEachRow("SELECT ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul FROM atop_ddy") { row in
            var bits: UInt8 = 0
            for bit in 0..<5 where row.integer(Int32(3 + bit)) == 1 { bits |= 1 << UInt8(bit) }
            if bits != 0 { atop.update(Self.key(row.integer(0), row.integer(1), row.integer(2)), initial: 0) { $0 |= bits } }
        }
        let provisions = ["defense", "offense", "neutral", "nonagg", "consul"]
        for (bit, name) in provisions.enumerated() {
            let mask = UInt8(1 << bit)
            column("atop_\(name)") { a, b, y in (atop[Self.key(a, b, y)] ?? 0) & mask != 0 ? 1 : 0 }
        }
        for (bit, name) in provisions.enumerated() {
            let mask = UInt8(1 << bit)
            column("atop_\(name)_onset") { a, b, y in
                (atop[Self.key(a, b, y)] ?? 0) & mask != 0 && (atop[Self.key(a, b, y - 1)] ?? 0) & mask == 0 ? 1 : 0
            }
        }
        let defenseKeys = atop.allKeys.filter { atop[$0]! & 1 != 0 }
        let defenseYears = Self.yearsSince(defenseKeys, firstYear: firstYear)
        column("defense_years") { a, b, y in Double(defenseYears(a, b, y)) }
        column("defense_years2") { a, b, y in pow(Double(defenseYears(a, b, y)), 2) }
        column("defense_years3") { a, b, y in pow(Double(defenseYears(a, b, y)), 3) }
        let defensePartners = Self.partners(defenseKeys)
        let anyPartners = Self.partners(atop.allKeys)
        column("allies_common") { a, b, y in Double(Self.commonCount(defensePartners[Self.stateKey(a, y - 1)], defensePartners[Self.stateKey(b, y - 1)], excluding: a, b)) }
        column("triad_closure") { a, b, y in Double(Self.commonCount(anyPartners[Self.stateKey(a, y - 1)], anyPartners[Self.stateKey(b, y - 1)], excluding: a, b)) }

        // Capabilities.
        var cinc = KeyedTable<Double>(capacity: 20_000)
        try database.forEachRow("SELECT ccode, year, cinc FROM nmc WHERE cinc IS NOT NULL") { row in
            cinc[Self.stateKey(row.integer(0), row.integer(1))] = row.real(2)
        }
        column("cinc1", .real) { a, _, y in cinc[Self.stateKey(a, y)] ?? .nan }
        column("cinc2", .real) { _, b, y in cinc[Self.stateKey(b, y)] ?? .nan }
        column("cap_ratio_ln", .real) { a, b, y in
            guard let x = cinc[Self.stateKey(a, y)], let z = cinc[Self.stateKey(b, y)], x > 0, z > 0 else { return .nan }
            return log(max(x, z) / min(x, z))
        }

        // Contiguity: the closest type in effect; relations running at the release end continue.
        var contiguity = KeyedTable<Int>(capacity: 120_000)
        try database.forEachRow("SELECT ccode1, ccode2, conttype, stdate, enddate FROM contiguity") { row in
            guard let start = row.text(3), let end = row.text(4) else { return }
            let from = Int(start.prefix(4)) ?? 0
            var to = Int(end.prefix(4)) ?? 0
            if end >= "2016-12-01" { to = max(to, request.lastYear) }
            let type = row.integer(2)
            // Type 0 rows in the file mark periods of no direct contiguity.
            guard (1...5).contains(type) else { return }
            for year in max(from, request.firstYear)...max(min(to, request.lastYear), max(from, request.firstYear)) where year <= to {
                let key = Self.key(row.integer(0), row.integer(1), year)
                contiguity[key] = min(contiguity[key] ?? type, type)
            }
        }
        column("conttype") { a, b, y in Double(contiguity[Self.key(a, b, y)] ?? 0) }

        // Major powers.
        var majors: [(code: Int, from: Int, to: Int)] = []
        try database.forEachRow("SELECT ccode, styear, endyear FROM majors") { row in
            let to = row.integer(2) >= 2016 ? Int.max : row.integer(2)
            majors.append((row.integer(0), row.integer(1), to))
        }
        func isMajor(_ code: Int, _ year: Int) -> Double {
            majors.contains { $0.code == code && $0.from <= year && year <= $0.to } ? 1 : 0
        }
        column("major1") { a, _, y in isMajor(a, y) }
        column("major2") { _, b, y in isMajor(b, y) }

        // Regimes.
        // Polity's own codes (364 USSR, 347 Serbia and Montenegro, ...) reach their COW states through
        // Data/reference/polity-codes.csv.
        let polityCodes = try ReferenceData.rows(reference.directory.appendingPathComponent("polity-codes.csv"),
                                                 ["polity_ccode", "ccode"]) { field, line in
            (try field.integer("polity_ccode", line), try field.optionalInteger("from_year", line) ?? Int.min,
             try field.optionalInteger("to_year", line) ?? Int.max, try field.integer("ccode", line))
        }
        var polity2 = KeyedTable<Double>(capacity: 20_000)
        var mapped: [(rank: Int, key: UInt64, value: Double)] = []
        try database.forEachRow("SELECT ccode, year, polity2 FROM polity WHERE polity2 IS NOT NULL") { row in
            let (code, year) = (row.integer(0), row.integer(1))
            if let rank = polityCodes.firstIndex(where: { $0.0 == code && $0.1 <= year && year <= $0.2 }) {
                mapped.append((rank, Self.stateKey(polityCodes[rank].3, year), row.real(2)!))
            } else {
                polity2[Self.stateKey(code, year)] = row.real(2)
            }
        }
        // In a transition year Polity may score two codes for one COW state (1991: Yugoslavia 345 and 347): the
        // row already under the COW code wins, then the mapping listed first in polity-codes.csv.
        for entry in mapped.sorted(by: { $0.rank < $1.rank }) where polity2[entry.key] == nil { polity2[entry.key] = entry.value }
        var polyarchy = KeyedTable<Double>(capacity: 30_000)
        try database.forEachRow("SELECT ccode, year, v2x_polyarchy FROM vdem WHERE ccode IS NOT NULL AND v2x_polyarchy IS NOT NULL") { row in
            polyarchy[Self.stateKey(row.integer(0), row.integer(1))] = row.real(2)
        }
        column("polity2_1") { a, _, y in polity2[Self.stateKey(a, y)] ?? .nan }
        column("polity2_2") { _, b, y in polity2[Self.stateKey(b, y)] ?? .nan }
        column("polity_diff") { a, b, y in
            guard let x = polity2[Self.stateKey(a, y)], let z = polity2[Self.stateKey(b, y)] else { return .nan }
            return abs(x - z)
        }
        column("joint_democracy") { a, b, y in
            guard let x = polity2[Self.stateKey(a, y)], let z = polity2[Self.stateKey(b, y)] else { return .nan }
            return x >= 6 && z >= 6 ? 1 : 0
        }
        column("polyarchy1", .real) { a, _, y in polyarchy[Self.stateKey(a, y)] ?? .nan }
        column("polyarchy2", .real) { _, b, y in polyarchy[Self.stateKey(b, y)] ?? .nan }

        // UN voting.
        let voting = try unVoting(membersByYear: membersByYear, request: request)
        column("un_votes_n") { a, b, y in voting[Self.key(a, b, y)].map { Double($0.n) } ?? 0 }
        column("un_agree", .real) { a, b, y in
            guard let v = voting[Self.key(a, b, y)], v.n > 0 else { return .nan }
            return Double(v.same) / Double(v.n)
        }
        column("un_sscore", .real) { a, b, y in
            guard let v = voting[Self.key(a, b, y)], v.n > 0 else { return .nan }
            return 1 - Double(v.distance) / Double(v.n)
        }
        var ideal = KeyedTable<Double>(capacity: 12_000)
        try database.forEachRow("SELECT ccode, year, ideal_point_all FROM ideal_points WHERE ideal_point_all IS NOT NULL AND year IS NOT NULL") { row in
            ideal[Self.stateKey(row.integer(0), row.integer(1))] = row.real(2)
        }
        column("ideal_distance", .real) { a, b, y in
            guard let x = ideal[Self.stateKey(a, y)], let z = ideal[Self.stateKey(b, y)] else { return .nan }
            return abs(x - z)
        }

        // IGO memberships (full members only), as sorted IGO indices per state-year.
        var igoIndex: [String: Int32] = [:]
        var igos: [UInt64: [Int32]] = [:]
        var igoLastYear = 0
        try database.forEachRow("SELECT ccode, year, igo FROM igo WHERE status = 1") { row in
            let name = row.text(2) ?? ""
            let index = igoIndex[name] ?? {
                let next = Int32(igoIndex.count)
                igoIndex[name] = next
                return next
            }()
            igos[Self.stateKey(row.integer(0), row.integer(1)), default: []].append(index)
            igoLastYear = max(igoLastYear, row.integer(1))
        }
        for key in igos.keys { igos[key]!.sort() }
        let sco = igoIndex["sco"], nato = igoIndex["nato"]
        column("igo_shared") { a, b, y in
            guard y <= igoLastYear else { return .nan }
            return Double(Self.commonCount(igos[Self.stateKey(a, y)], igos[Self.stateKey(b, y)]))
        }
        for (name, index) in [("sco_both", sco), ("nato_both", nato)] {
            column(name) { a, b, y in
                guard y <= igoLastYear else { return .nan }
                guard let index, let x = igos[Self.stateKey(a, y)], let z = igos[Self.stateKey(b, y)] else { return 0 }
                return Self.sortedContains(x, index) && Self.sortedContains(z, index) ? 1 : 0
            }
        }

        // Militarized disputes.
        var midBits = KeyedTable<UInt8>(capacity: 12_000)
        var midLastYear = 0
        try database.forEachRow("SELECT ccode1, ccode2, year, cowmidongoing, cowmidonset FROM mid_dyadic") { row in
            var bits: UInt8 = 0
            if row.integer(3) == 1 { bits |= 1 }
            if row.integer(4) == 1 { bits |= 2 }
            midBits.update(Self.key(row.integer(0), row.integer(1), row.integer(2)), initial: 0) { $0 |= bits }
            midLastYear = max(midLastYear, row.integer(2))
        }
        column("mid_ongoing") { a, b, y in y > midLastYear ? .nan : (midBits[Self.key(a, b, y)] ?? 0) & 1 != 0 ? 1 : 0 }
        column("mid_onset") { a, b, y in y > midLastYear ? .nan : (midBits[Self.key(a, b, y)] ?? 0) & 2 != 0 ? 1 : 0 }
        let midKeys = midBits.allKeys.filter { midBits[$0]! & 1 != 0 }
        let midYears = Self.yearsSince(midKeys, firstYear: firstYear)
        column("mid_years") { a, b, y in Double(midYears(a, b, y)) }
        let foes = Self.partners(midKeys)
        column("common_foe") { a, b, y in Double(Self.commonCount(foes[Self.stateKey(a, y)], foes[Self.stateKey(b, y)], excluding: a, b)) }

        // Sanctions.
        let sanctions = try sanctionsByYear(request: request)
        column("common_sender") { a, b, y in
            guard let x = sanctions.senders[Self.stateKey(a, y)], let z = sanctions.senders[Self.stateKey(b, y)] else { return 0 }
            return Double(x.intersection(z).count)
        }
        column("west_sanctions1") { a, _, y in Double(sanctions.western[Self.stateKey(a, y)]?.count ?? 0) }
        column("west_sanctions2") { _, b, y in Double(sanctions.western[Self.stateKey(b, y)]?.count ?? 0) }

        // Trade.
        var trade = KeyedTable<Double>(capacity: 700_000)
        var totals = KeyedTable<Double>(capacity: 20_000)
        try database.forEachRow("SELECT ccode1, ccode2, year, flow1, flow2 FROM trade WHERE flow1 IS NOT NULL OR flow2 IS NOT NULL") { row in
            let flow = (row.real(3) ?? 0) + (row.real(4) ?? 0)
            let (a, b, y) = (row.integer(0), row.integer(1), row.integer(2))
            trade[Self.key(a, b, y)] = flow
            totals.update(Self.stateKey(a, y), initial: 0) { $0 += flow }
            totals.update(Self.stateKey(b, y), initial: 0) { $0 += flow }
        }
        column("trade_flow", .real) { a, b, y in trade[Self.key(a, b, y)] ?? .nan }
        column("trade_dep1", .real) { a, b, y in
            guard let flow = trade[Self.key(a, b, y)], let total = totals[Self.stateKey(a, y)], total > 0 else { return .nan }
            return flow / total
        }
        column("trade_dep2", .real) { a, b, y in
            guard let flow = trade[Self.key(a, b, y)], let total = totals[Self.stateKey(b, y)], total > 0 else { return .nan }
            return flow / total
        }

        // Arms transfers (SIPRI register coverage).
        var arms = KeyedTable<Double>(capacity: 10_000)
        var armsYears = (first: Int.max, last: Int.min)
        try database.forEachRow("""
            SELECT supplier_ccode, recipient_ccode, delivery_year, SUM(tiv_delivered) FROM sipri_transfers
            WHERE delivery_year IS NOT NULL GROUP BY 1, 2, 3
            """) { row in
            let year = row.integer(2)
            armsYears = (min(armsYears.first, year), max(armsYears.last, year))
            guard !row.isNull(0), !row.isNull(1) else { return }
            arms.update(Self.key(row.integer(0), row.integer(1), year), initial: 0) { $0 += row.real(3) ?? 0 }
        }
        column("arms_tiv", .real) { a, b, y in
            guard y >= armsYears.first && y <= armsYears.last else { return .nan }
            return arms[Self.key(a, b, y)] ?? 0
        }
        return panel
    }

    /// Per-state partner lists by year from non-directed dyad-year keys.
    static func partners(_ keys: some Sequence<UInt64>) -> [UInt64: [Int]] {
        var result: [UInt64: [Int]] = [:]
        for key in keys {
            let a = Int(key >> 22), b = Int((key >> 12) & 0x3FF), y = Int(key & 0xFFF)
            result[stateKey(a, y), default: []].append(b)
            result[stateKey(b, y), default: []].append(a)
        }
        for key in result.keys { result[key]!.sort() }
        return result
    }

    /// Years since the last year with an event: year − latest earlier event year − 1, or year − the dyad's first
    /// panel year when there is none.
    static func yearsSince(_ events: some Sequence<UInt64>, firstYear: [UInt64: Int]) -> (Int, Int, Int) -> Int {
        var years: [UInt64: [Int]] = [:]
        for key in events { years[key & ~0xFFF, default: []].append(Int(key & 0xFFF)) }
        for key in years.keys { years[key]!.sort() }
        return { a, b, y in
            let dyad = key(a, b, 0)
            if let list = years[dyad] {
                // The latest year before y, by binary search.
                var low = 0, high = list.count
                while low < high {
                    let mid = (low + high) / 2
                    if list[mid] < y { low = mid + 1 } else { high = mid }
                }
                if low > 0 { return y - list[low - 1] - 1 }
            }
            return y - (firstYear[dyad] ?? y)
        }
    }

    /// Elements two sorted lists share, leaving out `a` and `b` themselves.
    static func commonCount<T: BinaryInteger>(_ x: [T]?, _ z: [T]?, excluding a: Int = -1, _ b: Int = -1) -> Int {
        guard let x, let z else { return 0 }
        var i = 0, j = 0, count = 0
        while i < x.count && j < z.count {
            if x[i] < z[j] { i += 1 } else if x[i] > z[j] { j += 1 } else {
                if Int(x[i]) != a && Int(x[i]) != b { count += 1 }
                i += 1
                j += 1
            }
        }
        return count
    }

    static func sortedContains(_ list: [Int32], _ value: Int32) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == value
    }

    /// UN agreement counts per non-directed dyad-year: roll calls both voted on (yes/abstain/no), identical votes,
    /// and the summed distance on the 1/2/3 scale.
    func unVoting(membersByYear: [Int: [Int]], request: PanelRequest) throws -> KeyedTable<(n: Int, same: Int, distance: Int)> {
        // votes[year][rcid] = [(ccode, code)]
        var byYear: [Int: [Int: [(Int, Int8)]]] = [:]
        try database.forEachRow("SELECT year, rcid, country_ccode, vote FROM un_votes WHERE country_ccode IS NOT NULL AND year IS NOT NULL") { row in
            let year = row.integer(0)
            guard year >= request.firstYear && year <= request.lastYear else { return }
            let code: Int8
            switch row.text(3) {
            case "yes": code = 1
            case "abstain": code = 2
            case "no": code = 3
            default: return
            }
            byYear[year, default: [:]][row.integer(1), default: []].append((row.integer(2), code))
        }
        var result = KeyedTable<(n: Int, same: Int, distance: Int)>(capacity: 1_000_000)
        for (year, rollCalls) in byYear {
            let states = Array(Set(rollCalls.values.flatMap { $0.map(\.0) })).sorted()
            let column = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1, $0) })
            let rcids = rollCalls.keys.sorted()
            // matrix[state][call] = vote code, 0 for none
            var matrix = [Int8](repeating: 0, count: states.count * rcids.count)
            for (callIndex, rcid) in rcids.enumerated() {
                for (code, vote) in rollCalls[rcid]! { matrix[column[code]! * rcids.count + callIndex] = vote }
            }
            let calls = rcids.count
            matrix.withUnsafeBufferPointer { votes in
                for i in 0..<states.count {
                    for j in (i + 1)..<max(i + 1, states.count) {
                        var n = 0, same = 0, distance = 0
                        for call in 0..<calls {
                            let x = votes[i * calls + call], z = votes[j * calls + call]
                            if x != 0 && z != 0 {
                                n += 1
                                if x == z { same += 1 }
                                distance += Int(abs(x - z))
                            }
                        }
                        if n > 0 { result[Self.key(states[i], states[j], year)] = (n, same, distance) }
                    }
                }
            }
        }
        return result
    }

    /// Sanction senders per target state-year, and Western cases per target state-year.
    func sanctionsByYear(request: PanelRequest) throws -> (senders: [UInt64: Set<String>], western: [UInt64: Set<Int>]) {
        let url = reference.directory.appendingPathComponent("western-senders.csv")
        let westRows = try ReferenceData.rows(url, ["sender", "ccode"]) { field, line in
            (try field.text("sender", line), try field.optionalInteger("ccode", line))
        }
        let westernCodes = Set(westRows.compactMap(\.1))
        let westernNames = Set(westRows.filter { $0.1 == nil }.map { Crosswalk.normalize($0.0) })
        var senders: [UInt64: Set<String>] = [:]
        var western: [UInt64: Set<Int>] = [:]
        // Names are resolved again for each year a case is in effect: "Germany" in a case of 1989–1992 is the
        // German Federal Republic until 1989 and Germany from 1990.
        let crosswalk = reference.crosswalk
        func party(_ name: String, _ year: Int) -> (state: Int?, key: String) {
            if case .state(let code) = crosswalk.resolve(name: name, year: year) { return (code.rawValue, "state:\(code.rawValue)") }
            return (nil, "name:" + Crosswalk.normalize(name))
        }
        try database.forEachRow("""
            SELECT case_id, sanctioned_state, sanctioning_state, begin, "end" FROM gsdb
            """) { row in
            guard let targetName = row.text(1), let senderName = row.text(2) else { return }
            let from = max(row.integer(3), request.firstYear), to = min(row.integer(4), request.lastYear)
            guard from <= to else { return }
            for year in from...to {
                guard let target = party(targetName, year).state else { continue }
                let sender = party(senderName, year)
                let isWestern = sender.state.map(westernCodes.contains) ?? westernNames.contains(Crosswalk.normalize(senderName))
                senders[Self.stateKey(target, year), default: []].insert(sender.key)
                if isWestern { western[Self.stateKey(target, year), default: []].insert(row.integer(0)) }
            }
        }
        return (senders, western)
    }
}
