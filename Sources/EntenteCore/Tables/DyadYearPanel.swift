/// A panel column's values are whole numbers or reals; both are held as `Double`, with NaN for missing.
public enum PanelValueKind: Sendable {
    case integer
    case real
}

/// One covariate of a dyad-year panel.
public struct PanelColumn: Sendable {
    public let name: String
    public let kind: PanelValueKind
    /// One value per panel row; `.nan` is missing.
    public var values: [Double]

    /// Creates a column.
    public init(name: String, kind: PanelValueKind, values: [Double]) {
        self.name = name
        self.kind = kind
        self.values = values
    }

    /// A column of the panels' own (`PanelColumnName`).
    public init(name: PanelColumnName, kind: PanelValueKind, values: [Double]) {
        self.init(name: name.rawValue, kind: kind, values: values)
    }
}

extension PanelColumn {
    /// Each column's last year with a value (not NULL) in some row, the rows' years given; a column without any
    /// is left out.
    static func lastYearsWithData(_ columns: [PanelColumn], year: [Int32]) -> [String: Int] {
        var result: [String: Int] = [:]
        for column in columns {
            var last = Int32.min
            for (row, value) in column.values.enumerated() where !value.isNaN && year[row] > last { last = year[row] }
            if last != .min { result[column.name] = Int(last) }
        }
        return result
    }
}

/// Dyad-years in columns: the keys and every covariate, one array each, so that a panel of a million rows is a
/// handful of allocations.
public struct DyadYearPanel: Sendable {
    public var ccode1: [Int32] = []
    public var ccode2: [Int32] = []
    public var year: [Int32] = []
    public var columns: [PanelColumn] = []
    /// Whether each pair appears in both orders.
    public var directed: Bool
    /// The state list whose numbers the keys hold.
    public var system = StateSystemKind.cow

    /// The key columns' names: ccode1, ccode2, year; gwcode1, gwcode2, year for Gleditsch–Ward numbers.
    public var keyNames: [String] { (system == .gw ? [.gwcode1, .gwcode2, .year] : [PanelColumnName.ccode1, .ccode2, .year]).map(\.rawValue) }

    /// An empty panel.
    public init(directed: Bool) { self.directed = directed }

    public var count: Int { year.count }

    /// The column named `name`.
    public func column(_ name: String) -> PanelColumn? { columns.first { $0.name == name } }

    /// The column named `name`.
    public func column(_ name: PanelColumnName) -> PanelColumn? { column(name.rawValue) }

    /// The row index of a dyad-year, by linear search (for tests and spot checks, not for joins).
    public func row(_ a: Int, _ b: Int, _ y: Int) -> Int? {
        (0..<count).first { ccode1[$0] == a && ccode2[$0] == b && year[$0] == y }
    }

    /// Keeps only the named columns (keys always stay), in the order given.
    public func selecting(_ names: [String]) -> DyadYearPanel {
        var copy = self
        copy.columns = names.compactMap { name in columns.first { $0.name == name } }
        return copy
    }
}

extension DyadYearPanel {
    /// Each column's last year with a value (not NULL) in some row; a column without any is left out.
    public var lastYearsWithData: [String: Int] { PanelColumn.lastYearsWithData(columns, year: year) }

    /// The rows for which `keep(ccode1, ccode2, year)` holds.
    public func filtered(_ keep: (Int, Int, Int) -> Bool) -> DyadYearPanel {
        let rows = (0..<count).filter { keep(Int(ccode1[$0]), Int(ccode2[$0]), Int(year[$0])) }
        var result = DyadYearPanel(directed: directed)
        result.system = system
        result.ccode1 = rows.map { ccode1[$0] }
        result.ccode2 = rows.map { ccode2[$0] }
        result.year = rows.map { year[$0] }
        result.columns = columns.map { column in PanelColumn(name: column.name, kind: column.kind, values: rows.map { column.values[$0] }) }
        return result
    }
}
