/// The name of a column of the dyad-year or state-year panel, as its CSV header writes it.
///
/// Every name the panel builder writes, the codebook documents, the model specifications use and a case file may
/// enter is one of the static members here, so that a misspelt name fails to compile rather than to match. Names a
/// user types (a formula, a case file's `column`) are read with `init?(rawValue:)`, which knows only these.
public struct PanelColumnName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// The column of that name, or nil when no panel has it.
    public init?(rawValue: String) {
        guard let known = Self.all.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = known
    }

    public var description: String { rawValue }
}

// MARK: - Families

extension PanelColumnName {
    /// An ATOP provision, in the order of ATOP's bits (defence is bit 0).
    public enum Provision: String, CaseIterable, Sendable {
        case defense, offense, neutral, nonagg, consul
    }

    /// A side of a pair: the first (`ccode1`) or the second (`ccode2`).
    public enum Side: String, CaseIterable, Sendable {
        case first = "1", second = "2"
    }

    /// 1 if an alliance with the provision links the two: `atop_defense`.
    public static func atop(_ provision: Provision) -> PanelColumnName { PanelColumnName("atop_\(provision.rawValue)") }

    /// 1 if the provision is new this year: `atop_defense_onset`.
    public static func atopOnset(_ provision: Provision) -> PanelColumnName { PanelColumnName("atop_\(provision.rawValue)_onset") }

    /// The dyad-year column of one side for a state-year column: `cinc1`, or `polity2_1` after a digit.
    public func side(_ side: Side) -> PanelColumnName {
        PanelColumnName(rawValue + (rawValue.last?.isNumber == true ? "_" : "") + side.rawValue)
    }

    /// The dyad-year columns of both sides for a state-year column, first side first.
    public var sides: [PanelColumnName] { Side.allCases.map(side) }

    /// The same measure's column of the other side (`cinc1` for `cinc2`, `trade_dep2` for `trade_dep1`), or nil for
    /// a column of the pair.
    public var otherSide: PanelColumnName? {
        Self.perSideMeasures.first { $0.sides.contains(self) }.flatMap { $0.sides.first { $0 != self } }
    }

    /// Years without a defence pact and its square and cube: the temporal controls of Carter & Signorino (2010).
    public static let defenseYearsPowers = [defenseYears, defenseYears2, defenseYears3]

    /// Whether `name` is one of `defenseYearsPowers` (a model's clock, not a covariate of its own).
    public static func isDefenseYears(_ name: String) -> Bool { defenseYearsPowers.contains { $0.rawValue == name } }
}

// MARK: - Keys

extension PanelColumnName {
    public static let ccode1 = PanelColumnName("ccode1")
    public static let ccode2 = PanelColumnName("ccode2")
    public static let gwcode1 = PanelColumnName("gwcode1")
    public static let gwcode2 = PanelColumnName("gwcode2")
    public static let year = PanelColumnName("year")
    /// The state-year panel's state.
    public static let ccode = PanelColumnName("ccode")
    /// 1 if a side of a Gleditsch–Ward pair is one of their microstates (the GW panel's first columns).
    public static let microstate = PanelColumnName("microstate")
}

// MARK: - Dyad-year columns of the pair

extension PanelColumnName {
    public static let defenseYears = PanelColumnName("defense_years")
    public static let defenseYears2 = PanelColumnName("defense_years2")
    public static let defenseYears3 = PanelColumnName("defense_years3")
    public static let alliesCommon = PanelColumnName("allies_common")
    public static let triadClosure = PanelColumnName("triad_closure")
    public static let capRatioLn = PanelColumnName("cap_ratio_ln")
    public static let conttype = PanelColumnName("conttype")
    public static let polityDiff = PanelColumnName("polity_diff")
    public static let jointDemocracy = PanelColumnName("joint_democracy")
    public static let unVotesN = PanelColumnName("un_votes_n")
    public static let unAgree = PanelColumnName("un_agree")
    public static let unSScore = PanelColumnName("un_sscore")
    public static let idealDistance = PanelColumnName("ideal_distance")
    public static let idealDistanceFP = PanelColumnName("ideal_distance_fp")
    public static let igoShared = PanelColumnName("igo_shared")
    public static let scoBoth = PanelColumnName("sco_both")
    public static let natoBoth = PanelColumnName("nato_both")
    public static let midOngoing = PanelColumnName("mid_ongoing")
    public static let midOnset = PanelColumnName("mid_onset")
    public static let midYears = PanelColumnName("mid_years")
    public static let commonFoe = PanelColumnName("common_foe")
    public static let commonSender = PanelColumnName("common_sender")
    public static let tradeFlow = PanelColumnName("trade_flow")
    /// Each side's trade with the other as a share of its trade with all partners.
    public static let tradeDep1 = tradeDep.side(.first)
    public static let tradeDep2 = tradeDep.side(.second)
    public static let armsTIV = PanelColumnName("arms_tiv")
    public static let capitalDistanceLn = PanelColumnName("capital_distance_ln")
    public static let mindist = PanelColumnName("mindist")
    public static let rivalry = PanelColumnName("rivalry")
    public static let rivalsCommon = PanelColumnName("rivals_common")
    public static let rivalryPositional = PanelColumnName("rivalry_positional")
    public static let rivalrySpatial = PanelColumnName("rivalry_spatial")
    public static let rivalryIdeological = PanelColumnName("rivalry_ideological")
    public static let ucdpOpposed = PanelColumnName("ucdp_opposed")
    public static let ucdpTogether = PanelColumnName("ucdp_together")
    /// A new defence tie made by a bilateral alliance: not built with the panel, added when a model asks for it.
    public static let atopDefenseBilateralOnset = PanelColumnName("atop_defense_bilateral_onset")
}

// MARK: - State-year columns (each side's in the dyad-year panel)

extension PanelColumnName {
    public static let cinc = PanelColumnName("cinc")
    public static let gdpLn = PanelColumnName("gdp_ln")
    public static let popLn = PanelColumnName("pop_ln")
    public static let major = PanelColumnName("major")
    public static let maozRegional = PanelColumnName("maoz_regional")
    public static let maozGlobal = PanelColumnName("maoz_global")
    public static let polity2 = PanelColumnName("polity2")
    public static let polyarchy = PanelColumnName("polyarchy")
    public static let ethfrac = PanelColumnName("ethfrac")
    public static let relfrac = PanelColumnName("relfrac")
    public static let efindex = PanelColumnName("efindex")
    public static let westSanctions = PanelColumnName("west_sanctions")
    public static let ucdpConflicts = PanelColumnName("ucdp_conflicts")
    public static let terrthreat = PanelColumnName("terrthreat")
    /// Only in the state-year panel.
    public static let sanctionSenders = PanelColumnName("sanction_senders")
    /// Only in the state-year panel.
    public static let rivals = PanelColumnName("rivals")
}

// MARK: - The panels' columns

extension PanelColumnName {
    /// The dyad-year panel's covariates (its keys apart), in the panel's order.
    public static let dyadYearCovariates: [PanelColumnName] =
        Provision.allCases.map(atop) + Provision.allCases.map(atopOnset) + defenseYearsPowers + [alliesCommon, triadClosure]
        + cinc.sides + [capRatioLn, conttype] + [gdpLn, popLn, major, maozRegional, maozGlobal].flatMap(\.sides)
        + polity2.sides + [polityDiff, jointDemocracy] + [polyarchy, ethfrac, relfrac, efindex].flatMap(\.sides)
        + [unVotesN, unAgree, unSScore, idealDistance, idealDistanceFP, igoShared, scoBoth, natoBoth]
        + [midOngoing, midOnset, midYears, commonFoe, commonSender] + westSanctions.sides
        + [tradeFlow, tradeDep1, tradeDep2, armsTIV, capitalDistanceLn, mindist]
        + [rivalry, rivalsCommon, rivalryPositional, rivalrySpatial, rivalryIdeological]
        + ucdpConflicts.sides + [ucdpOpposed, ucdpTogether] + terrthreat.sides

    /// The measures of one state that the dyad-year panel gives each side (`sides`), in the state-year panel's order.
    public static let stateYearCovariates = [cinc, gdpLn, popLn, major, maozRegional, maozGlobal, polity2, polyarchy, ethfrac,
                                             relfrac, efindex, westSanctions, ucdpConflicts, terrthreat]

    /// Trade dependence: a measure the dyad-year panel has for each side of a pair (`sides`), not a column itself.
    public static let tradeDep = PanelColumnName("trade_dep")

    /// The measures the dyad-year panel has once for each side (`sides`): those of the state-year panel and trade dependence.
    public static let perSideMeasures = stateYearCovariates + [tradeDep]

    /// The state-year panel's covariates (its keys apart), in the panel's order.
    public static let stateYearColumns = [cinc, gdpLn, popLn, major, maozRegional, maozGlobal, polity2, polyarchy, ethfrac, relfrac, efindex,
                                          westSanctions, sanctionSenders, rivals, ucdpConflicts, terrthreat]

    /// Every name: the keys, both panels' covariates and the columns added on demand.
    public static let all: [PanelColumnName] = [ccode1, ccode2, gwcode1, gwcode2, year, ccode] + microstate.sides + dyadYearCovariates
        + [sanctionSenders, rivals] + stateYearCovariates + [atopDefenseBilateralOnset]
}

extension Dictionary where Key == String {
    /// The value of a panel column in a row held by name.
    public subscript(column: PanelColumnName) -> Value? {
        get { self[column.rawValue] }
        set { self[column.rawValue] = newValue }
    }
}
