/// State-years in columns (peacesciencer's `create_stateyears`): each system member in each year, with the
/// monadic covariates, one array each.
public struct StateYearPanel: Sendable {
    public var ccode: [Int32] = []
    public var year: [Int32] = []
    public var columns: [PanelColumn] = []

    /// An empty panel.
    public init() {}

    public var count: Int { year.count }

    /// Each column's last year with a value (not NULL) in some row; a column without any is left out.
    public var lastYearsWithData: [String: Int] { PanelColumn.lastYearsWithData(columns, year: year) }

    /// The column named `name`.
    public func column(_ name: String) -> PanelColumn? { columns.first { $0.name == name } }

    /// The rows for which `keep(ccode, year)` holds, with only the named columns (all when `names` is nil).
    public func filtered(columns names: [String]? = nil, _ keep: (Int, Int) -> Bool) -> StateYearPanel {
        let rows = (0..<count).filter { keep(Int(ccode[$0]), Int(year[$0])) }
        var result = StateYearPanel()
        result.ccode = rows.map { ccode[$0] }
        result.year = rows.map { year[$0] }
        let kept = names.map { names in names.compactMap(column) } ?? columns
        result.columns = kept.map { column in PanelColumn(name: column.name, kind: column.kind, values: rows.map { column.values[$0] }) }
        return result
    }
}
