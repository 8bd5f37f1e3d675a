import EntenteCore
import GRDB

/// ICEWS events from one state to another in a year (`icews`), by quad class: `cooperation` verbal and material
/// cooperation, `conflict` verbal and material conflict, `events` all four (each 0 where a count is missing).
public struct ICEWSDyadYear: Sendable, StreamedRecord {
    public var source: Int
    public var target: Int
    public var year: Int
    public var cooperation: Int
    public var conflict: Int
    public var events: Int

    init(_ row: RawRow) {
        (source, target, year) = (row.integer(0), row.integer(1), row.integer(2))
        (cooperation, conflict, events) = (row.integer(3), row.integer(4), row.integer(5))
    }

    /// Every dyad-year of `years` with both codes, or only those whose source is one of `sources`, in table order.
    public static func forEach(years: ClosedRange<Int>, sources: [Int]? = nil, in database: EntenteDatabase,
                               _ body: (Self) throws -> Void) throws {
        let sourceFilter = sources.map { " AND source_ccode IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        try database.forEach("""
            SELECT source_ccode, target_ccode, year, verbal_cooperation + material_cooperation, verbal_conflict + material_conflict,
                   verbal_cooperation + material_cooperation + verbal_conflict + material_conflict
            FROM icews WHERE source_ccode IS NOT NULL AND target_ccode IS NOT NULL AND year BETWEEN ?1 AND ?2\(sourceFilter)
            """, arguments: [years.lowerBound, years.upperBound], body)
    }

    /// One entry per year of `years` with events from `source` to `target` (both ways when `undirected`), in year
    /// order; what ICEWS lacks is nil.
    public static func sums(from source: CountryCode, to target: CountryCode, undirected: Bool, years: ClosedRange<Int>,
                            in database: EntenteDatabase) throws -> [EventPeriodSums] {
        let filter = undirected
            ? "((source_ccode = ?1 AND target_ccode = ?2) OR (source_ccode = ?2 AND target_ccode = ?1))"
            : "source_ccode = ?1 AND target_ccode = ?2"
        return try EventPeriodSums.query("""
            SELECT year, SUM(verbal_cooperation + material_cooperation + verbal_conflict + material_conflict), NULL,
                   SUM(verbal_cooperation), SUM(material_cooperation), SUM(verbal_conflict), SUM(material_conflict),
                   NULL, NULL, NULL, NULL
            FROM icews WHERE \(filter) AND year BETWEEN ?3 AND ?4 GROUP BY year ORDER BY year
            """, source, target, years, in: database)
    }
}
