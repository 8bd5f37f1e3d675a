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
}
