import EntenteCore
import GRDB

/// A state's membership of an intergovernmental organisation in a year (`igo`), full members only.
public struct IGOMembership: Sendable, StreamedRecord {
    public var code: Int
    public var year: Int
    /// The organisation's short name, as COW's IGO data spell it (`nato`, `sco`).
    public var organization: String

    init(_ row: RawRow) { (code, year, organization) = (row.integer(0), row.integer(1), row.text(2) ?? "") }

    /// Every full membership, or only those of `organization`, in table order (grouped by state and organisation).
    public static func forEach(of organization: String? = nil, in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode, year, igo FROM igo WHERE status = 1" + (organization == nil ? "" : " AND igo = ?"),
                             arguments: StatementArguments([organization].compactMap { $0 }), body)
    }
}

/// A dyad-year's trade (`trade`), for rows with a flow either way.
public struct TradeFlow: Sendable, StreamedRecord {
    public var ccode1: Int
    public var ccode2: Int
    public var year: Int
    /// Imports of `ccode1` from `ccode2`.
    public var flow1: Double?
    /// Imports of `ccode2` from `ccode1`.
    public var flow2: Double?

    init(_ row: RawRow) {
        (ccode1, ccode2, year) = (row.integer(0), row.integer(1), row.integer(2))
        (flow1, flow2) = (row.real(3), row.real(4))
    }

    /// Every such row, in table order.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("SELECT ccode1, ccode2, year, flow1, flow2 FROM trade WHERE flow1 IS NOT NULL OR flow2 IS NOT NULL", body)
    }
}

/// The arms one state delivered to another in a year (SIPRI's transfers register, `sipri_transfers`), summed over
/// deals, in trend-indicator values. Codes are nil for a party without a COW code (a rebel group, an organisation).
public struct ArmsDeliveries: Sendable, StreamedRecord {
    public var supplier: Int?
    public var recipient: Int?
    public var year: Int
    public var trendIndicatorValue: Double?

    init(_ row: RawRow) {
        (supplier, recipient, year) = (row.optionalInteger(0), row.optionalInteger(1), row.integer(2))
        trendIndicatorValue = row.real(3)
    }

    /// Every supplier, recipient and year with a delivery year.
    public static func forEach(in database: EntenteDatabase, _ body: (Self) throws -> Void) throws {
        try database.forEach("""
            SELECT supplier_ccode, recipient_ccode, delivery_year, SUM(tiv_delivered) FROM sipri_transfers
            WHERE delivery_year IS NOT NULL GROUP BY 1, 2, 3
            """, body)
    }
}
