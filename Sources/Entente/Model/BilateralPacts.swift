import EntenteCore
import EntenteStore
import Foundation

/// Bilateral versus multilateral defence pacts, from ATOP's alliance and member files: a dyad-year's new defence
/// tie is bilateral when a bilateral ATOP alliance (`bilat` = 1, two members) with a defence obligation between
/// exactly those two states begins then (the later member's first entry year); the other onsets come from
/// multilateral alliances (a state joining a bloc, as in NATO's enlargements).
public enum BilateralPacts {
    /// The (lower code, higher code, year) at which each bilateral defence alliance in the database begins.
    public static func starts(database: EntenteDatabase) throws -> Set<[Int]> {
        var members: [Int: [(member: Int, entry: Int)]] = [:]
        for row in try AllianceMembership.bilateralDefenseEntries(in: database) {
            members[row.alliance, default: []].append((row.member, row.entryYear))
        }
        return Set(members.values.compactMap { pair -> [Int]? in
            guard pair.count == 2 else { return nil }
            return [min(pair[0].member, pair[1].member), max(pair[0].member, pair[1].member), max(pair[0].entry, pair[1].entry)]
        })
    }

    /// `panel` with the column: 1 where the panel's defence onset coincides with a bilateral alliance's start,
    /// else 0.
    public static func adding(to panel: DyadYearPanel, starts: Set<[Int]>) throws -> DyadYearPanel {
        let onsetName = PanelColumnName.atopOnset(.defense), column = PanelColumnName.atopDefenseBilateralOnset
        guard let onset = panel.column(onsetName)?.values else { throw ModelError("the panel lacks \(onsetName)") }
        var copy = panel
        copy.columns.removeAll { $0.name == column.rawValue }
        copy.columns.append(PanelColumn(name: column, kind: .integer, values: (0..<panel.count).map { row in
            onset[row] == 1 && starts.contains([Int(panel.ccode1[row]), Int(panel.ccode2[row]), Int(panel.year[row])]) ? 1 : 0
        }))
        return copy
    }
}
