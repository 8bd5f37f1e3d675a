import EntenteCore
import EntenteStore
import Foundation

/// What a panel should hold.
public struct PanelRequest: Sendable {
    public var firstYear = 1816
    /// The last year; nil for the latest year any covariate has data (`PanelBuilder.latestYear`). Callers that need
    /// the ATOP outcome ask for its last year, 2018.
    public var lastYear: Int?
    public var directed = false
    /// The state list whose members and numbers the rows take; covariates come from COW-coded data either way.
    public var system = StateSystemKind.cow
    /// With the Gleditsch–Ward list, whether its microstates are in (peacesciencer's default) or left out.
    public var microstates = true

    public init(firstYear: Int = 1816, lastYear: Int? = nil, directed: Bool = false, system: StateSystemKind = .cow,
                microstates: Bool = true) {
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.directed = directed
        self.system = system
        self.microstates = microstates
    }
}

/// A panel could not be built.
public enum PanelError: Error, CustomStringConvertible {
    /// A dataset (by its command-line id) that `use` reads is not in the database.
    case datasetNotImported(String, use: String)
    /// A dataset is in the database but holds no row the panel can use.
    case datasetEmpty(String)

    public var description: String {
        switch self {
        case .datasetNotImported(let id, let use): "\(use) needs the '\(id)' dataset, which the database does not hold"
        case .datasetEmpty(let id): "the '\(id)' dataset holds no usable row"
        }
    }
}

/// Builds dyad-year panels from the imported datasets, with the covariates documented in `PanelCodebook`.
///
/// Every source record is placed by arithmetic (`PanelRows.pair`, dense state-year arrays) rather than looked
/// up by hashing per row. The column groups run one per core, each reading its datasets through its own
/// connection, so that the reads of one group overlap the reads or the derivation of another.
public struct PanelBuilder: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the builder.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// Non-directed dyad-year key for hashed joins (the alignment and pressure indices, the monthly view): codes
    /// < 1024 and years < 4096 fit in 10 + 10 + 12 bits.
    @inline(__always) static func key(_ a: Int, _ b: Int, _ year: Int) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(low) << 22 | UInt64(high) << 12 | UInt64(year & 0xFFF)
    }

    /// State-year key, as `key`.
    @inline(__always) static func stateKey(_ code: Int, _ year: Int) -> UInt64 { UInt64(code) << 12 | UInt64(year & 0xFFF) }

    /// The tables the panel reads.
    public static let requiredTables = ["atop_ddy", "atop_member", "nmc", "sdp_gdp", "contiguity", "majors", "maoz_powers", "polity", "vdem",
                                        "creg", "hief", "un_votes", "ideal_points", "igo", "mid_dyadic", "gsdb", "trade", "sipri_transfers",
                                        "capitals", "mindist", "tss_rivalries", "ucdp_acd", "terrthreat"]

    /// The yearly sources, each a table and the column holding its years, whose data bound the panel's default
    /// last year (contiguity, major powers and capitals run on from their release ends and do not).
    static let yearlySources = [
        ("atop_ddy", "year"), ("nmc", "year"), ("sdp_gdp", "year"), ("polity", "year"), ("vdem", "year"), ("un_votes", "year"),
        ("ideal_points", "year"), ("igo", "year"), ("mid_dyadic", "year"), ("gsdb", "end"), ("trade", "year"),
        ("sipri_transfers", "delivery_year"), ("mindist", "year"), ("creg", "year"), ("hief", "year"), ("ucdp_acd", "year"),
        ("terrthreat", "year"),
    ].map { YearColumn(table: $0, column: $1) }

    /// The latest year any covariate has data: the panel's last year unless a request names one.
    public func latestYear() throws -> Int {
        try checkTables()
        return try Self.yearlySources.reduce(1816) { latest, source in
            try database.yearSpan(source).map { max(latest, $0.upperBound) } ?? latest
        }
    }

    private func checkTables() throws {
        for table in Self.requiredTables where try !database.hasTable(table) {
            throw PanelError.datasetNotImported(table.replacingOccurrences(of: "_", with: "-"), use: "the panel")
        }
    }

    /// Builds the panel. Every dataset it reads must be imported (`entente import all`).
    public func build(_ request: PanelRequest) throws -> DyadYearPanel {
        try checkTables()
        let rows = PanelRows(firstYear: request.firstYear, lastYear: try request.lastYear ?? latestYear(), directed: request.directed,
                             stateSystem: reference.stateSystem)
        let panel = try build(rows)
        return request.system == .gw ? try gleditschWardPanel(panel, rows: rows, microstates: request.microstates) : panel
    }

    /// The COW panel of `rows`.
    private func build(_ rows: PanelRows) throws -> DyadYearPanel {
        // Each group reads its own datasets. In column order, each with its turn to start: the longest start
        // first, so that the short ones fill in at the end.
        let groups: [(turn: Int, columns: @Sendable (PanelRows, EntenteDatabase) throws -> [PanelColumn])] = [
            (3, atopColumns), (5, capabilityColumns), (6, regimeColumns), (0, unColumns), (1, igoColumns),
            (8, midColumns), (7, sanctionColumns), (2, tradeColumns), (4, distanceColumns), (9, rivalryColumns), (10, conflictColumns),
        ]
        let order = groups.indices.sorted { groups[$0].turn < groups[$1].turn }
        let connections = ConnectionPool(database)
        var results = [Result<[PanelColumn], any Error>](repeating: .success([]), count: groups.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Iteration i writes only the slot of group order[i]; the groups share nothing mutable.
            let slots = DisjointSlots(buffer)
            DispatchQueue.concurrentPerform(iterations: groups.count) { index in
                let group = order[index]
                slots[group] = Result { try connections.withConnection { try groups[group].columns(rows, $0) } }
            }
        }
        var panel = DyadYearPanel(directed: rows.directed)
        (panel.ccode1, panel.ccode2, panel.year) = (rows.ccode1, rows.ccode2, rows.year)
        for result in results { panel.columns += try result.get() }
        return panel
    }

    /// Builds the state-year panel: every system member in each year with the monadic covariates, the same
    /// values the dyad-year panel gives each side.
    public func buildStates(_ request: PanelRequest) throws -> StateYearPanel {
        try checkTables()
        let rows = PanelRows(firstYear: request.firstYear, lastYear: try request.lastYear ?? latestYear(), directed: false,
                             stateSystem: reference.stateSystem)
        let conflicts = try armedConflicts(rows, database).conflicts
        let sanctions = try sanctionsByYear(rows, database)
        let rivals = try rivalries(rows, database)
        func counted(_ name: PanelColumnName, lastYear: Int, _ count: (Int) -> Int) -> StateYearColumn {
            var values = [Double](repeating: .nan, count: rows.stateYearCount)
            for year in rows.firstYear...max(rows.firstYear, min(rows.lastYear, lastYear)) where year <= lastYear {
                let start = rows.stateYear(0, year)!
                for index in start..<start + PanelRows.codeLimit { values[index] = Double(count(index)) }
            }
            return StateYearColumn(name: name, kind: .integer, values: values)
        }
        let monadic = try capabilityValues(rows, database) + regimeValues(rows, database) + [
            counted(.westSanctions, lastYear: sanctions.lastYear) { Int(sanctions.western[$0]) },
            counted(.sanctionSenders, lastYear: sanctions.lastYear) { sanctions.senders.count($0) },
            counted(.rivals, lastYear: rivals.lastYear) { rivals.rivals.count($0) },
            StateYearColumn(name: .ucdpConflicts, kind: .integer, values: conflicts),
            StateYearColumn(name: .terrthreat, kind: .real, values: try stateYearValues(rows, database, .territorialThreat)),
        ]
        var panel = StateYearPanel()
        var indices: [Int] = []
        for (offset, members) in rows.members.enumerated() {
            let year = rows.firstYear + offset
            for code in members {
                panel.ccode.append(Int32(code))
                panel.year.append(Int32(year))
                indices.append(rows.stateYear(code, year)!)
            }
        }
        panel.columns = monadic.map { column in PanelColumn(name: column.name, kind: column.kind, values: indices.map { column.values[$0] }) }
        return panel
    }

    /// ATOP provisions (either direction), onsets, years since a defence pact, allies in common, triadic closure.
    func atopColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        // Provision bits of each pair in its year and in the year before.
        var current = [UInt8](repeating: 0, count: rows.pairCount), previous = current
        var defenseEvents: [(a: Int, b: Int, year: Int)] = []
        var defensePartners: [(stateYear: Int, element: Int)] = [], anyPartners: [(stateYear: Int, element: Int)] = []
        var atopLastYear = 0
        try AllianceDyadYear.forEach(in: database) { row in
            atopLastYear = max(atopLastYear, row.year)
            let bits = row.provisions.rawValue
            guard bits != 0 else { return }
            let (a, b, y) = (row.ccode1, row.ccode2, row.year)
            if let pair = rows.pair(a, b, y) { current[pair] |= bits }
            if let pair = rows.pair(a, b, y + 1) { previous[pair] |= bits }
            if bits & 1 != 0 { defenseEvents.append((a, b, y)) }
            // Partners are any state, member or not.
            if let stateYear = rows.stateYear(a, y), UInt(bitPattern: b) < PanelRows.codeLimit {
                anyPartners.append((stateYear, b))
                if bits & 1 != 0 { defensePartners.append((stateYear, b)) }
            }
            if let stateYear = rows.stateYear(b, y), UInt(bitPattern: a) < PanelRows.codeLimit {
                anyPartners.append((stateYear, a))
                if bits & 1 != 0 { defensePartners.append((stateYear, a)) }
            }
        }
        // A continuing tie counts as in force the year before, so that it is no onset.
        for (pair, provisions) in try continuingTies(rows, database, current: current, previous: previous) { previous[pair] |= provisions }
        let defenseYears = rows.yearsSince(defenseEvents)
        let defense = StateYearSets(stateYearCount: rows.stateYearCount, members: defensePartners)
        let any = StateYearSets(stateYearCount: rows.stateYearCount, members: anyPartners)
        // Provisions are known to ATOP's last year; what counts years before a year (or reads the year before)
        // to the year after it.
        let provisions = PanelColumnName.Provision.allCases
        var columns = provisions.enumerated().map { bit, provision in
            rows.column(.atop(provision)) { $0.year > atopLastYear ? .nan : current[$0.pair] & 1 << bit != 0 ? 1 : 0 }
        }
        columns += provisions.enumerated().map { bit, provision in
            rows.column(.atopOnset(provision)) { r in
                r.year > atopLastYear ? .nan : current[r.pair] & 1 << bit != 0 && previous[r.pair] & 1 << bit == 0 ? 1 : 0
            }
        }
        for (power, name) in zip(1..., PanelColumnName.defenseYearsPowers) {
            columns.append(rows.column(name) { r in
                r.year > atopLastYear + 1 ? .nan : pow(Double(defenseYears[r.pair]), Double(power))
            })
        }
        let lag = PanelRows.codeLimit
        columns.append(rows.column(.alliesCommon) { r in
            r.year > atopLastYear + 1 ? .nan : Double(defense.commonCount(r.stateYear1 - lag, r.stateYear2 - lag, excluding: r.a, r.b))
        })
        columns.append(rows.column(.triadClosure) { r in
            r.year > atopLastYear + 1 ? .nan : Double(any.commonCount(r.stateYear1 - lag, r.stateYear2 - lag, excluding: r.a, r.b))
        })
        return columns
    }

    /// The provisions that pairs new to the panel (no dyad-year the year before) continue rather than form: those
    /// of an ATOP alliance (member file) that links the two in the year and in which each of them was already a
    /// member with the provision the year before — a successor state in its first year through its predecessor
    /// (Data/reference/successor-states.csv), so that Germany's NATO ties of 1990 continue the Federal Republic's.
    /// A new state joining an existing pact (Kuwait and the Arab League, 1961) still forms new ties.
    func continuingTies(_ rows: PanelRows, _ database: EntenteDatabase, current: [UInt8], previous: [UInt8]) throws
        -> [(pair: Int, provisions: UInt8)] {
        let system = reference.stateSystem
        var candidates: [(pair: Int, a: Int, b: Int, year: Int, provisions: UInt8)] = []
        for year in rows.firstYear...rows.lastYear {
            rows.forEachPair(in: year) { pair, a, b in
                let new = current[pair] & ~previous[pair]
                guard new != 0 else { return }
                let hadRow = year > rows.firstYear ? rows.pair(a, b, year - 1) != nil
                    : system.shareADay(CountryCode(a), CountryCode(b), in: year - 1)
                if !hadRow { candidates.append((pair, a, b, year, new)) }
            }
        }
        guard !candidates.isEmpty else { return [] }
        let successors = reference.successions
        // Each state's spells in each alliance, with the provisions it had in them.
        var spells: [Int: [(alliance: Int, from: Int, to: Int, provisions: UInt8)]] = [:]
        try AllianceMembership.forEach(in: database) { row in
            // An exit year of 0 marks a membership running at the release end.
            let exit = row.exitYear == 0 ? Int.max : row.exitYear
            spells[row.member, default: []].append((row.alliance, row.entryYear, exit, row.provisions.rawValue))
        }
        func provisions(_ state: Int, _ alliance: Int, _ year: Int) -> UInt8 {
            spells[state, default: []].reduce(0) { $1.alliance == alliance && $1.from <= year && year <= $1.to ? $0 | $1.provisions : $0 }
        }
        func provisionsBefore(_ state: Int, _ alliance: Int, _ year: Int) -> UInt8 {
            successors.filter { $0.successor == state && $0.year == year }
                .reduce(provisions(state, alliance, year - 1)) { $0 | provisions($1.predecessor, alliance, year - 1) }
        }
        return candidates.compactMap { candidate in
            let (a, b, year) = (candidate.a, candidate.b, candidate.year)
            var continued: UInt8 = 0
            for alliance in Set(spells[a, default: []].map(\.alliance)) {
                continued |= provisions(a, alliance, year) & provisions(b, alliance, year)
                    & provisionsBefore(a, alliance, year) & provisionsBefore(b, alliance, year)
            }
            continued &= candidate.provisions
            return continued == 0 ? nil : (candidate.pair, continued)
        }
    }

    /// Monadic capability and status: CINC, GDP and population, COW major powers, Maoz's regional and global powers.
    func capabilityValues(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [StateYearColumn] {
        // A major at the 2016 release end stays one.
        var major = [Double](repeating: 0, count: rows.stateYearCount)
        try MajorPowerSpell.forEach(in: database) { spell in
            rows.mark(&major, spell.code, from: spell.fromYear, to: spell.toYear >= 2016 ? rows.lastYear : spell.toYear)
        }
        // Maoz's spells are dated; one running at the data's end (2019-12-31) continues, as COW's majors do.
        var regional = [Double](repeating: 0, count: rows.stateYearCount), global = regional
        try MaozPowerSpell.forEach(in: database) { spell in
            for (status, isGlobal) in [(spell.regional, false), (spell.global, true)] {
                guard let start = status.start, let end = status.end, let from = Int(start.prefix(4)), let to = Int(end.prefix(4)) else { continue }
                let last = end >= "2019-12-31" ? rows.lastYear : to
                if isGlobal { rows.mark(&global, spell.code, from: from, to: last) } else { rows.mark(&regional, spell.code, from: from, to: last) }
            }
        }
        return [
            StateYearColumn(name: .cinc, kind: .real, values: try stateYearValues(rows, database, .cinc)),
            StateYearColumn(name: .gdpLn, kind: .real, values: try stateYearValues(rows, database, .gdpLog)),
            StateYearColumn(name: .popLn, kind: .real, values: try stateYearValues(rows, database, .populationLog)),
            StateYearColumn(name: .major, kind: .integer, values: major),
            StateYearColumn(name: .maozRegional, kind: .integer, values: regional),
            StateYearColumn(name: .maozGlobal, kind: .integer, values: global),
        ]
    }

    /// CINC and the capability ratio, contiguity, GDP and population, major-power status.
    func capabilityColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let monadic = try capabilityValues(rows, database)
        let cinc = monadic[0].values

        // Contiguity: the closest type in effect (0 none); relations running at the release end continue.
        var contiguity = [UInt8](repeating: 0, count: rows.pairCount)
        try ContiguitySpell.forEach(in: database) { spell in
            guard let start = spell.start, let end = spell.end else { return }
            let from = Int(start.prefix(4)) ?? 0
            var to = Int(end.prefix(4)) ?? 0
            if end >= "2016-12-01" { to = max(to, rows.lastYear) }
            let type = spell.type
            // Type 0 rows in the file mark periods of no direct contiguity.
            guard (1...5).contains(type) else { return }
            for year in max(from, rows.firstYear)...max(min(to, rows.lastYear), max(from, rows.firstYear)) where year <= to {
                guard let pair = rows.pair(spell.ccode1, spell.ccode2, year) else { continue }
                contiguity[pair] = contiguity[pair] == 0 ? UInt8(type) : min(contiguity[pair], UInt8(type))
            }
        }
        return rows.sides(monadic[0]) + [
            rows.column(.capRatioLn, .real) { r in
                let x = cinc[r.stateYear1], z = cinc[r.stateYear2]
                return x > 0 && z > 0 ? log(max(x, z) / min(x, z)) : .nan
            },
            rows.column(.conttype) { Double(contiguity[$0.pair]) },
        ] + monadic[1...].flatMap(rows.sides)
    }

    /// Monadic regime and society: Polity2, V-Dem polyarchy, ethnic and religious fractionalisation.
    func regimeValues(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [StateYearColumn] {
        // Polity's own codes reach their COW states through Data/reference/polity-codes.csv.
        let polityCodes = reference.polityCodes
        var polity2 = [Double](repeating: .nan, count: rows.stateYearCount)
        var mapped: [(rank: Int, index: Int?, value: Double)] = []
        try StateYearMeasure.polity2.forEach(in: database) { row in
            let (code, year) = (row.code, row.year)
            if let rank = polityCodes.firstIndex(where: { $0.polityCode == code && $0.fromYear <= year && year <= $0.toYear }) {
                mapped.append((rank, rows.stateYear(polityCodes[rank].code, year), row.value))
            } else if let index = rows.stateYear(code, year) {
                polity2[index] = row.value
            }
        }
        // In a transition year Polity may score two codes for one COW state (1991: Yugoslavia 345 and 347): the
        // row already under the COW code wins, then the mapping listed first in polity-codes.csv.
        for entry in mapped.sorted(by: { $0.rank < $1.rank }) {
            if let index = entry.index, polity2[index].isNaN { polity2[index] = entry.value }
        }
        // CREG describes Russia and Serbia as two units each (the Soviet Union 365 and Russia 393, Yugoslavia 345
        // and Serbia 340), overlapping in 1991–92: the unit with the state's own number wins where both have a
        // value. HIEF repeats some state-years: the first row wins. (Both through the measures' row order.)
        return [
            StateYearColumn(name: .polity2, kind: .integer, values: polity2),
            StateYearColumn(name: .polyarchy, kind: .real, values: try stateYearValues(rows, database, .polyarchy)),
            StateYearColumn(name: .ethfrac, kind: .real, values: try stateYearValues(rows, database, .ethnicFractionalization)),
            StateYearColumn(name: .relfrac, kind: .real, values: try stateYearValues(rows, database, .religiousFractionalization)),
            StateYearColumn(name: .efindex, kind: .real, values: try stateYearValues(rows, database, .hiefIndex)),
        ]
    }

    /// Polity2 and V-Dem polyarchy of each side, their difference and joint democracy; fractionalisation.
    func regimeColumns(_ rows: PanelRows, _ database: EntenteDatabase) throws -> [PanelColumn] {
        let monadic = try regimeValues(rows, database)
        let polity2 = monadic[0].values
        return rows.sides(monadic[0]) + [
            rows.column(.polityDiff) { abs(polity2[$0.stateYear1] - polity2[$0.stateYear2]) },
            rows.column(.jointDemocracy) { r in
                let x = polity2[r.stateYear1], z = polity2[r.stateYear2]
                guard !x.isNaN, !z.isNaN else { return .nan }
                return x >= 6 && z >= 6 ? 1 : 0
            },
        ] + monadic[1...].flatMap(rows.sides)
    }

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

    /// A dense state-year array (NaN where absent) of a measure; a later row wins.
    func stateYearValues(_ rows: PanelRows, _ database: EntenteDatabase, _ measure: StateYearMeasure) throws -> [Double] {
        var values = [Double](repeating: .nan, count: rows.stateYearCount)
        try measure.forEach(in: database) { row in
            if let index = rows.stateYear(row.code, row.year) { values[index] = row.value }
        }
        return values
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
