import EntenteCore
import EntenteStore
import Foundation

/// Columns of the pair: UN voting, IGOs, disputes, sanctions, trade and arms, distance, rivalries, armed conflicts.
extension PanelBuilder {
    /// UN agreement, S-score and vote count, and the ideal-point distances.
    func unColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let voting = try unVoting(rows, database)
        let ideal = try stateYearValues(rows, database, .idealPoint)
        let idealFP = try stateYearValues(rows, database, .idealPointForeignPolicy)
        return [
            rows.column(.unVotesN) { $0.year > voting.lastYear ? .nan : Double(voting.n[$0.pair]) },
            rows.column(.unAgree, .real) { r in
                voting.n[r.pair] > 0 ? Double(voting.same[r.pair]) / Double(voting.n[r.pair]) : .nan
            },
            rows.column(.unSScore, .real) { r in
                voting.n[r.pair] > 0 ? 1 - Double(voting.distance[r.pair]) / Double(voting.n[r.pair]) : .nan
            },
            rows.column(.idealDistance, .real) { abs(ideal[$0.stateYear1] - ideal[$0.stateYear2]) },
            rows.column(.idealDistanceFP, .real) { abs(idealFP[$0.stateYear1] - idealFP[$0.stateYear2]) },
        ]
    }

    /// Shared IGO memberships (full members only) and the SCO and NATO flags.
    func igoColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        var igoIndex: [String: Int] = [:]
        var memberships: [(stateYear: Int, element: Int)] = []
        var igoLastYear = 0
        var last = (name: "", index: -1)
        try IGOMembership.forEach(in: database) { row in
            let name = row.organization
            // Rows come grouped by state and IGO, so the dictionary is asked once per run of a name.
            if name != last.name || last.index < 0 {
                last = (name, igoIndex[name] ?? {
                    igoIndex[name] = igoIndex.count
                    return igoIndex.count - 1
                }())
            }
            let index = last.index
            igoLastYear = max(igoLastYear, row.year)
            if let stateYear = rows.stateYear(row.code, row.year) { memberships.append((stateYear, index)) }
        }
        let igos = StateYearSets(stateYearCount: rows.stateYearCount, members: memberships)
        var columns = [rows.column(.igoShared) { r in
            r.year <= igoLastYear ? Double(igos.commonCount(r.stateYear1, r.stateYear2)) : .nan
        }]
        for (name, index) in [(PanelColumnName.scoBoth, igoIndex["sco"]), (.natoBoth, igoIndex["nato"])] {
            columns.append(rows.column(name) { r in
                guard r.year <= igoLastYear else { return .nan }
                guard let index else { return 0 }
                return igos.contains(r.stateYear1, index) && igos.contains(r.stateYear2, index) ? 1 : 0
            })
        }
        return columns
    }

    /// Militarized disputes: ongoing, onset, years since, common foes.
    func midColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        var bits = [UInt8](repeating: 0, count: rows.pairCount)
        var midLastYear = 0
        var ongoing: [(a: Int, b: Int, year: Int)] = []
        var foes: [(stateYear: Int, element: Int)] = []
        try MIDDyadYear.forEach(in: database) { row in
            let (a, b, y) = (row.ccode1, row.ccode2, row.year)
            midLastYear = max(midLastYear, y)
            if let pair = rows.pair(a, b, y) {
                if row.ongoing { bits[pair] |= 1 }
                if row.onset { bits[pair] |= 2 }
            }
            guard row.ongoing else { return }
            ongoing.append((a, b, y))
            guard UInt(bitPattern: a) < PanelRows.codeLimit, UInt(bitPattern: b) < PanelRows.codeLimit else { return }
            if let stateYear = rows.stateYear(a, y) { foes.append((stateYear, b)) }
            if let stateYear = rows.stateYear(b, y) { foes.append((stateYear, a)) }
        }
        let midYears = rows.yearsSince(ongoing)
        let foeSets = StateYearSets(stateYearCount: rows.stateYearCount, members: foes)
        return [
            rows.column(.midOngoing) { $0.year > midLastYear ? .nan : bits[$0.pair] & 1 != 0 ? 1 : 0 },
            rows.column(.midOnset) { $0.year > midLastYear ? .nan : bits[$0.pair] & 2 != 0 ? 1 : 0 },
            rows.column(.midYears) { $0.year > midLastYear + 1 ? .nan : Double(midYears[$0.pair]) },
            rows.column(.commonFoe) { r in
                r.year > midLastYear ? .nan : Double(foeSets.commonCount(r.stateYear1, r.stateYear2, excluding: r.a, r.b))
            },
        ]
    }

    /// Senders sanctioning both sides, and Western sanctions received by each.
    func sanctionColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let sanctions = try sanctionsByYear(rows, database)
        return [
            rows.column(.commonSender) { $0.year > sanctions.lastYear ? .nan : Double(sanctions.senders.commonCount($0.stateYear1, $0.stateYear2)) },
            rows.column(PanelColumnName.westSanctions.side(.first)) { $0.year > sanctions.lastYear ? .nan : Double(sanctions.western[$0.stateYear1]) },
            rows.column(PanelColumnName.westSanctions.side(.second)) { $0.year > sanctions.lastYear ? .nan : Double(sanctions.western[$0.stateYear2]) },
        ]
    }

    /// Trade flow and each side's dependence on it; SIPRI arms transfers.
    func tradeColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        var flows = [Double](repeating: .nan, count: rows.pairCount)
        var totals = [Double](repeating: 0, count: rows.stateYearCount)
        try TradeFlow.forEach(in: database) { row in
            let flow = (row.flow1 ?? 0) + (row.flow2 ?? 0)
            let (a, b, y) = (row.ccode1, row.ccode2, row.year)
            if let pair = rows.pair(a, b, y) { flows[pair] = flow }
            if let index = rows.stateYear(a, y) { totals[index] += flow }
            if let index = rows.stateYear(b, y) { totals[index] += flow }
        }

        // Arms transfers (SIPRI register coverage).
        var arms = [Double](repeating: 0, count: rows.pairCount)
        var armsYears = (first: Int.max, last: Int.min)
        try ArmsDeliveries.forEach(in: database) { row in
            armsYears = (min(armsYears.first, row.year), max(armsYears.last, row.year))
            guard let supplier = row.supplier, let recipient = row.recipient, let pair = rows.pair(supplier, recipient, row.year) else { return }
            arms[pair] += row.trendIndicatorValue ?? 0
        }
        // A missing flow is NaN, so the dependences are NaN with it.
        return [
            rows.column(.tradeFlow, .real) { flows[$0.pair] },
            rows.column(.tradeDep1, .real) { totals[$0.stateYear1] > 0 ? flows[$0.pair] / totals[$0.stateYear1] : .nan },
            rows.column(.tradeDep2, .real) { totals[$0.stateYear2] > 0 ? flows[$0.pair] / totals[$0.stateYear2] : .nan },
            rows.column(.armsTIV, .real) { $0.year >= armsYears.first && $0.year <= armsYears.last ? arms[$0.pair] : .nan },
        ]
    }

    /// Capital-to-capital distance (logged) and the minimum distance between the two states.
    func distanceColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        // Each state-year's capital as an index into `places`: the first in effect in the year, so the capital
        // of 1 January in a year it moved (peacesciencer's default). Later capitals are read first and an earlier
        // one of the same year overwrites them.
        var places: [(latitude: Double, longitude: Double)] = []   // radians
        var capital = [Int32](repeating: -1, count: rows.stateYearCount)
        let toRadians = Double.pi / 180
        try CapitalSpell.forEach(in: database) { spell in
            let from = max(spell.fromYear, rows.firstYear), to = min(spell.toYear, rows.lastYear)
            guard from <= to, let latitude = spell.latitude, let longitude = spell.longitude else { return }
            places.append((latitude * toRadians, longitude * toRadians))
            for year in from...to {
                if let index = rows.stateYear(spell.code, year) { capital[index] = Int32(places.count - 1) }
            }
        }
        // ln(1 + haversine km) for every two places (a few hundred), so that a row only looks its value up.
        let count = places.count
        var logDistance = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<max(i + 1, count) {
                let (φ1, φ2) = (places[i].latitude, places[j].latitude)
                let sinLatitude = sin((φ2 - φ1) / 2), sinLongitude = sin((places[j].longitude - places[i].longitude) / 2)
                let h = sinLatitude * sinLatitude + cos(φ1) * cos(φ2) * (sinLongitude * sinLongitude)
                let distance = log1p(2 * 6371.0 * asin(min(1, h.squareRoot())))
                (logDistance[i * count + j], logDistance[j * count + i]) = (distance, distance)
            }
        }
        var minimum = [Double](repeating: .nan, count: rows.pairCount)
        try MinimumDistance.forEach(in: database) { row in
            if let pair = rows.pair(row.ccode1, row.ccode2, row.year) { minimum[pair] = row.kilometres ?? .nan }
        }
        return [
            rows.column(.capitalDistanceLn, .real) { r in
                let i = Int(capital[r.stateYear1]), j = Int(capital[r.stateYear2])
                return i >= 0 && j >= 0 ? logDistance[i * count + j] : .nan
            },
            rows.column(.mindist, .real) { minimum[$0.pair] },
        ]
    }

    /// Strategic rivalries (Thompson, Sakuwa & Suhas) per pair, bit 0 a rivalry and bits 1–3 one that is
    /// positional, spatial, ideological; each state-year's rivals (members or not); the data's last year.
    func rivalries(_ rows: PanelRows, _ database: EntenteDatabase) throws -> (kinds: [UInt8], rivals: StateYearSets, lastYear: Int) {
        var kinds = [UInt8](repeating: 0, count: rows.pairCount)
        var rivals: [(stateYear: Int, element: Int)] = []
        var lastYear = 0
        try StrategicRivalry.forEach(in: database) { rivalry in
            let (a, b) = (rivalry.ccode1, rivalry.ccode2)
            lastYear = max(lastYear, rivalry.endYear)
            var bits: UInt8 = 1
            for (kind, flagged) in [rivalry.positional, rivalry.spatial, rivalry.ideological].enumerated() where flagged { bits |= 2 << UInt8(kind) }
            let from = max(rivalry.startYear, rows.firstYear), to = min(rivalry.endYear, rows.lastYear)
            guard from <= to, UInt(bitPattern: a) < PanelRows.codeLimit, UInt(bitPattern: b) < PanelRows.codeLimit else { return }
            for year in from...to {
                if let pair = rows.pair(a, b, year) { kinds[pair] |= bits }
                if let stateYear = rows.stateYear(a, year) { rivals.append((stateYear, b)) }
                if let stateYear = rows.stateYear(b, year) { rivals.append((stateYear, a)) }
            }
        }
        return (kinds, StateYearSets(stateYearCount: rows.stateYearCount, members: rivals), lastYear)
    }

    /// Strategic rivalries: one between the two and its kinds, and the rivals they share.
    func rivalryColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let (kinds, shared, lastYear) = try rivalries(rows, database)
        return [
            rows.column(.rivalry) { $0.year > lastYear ? .nan : kinds[$0.pair] & 1 != 0 ? 1 : 0 },
            rows.column(.rivalsCommon) { r in
                r.year > lastYear ? .nan : Double(shared.commonCount(r.stateYear1, r.stateYear2, excluding: r.a, r.b))
            },
        ] + [PanelColumnName.rivalryPositional, .rivalrySpatial, .rivalryIdeological].enumerated().map { kind, name in
            rows.column(name) { $0.year > lastYear ? .nan : kinds[$0.pair] & 2 << UInt8(kind) != 0 ? 1 : 0 }
        }
    }

    /// UCDP armed conflicts (Gleditsch–Ward codes, placed on COW states by year) per state-year: the conflicts a
    /// state is a primary or secondary party to; per pair, bit 0 the two on opposite sides of a conflict, bit 1
    /// on the same side. Also the data's first and last years.
    func armedConflicts(_ rows: PanelRows, _ database: EntenteDatabase) throws
        -> (conflicts: [Double], sides: [UInt8], years: ClosedRange<Int>) {
        // Each conflict-year's two sides, gathered over the rows that spell out its parties.
        struct ConflictYear: Hashable {
            let conflict: Int, year: Int
        }
        var sides: [ConflictYear: (a: Set<Int>, b: Set<Int>)] = [:]
        var first = Int.max, last = Int.min
        try ArmedConflictYear.forEach(in: database) { row in
            let key = ConflictYear(conflict: row.conflict, year: row.year)
            (first, last) = (min(first, key.year), max(last, key.year))
            var entry = sides[key] ?? ([], [])
            for (party, sideA) in [(row.sideA.primary, true), (row.sideA.secondary, true), (row.sideB.primary, false), (row.sideB.secondary, false)] {
                guard let party, let cow = GleditschWard.cowCode(party, year: key.year) else { continue }
                if sideA { entry.a.insert(cow) } else { entry.b.insert(cow) }
            }
            sides[key] = entry
        }
        var conflicts = [Double](repeating: 0, count: rows.stateYearCount), bits = [UInt8](repeating: 0, count: rows.pairCount)
        for (key, parties) in sides {
            for code in parties.a.union(parties.b) {
                if let stateYear = rows.stateYear(code, key.year) { conflicts[stateYear] += 1 }
            }
            for x in parties.a {
                for z in parties.b { if let pair = rows.pair(x, z, key.year) { bits[pair] |= 1 } }
            }
            for side in [parties.a, parties.b] {
                for x in side { for z in side where x < z { if let pair = rows.pair(x, z, key.year) { bits[pair] |= 2 } } }
            }
        }
        let years = first <= last ? first...last : 0...0
        for year in rows.firstYear - 1...rows.lastYear where !years.contains(year) {
            let start = rows.stateYear(0, year)!
            for index in start..<start + PanelRows.codeLimit { conflicts[index] = .nan }
        }
        return (conflicts, bits, years)
    }

    /// Armed conflicts (UCDP) of each side and between or alongside each other; latent territorial threat.
    func conflictColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let (conflicts, bits, years) = try armedConflicts(rows, database)
        let threat = StateYearColumn(name: .terrthreat, kind: .real, values: try stateYearValues(rows, database, .territorialThreat))
        return rows.sides(StateYearColumn(name: .ucdpConflicts, kind: .integer, values: conflicts)) + [
            rows.column(.ucdpOpposed) { years.contains($0.year) ? bits[$0.pair] & 1 != 0 ? 1 : 0 : .nan },
            rows.column(.ucdpTogether) { years.contains($0.year) ? bits[$0.pair] & 2 != 0 ? 1 : 0 : .nan },
        ] + rows.sides(threat)
    }

    /// UN agreement counts per pair: roll calls both voted on (yes/abstain/no), identical votes, and the summed
    /// distance on the 1/2/3 scale.
    func unVoting(_ rows: PanelRows, _ database: EntenteDatabase) throws -> (n: [Int32], same: [Int32], distance: [Int32], lastYear: Int) {
        // Each vote of a member (0 yes, 1 abstain, 2 no), in table order, with the roll call numbered within its year.
        var votes: [(year: Int32, call: Int32, member: Int32, code: UInt8)] = []
        var callIndex = KeyedTable<Int32>(capacity: 16_384)
        var calls = [Int](repeating: 0, count: rows.members.count)
        var last = (key: UInt64(0), call: Int32(0)), lastYear = 0
        try UNVote.forEach(in: database) { vote in
            let year = vote.year, code = vote.code
            lastYear = max(lastYear, year)
            guard year >= rows.firstYear && year <= rows.lastYear, UInt(bitPattern: code) < PanelRows.codeLimit else { return }
            let yearIndex = year - rows.firstYear
            let member = rows.memberIndex[yearIndex << PanelRows.codeBits | code]
            guard member >= 0, let choice = vote.choice else { return }
            // Votes come grouped by roll call, so the hash table is asked once per roll call.
            let key = UInt64(year) << 32 | UInt64(UInt32(truncatingIfNeeded: vote.rollCall))
            if key != last.key {
                last = (key, callIndex[key] ?? {
                    calls[yearIndex] += 1
                    callIndex[key] = Int32(calls[yearIndex] - 1)
                    return Int32(calls[yearIndex] - 1)
                }())
            }
            votes.append((Int32(yearIndex), last.call, member, UInt8(choice.rawValue - 1)))
        }
        // Per year, one bit plane per vote (yes, abstain, no) for each member: planes[year][(member * 3 + vote)
        // * words + call / 64]. A later row for the same member and roll call replaces the earlier one.
        let words = calls.map { ($0 + 63) / 64 }
        var planes = rows.members.indices.map { [UInt64](repeating: 0, count: calls[$0] == 0 ? 0 : rows.members[$0].count * 3 * words[$0]) }
        for vote in votes {
            let year = Int(vote.year), call = Int(vote.call), w = words[year], bit = UInt64(1) << UInt64(call & 63)
            for plane in 0..<3 { planes[year][(Int(vote.member) * 3 + plane) * w + call >> 6] &= ~bit }
            planes[year][(Int(vote.member) * 3 + Int(vote.code)) * w + call >> 6] |= bit
        }
        var n = [Int32](repeating: 0, count: rows.pairCount), same = n, distance = n
        for (yearIndex, planes) in planes.enumerated() where !planes.isEmpty {
            let w = words[yearIndex], year = rows.firstYear + yearIndex
            planes.withUnsafeBufferPointer { planes in
                rows.forEachPair(in: year) { pair, a, b in
                    let i = Int(rows.memberIndex[yearIndex << PanelRows.codeBits | a]) * 3 * w
                    let j = Int(rows.memberIndex[yearIndex << PanelRows.codeBits | b]) * 3 * w
                    var both = 0, equal = 0, apart = 0
                    for word in 0..<w {
                        let (yes1, abstain1, no1) = (planes[i + word], planes[i + w + word], planes[i + 2 * w + word])
                        let (yes2, abstain2, no2) = (planes[j + word], planes[j + w + word], planes[j + 2 * w + word])
                        both += ((yes1 | abstain1 | no1) & (yes2 | abstain2 | no2)).nonzeroBitCount
                        equal += (yes1 & yes2 | abstain1 & abstain2 | no1 & no2).nonzeroBitCount
                        // yes–abstain and abstain–no are 1 apart, yes–no 2.
                        apart += (yes1 & abstain2 | abstain1 & yes2 | abstain1 & no2 | no1 & abstain2).nonzeroBitCount
                            + 2 * (yes1 & no2 | no1 & yes2).nonzeroBitCount
                    }
                    (n[pair], same[pair], distance[pair]) = (Int32(both), Int32(equal), Int32(apart))
                }
            }
        }
        return (n, same, distance, lastYear)
    }

    /// Sanction senders per target state-year (as sets of sender numbers), the number of Western cases per target
    /// state-year, and the last year GSDB covers (its latest case end).
    func sanctionsByYear(_ rows: PanelRows, _ database: EntenteDatabase) throws -> (senders: StateYearSets, western: [Int32], lastYear: Int) {
        let westernCodes = Set(reference.westernSenders.compactMap(\.code))
        let westernNames = Set(reference.westernSenders.filter { $0.code == nil }.map { Crosswalk.normalize($0.name) })
        var senders: [(stateYear: Int, element: Int)] = []
        var western: [Int: Set<Int>] = [:]
        // Names are resolved again for each year a case is in effect: "Germany" in a case of 1989–1992 is the
        // German Federal Republic until 1989 and Germany from 1990. A party is a state, or an organisation by
        // its normalised name, numbered as a sender; each name is resolved once per year.
        struct NameYear: Hashable {
            let name: String
            let year: Int
        }
        var senderIndex: [String: Int] = [:]
        var parties: [NameYear: (state: Int?, sender: Int, western: Bool)] = [:]
        let crosswalk = reference.crosswalk
        func party(_ name: String, _ year: Int) -> (state: Int?, sender: Int, western: Bool) {
            if let known = parties[NameYear(name: name, year: year)] { return known }
            var state: Int?
            if case .state(let code) = crosswalk.resolve(name: name, year: year) { state = code.rawValue }
            let key = state.map { "state:\($0)" } ?? "name:" + Crosswalk.normalize(name)
            let sender = senderIndex[key] ?? {
                senderIndex[key] = senderIndex.count
                return senderIndex.count - 1
            }()
            let party = (state, sender, state.map(westernCodes.contains) ?? westernNames.contains(Crosswalk.normalize(name)))
            parties[NameYear(name: name, year: year)] = party
            return party
        }
        var cases: [(id: Int, target: String, sender: String, from: Int, to: Int)] = []
        try SanctionCase.forEach(in: database) { row in
            guard let target = row.target, let sender = row.sender else { return }
            cases.append((row.id, target, sender, row.beginYear, row.endYear))
        }
        for (id, targetName, senderName, begin, end) in cases {
            let from = max(begin, rows.firstYear), to = min(end, rows.lastYear)
            guard from <= to else { continue }
            for year in from...to {
                guard let target = party(targetName, year).state, let stateYear = rows.stateYear(target, year) else { continue }
                let sender = party(senderName, year)
                senders.append((stateYear, sender.sender))
                if sender.western { western[stateYear, default: []].insert(id) }
            }
        }
        var westernCounts = [Int32](repeating: 0, count: rows.stateYearCount)
        for (stateYear, cases) in western { westernCounts[stateYear] = Int32(cases.count) }
        return (StateYearSets(stateYearCount: rows.stateYearCount, members: senders), westernCounts, cases.map(\.to).max() ?? 0)
    }
}
