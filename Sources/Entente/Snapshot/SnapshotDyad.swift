import EntenteCore
import EntenteFormats
import Foundation

/// One watch-list dyad's history. Sides 1 and 2 are the lower and the higher COW code, as in the panel (for China–
/// Russia, 1 is Russia): `panel` columns ending in 1 or 2, `pressure` and `iso1`/`iso2` all follow that order.
public struct SnapshotDyad: Sendable, Codable, Equatable {
    public var ccode1: Int
    public var ccode2: Int
    public var iso1: String
    public var iso2: String
    public var name1: String
    public var name2: String
    /// Every panel column of each year (null where missing). `defense_years` counts from the dyad's first year in
    /// this panel (`years.dyadPanel`) when the pair never had a defence pact, so it can differ from latest.csv's.
    public var panel: [PanelRow]
    /// The alignment index by year, with its components, band and raw values.
    public var alignment: [AlignmentIndex.Year]
    /// Western pressure on each side by year, and the shared pressure (the smaller index).
    public var pressure: [PressureYear]
    /// The yearly pressure test, as `entente pressure-test` runs it by default.
    public var pressureTest: PressureTestSummary
    /// ICEWS events between the two by year, both directions summed, for each year with any (the data cover
    /// `years.events` of the provenance, and list no pair-year without events; they leave out some states, such as
    /// Turkey, altogether). Empty in a file written before events shipped.
    public var events: [EventYear]
    /// The historical pairs most like this one in the panel's last year, and which formed defence pacts; nil in a
    /// file written before it shipped.
    public var referenceClass: ReferenceClass?

    /// One dyad-year of the panel.
    public struct PanelRow: Sendable, Codable, Equatable {
        public var year: Int
        public var values: [String: Double?]

        /// A one-dyad panel's rows, every column by name (nil where missing).
        static func rows(_ panel: DyadYearPanel) -> [PanelRow] {
            (0..<panel.count).map { row in
                PanelRow(year: Int(panel.year[row]), values: Dictionary(uniqueKeysWithValues: panel.columns.map { column in
                    (column.name, column.values[row].isNaN ? nil : column.values[row])
                }))
            }
        }
    }

    /// One year of Western pressure.
    public struct PressureYear: Sendable, Codable, Equatable {
        public var year: Int
        public var pressure1: PressureIndex.StateYear?
        public var pressure2: PressureIndex.StateYear?
        public var shared: Double?
    }

    /// What the yearly pressure test found.
    public struct PressureTestSummary: Sendable, Codable, Equatable {
        public var years: [Int]
        public var lags: Int
        public var difference: Bool
        /// The findings in a few sentences.
        public var summary: String
        /// Why no test ran, when none did.
        public var note: String?
        public var pairs: [Pair]

        /// One cause against one response, at the forward direction's best lag.
        public struct Pair: Sendable, Codable, Equatable {
            public var cause: String
            public var response: String
            public var lag: Int?
            public var f: Double?
            public var p: Double?
            /// The Holm-adjusted p over every forward test.
            public var holmP: Double?
            /// The reverse direction's smallest p.
            public var reverseP: Double?
            public var verdict: String
        }
    }

    /// One year of events between the pair, by CAMEO quad class, as `entente events dyad A B --by year --origin
    /// icews --undirected` counts them.
    public struct EventYear: Sendable, Codable, Equatable {
        /// The calendar year.
        public var year: Int
        /// All events: the four quad classes together.
        public var events: Int
        /// Verbal cooperation.
        public var q1: Int
        /// Material cooperation.
        public var q2: Int
        /// Verbal conflict.
        public var q3: Int
        /// Material conflict.
        public var q4: Int
        /// The mean Goldstein score of the events, when the source has one (ICEWS's yearly counts do not).
        public var goldsteinMean: Double?
    }

    /// The panel value of `column` in `year`, or nil when missing or not in the file.
    public func value(_ column: String, in year: Int) -> Double? {
        panel.first { $0.year == year }?.values[column] ?? nil
    }
}

extension SnapshotDyad {
    /// Reads a dyad file. `events` and `referenceClass` are optional so that a file written before it shipped still loads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ccode1 = try container.decode(Int.self, forKey: .ccode1)
        ccode2 = try container.decode(Int.self, forKey: .ccode2)
        iso1 = try container.decode(String.self, forKey: .iso1)
        iso2 = try container.decode(String.self, forKey: .iso2)
        name1 = try container.decode(String.self, forKey: .name1)
        name2 = try container.decode(String.self, forKey: .name2)
        panel = try container.decode([PanelRow].self, forKey: .panel)
        alignment = try container.decode([AlignmentIndex.Year].self, forKey: .alignment)
        pressure = try container.decode([PressureYear].self, forKey: .pressure)
        pressureTest = try container.decode(PressureTestSummary.self, forKey: .pressureTest)
        events = try container.decodeIfPresent([EventYear].self, forKey: .events) ?? []
        referenceClass = try container.decodeIfPresent(ReferenceClass.self, forKey: .referenceClass)
    }
}
