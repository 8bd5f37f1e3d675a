/// Which list of independent states defines a panel's members and numbers them.
public enum StateSystemKind: String, Sendable, CaseIterable {
    /// Correlates of War State System Membership (v2016), Entente's own numbering.
    case cow
    /// Gleditsch and Ward's list with its microstates, as peacesciencer's `gw_ddy`.
    case gw
}

/// Gleditsch–Ward state numbers and their COW counterparts in a given year.
///
/// The two lists share numbers for nearly every state. They differ where a state's number changed in one list
/// and not in the other (Gleditsch & Ward 1999, "A revised list of independent states since the Congress of
/// Vienna", International Interactions 25(4), http://ksgleditsch.com/statelist.html; COW State System
/// Membership v2016, https://correlatesofwar.org/data-sets/state-system-membership/):
/// - Germany: GW keeps 260 after unification on 3 October 1990; COW moves to 255 (from 1991 here, the year
///   after the one in which the German Federal Republic was a member for most days).
/// - Yemen: GW keeps 678 after unification on 22 May 1990; COW moves to 679 (from 1990).
/// - Serbia: GW numbers Serbia 340 (1878–1915 and from 5 June 2006); COW keeps 345 throughout.
/// - Four Pacific microstates: GW numbers Kiribati 970, Nauru 971, Tonga 972 and Tuvalu 973 (Gleditsch's list of
///   microstates); COW numbers them 946, 970, 955 and 947. GW 970 is not COW 970.
/// A GW state with no COW counterpart (Great Colombia 99, Transvaal 563, Tibet 711, Abkhazia 396, South
/// Ossetia 397, ...) maps to nothing. A COW counterpart exists only in the years COW lists it (Monaco, 221, from
/// 1993): the panel finds no COW row for other years.
public enum GleditschWard {
    /// GW states that COW never lists.
    static let withoutCOWCounterpart: Set<Int> = [89, 99, 396, 397, 563, 564, 711, 815]

    /// The COW number of GW state `code` in `year`, or nil where COW lists no such state.
    public static func cowCode(_ code: Int, year: Int) -> Int? {
        switch code {
        case 260 where year >= 1991: 255
        case 678 where year >= 1990: 679
        case 340: 345
        case 970: 946
        case 971: 970
        case 972: 955
        case 973: 947
        case _ where withoutCOWCounterpart.contains(code): nil
        default: code
        }
    }
}
