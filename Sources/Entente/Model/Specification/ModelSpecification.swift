import EntenteCore
import Foundation

/// What an alliance model predicts. Onsets are modelled on the dyad-years at risk: those without the provision
/// the year before, so an onset is always a new tie.
public enum AllianceOutcome: String, Sendable, Codable, CaseIterable {
    case defenseOnset = "defense-onset"
    case offenseOnset = "offense-onset"
    case neutralOnset = "neutral-onset"
    case nonaggOnset = "nonagg-onset"
    case consulOnset = "consul-onset"
    /// A defence pact in force.
    case defense
    /// Any ATOP provision in force.
    case anyAlliance = "any-alliance"
    /// A new ATOP tie of any provision between a pair with none the year before.
    case anyOnset = "any-onset"
    /// A new defence tie made by a bilateral ATOP alliance (two members), between a pair with no defence pact the
    /// year before (`BilateralPacts`; the panel gains the column when a model asks for it).
    case bilateralDefenseOnset = "bilateral-defense-onset"

    /// The ATOP provision the outcome is about, or nil for any provision.
    public var provision: PanelColumnName.Provision? {
        switch self {
        case .defenseOnset, .defense, .bilateralDefenseOnset: .defense
        case .offenseOnset: .offense
        case .neutralOnset: .neutral
        case .nonaggOnset: .nonagg
        case .consulOnset: .consul
        case .anyAlliance, .anyOnset: nil
        }
    }

    /// Whether the outcome is the start of a tie (modelled on the years at risk) rather than its presence.
    public var isOnset: Bool { rawValue.hasSuffix("-onset") }

    /// The panel column holding the outcome, for the presence outcomes and onsets alike.
    public var panelColumn: PanelColumnName? {
        guard let provision else { return nil }  // any-alliance and any-onset are computed from the five provisions
        if self == .bilateralDefenseOnset { return .atopDefenseBilateralOnset }
        return isOnset ? .atopOnset(provision) : .atop(provision)
    }

    /// The outcome named by `name`: the outcome's own name or its panel column (`atop_defense_onset`).
    public init?(named name: String) {
        if let outcome = AllianceOutcome(rawValue: name) {
            self = outcome
        } else if let outcome = AllianceOutcome.allCases.first(where: { $0.panelColumn?.rawValue == name }) {
            self = outcome
        } else {
            return nil
        }
    }
}

/// A predictor: a panel column, a quantity derived from panel columns, or ln(1 + x) of either.
public struct ModelTerm: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The column or derived quantity.
    public var base: String
    /// Whether the term is ln(1 + base), for skewed counts such as trade or arms transfers.
    public var logOnePlus: Bool

    /// A term; `log1p(x)` in a formula sets `logOnePlus`.
    public init(_ base: String, logOnePlus: Bool = false) {
        self.base = base
        self.logOnePlus = logOnePlus
    }

    /// A term of a panel column.
    public init(_ column: PanelColumnName, logOnePlus: Bool = false) { self.init(column.rawValue, logOnePlus: logOnePlus) }

    /// A term of a derived quantity.
    public init(_ quantity: DerivedQuantity, logOnePlus: Bool = false) { self.init(quantity.name, logOnePlus: logOnePlus) }

    public var description: String { logOnePlus ? "log1p(\(base))" : base }

    /// Whether the term reads a covariate of the dyad-year panel or a derived quantity: what a typed formula may name.
    public var isKnown: Bool {
        PanelColumnName.dyadYearCovariates.contains { $0.rawValue == base } || Self.derived.contains { $0.name == base }
    }

    /// Quantities a model may use besides the panel's own columns.
    public static let derived: [DerivedQuantity] = [
        .landContiguity, .contiguity, .majorAny, .majorBoth, .westSanctionsMin, .westSanctionsMax, .polityMin, .lowerTie,
        .tradeDepMin, .tradeDepMax, .gdpLnMin, .gdppcGap, .regionalPowerAny, .terrthreatMax, .ucdpConflictsMin,
    ]
}

/// A predictor computed from panel columns of the same row. Its value is missing when any input is.
public struct DerivedQuantity: Sendable {
    public let name: String
    public let meaning: String
    public let inputs: [PanelColumnName]
    private let formula: @Sendable ([Double]) -> Double

    init(_ name: String, _ meaning: String, _ inputs: [PanelColumnName], _ formula: @escaping @Sendable ([Double]) -> Double) {
        self.name = name
        self.meaning = meaning
        self.inputs = inputs
        self.formula = formula
    }

    // The quantities, each named once: a term names them by these members, never by a string.
    public static let landContiguity = DerivedQuantity("land_contiguity", "1 if the two share a land border (conttype 1), else 0", [.conttype]) { $0[0] == 1 ? 1 : 0 }
    public static let contiguity = DerivedQuantity("contiguity", "1 if directly contiguous by land or by sea up to 400 miles (conttype 1–5)", [.conttype]) { $0[0] > 0 ? 1 : 0 }
    public static let majorAny = DerivedQuantity("major_any", "1 if either side is a major power", PanelColumnName.major.sides) { max($0[0], $0[1]) }
    public static let majorBoth = DerivedQuantity("major_both", "1 if both sides are major powers", PanelColumnName.major.sides) { min($0[0], $0[1]) }
    public static let westSanctionsMin = DerivedQuantity("west_sanctions_min", "Western sanctions on the less sanctioned side: the pressure both share",
        PanelColumnName.westSanctions.sides) { min($0[0], $0[1]) }
    public static let westSanctionsMax = DerivedQuantity("west_sanctions_max", "Western sanctions on the more sanctioned side",
        PanelColumnName.westSanctions.sides) { max($0[0], $0[1]) }
    public static let polityMin = DerivedQuantity("polity_min", "the lower Polity2 score of the two (the weakest-link democracy)",
        PanelColumnName.polity2.sides) { min($0[0], $0[1]) }
    public static let lowerTie = DerivedQuantity("lower_tie",
        "1 if an ATOP tie below a defence pact (offence, neutrality, non-aggression or consultation) links the two: a rung of the ladder",
        [PanelColumnName.Provision.offense, .neutral, .nonagg, .consul].map(PanelColumnName.atop)) { $0.max()! }
    public static let tradeDepMin = DerivedQuantity("trade_dep_min", "the smaller trade dependence of the two", PanelColumnName.tradeDep.sides) { min($0[0], $0[1]) }
    public static let tradeDepMax = DerivedQuantity("trade_dep_max", "the larger trade dependence of the two", PanelColumnName.tradeDep.sides) { max($0[0], $0[1]) }
    public static let gdpLnMin = DerivedQuantity("gdp_ln_min", "ln GDP of the smaller economy of the two", PanelColumnName.gdpLn.sides) { min($0[0], $0[1]) }
    public static let gdppcGap = DerivedQuantity("gdppc_gap", "the gap between the two in ln GDP per head",
        [PanelColumnName.gdpLn.side(.first), PanelColumnName.popLn.side(.first), PanelColumnName.gdpLn.side(.second), PanelColumnName.popLn.side(.second)]) {
        abs(($0[0] - $0[1]) - ($0[2] - $0[3]))
    }
    public static let regionalPowerAny = DerivedQuantity("regional_power_any", "1 if either side is a regional power (Maoz)", PanelColumnName.maozRegional.sides) {
        max($0[0], $0[1])
    }
    public static let terrthreatMax = DerivedQuantity("terrthreat_max", "the higher latent territorial threat of the two (Miller)", PanelColumnName.terrthreat.sides) {
        max($0[0], $0[1])
    }
    public static let ucdpConflictsMin = DerivedQuantity("ucdp_conflicts_min", "armed conflicts of the less embattled side (UCDP): both at war",
        PanelColumnName.ucdpConflicts.sides) { min($0[0], $0[1]) }

    /// The quantity for the inputs' values (NaN is missing; `min` and `max` alone would not propagate it).
    public func value(_ inputs: [Double]) -> Double {
        inputs.contains(where: \.isNaN) ? .nan : formula(inputs)
    }
}

/// Everything that defines a model: outcome, predictors, the years and the estimator's options. Stored in the
/// model file so that a fit can be repeated exactly.
public struct ModelSpecification: Sendable, Codable, Hashable {
    public var outcome: AllianceOutcome
    /// Predictors in the order of the coefficients, the temporal controls included.
    public var terms: [ModelTerm]
    public var firstYear: Int
    public var lastYear: Int
    /// Cluster-robust standard errors by dyad (the default: a dyad's years are not independent).
    public var clusterByDyad: Bool
    public var options: LogisticOptions

    /// A specification. `temporalControls` adds years since the last defence pact and its square and cube
    /// (Carter & Signorino 2010) after the other predictors.
    public init(outcome: AllianceOutcome, predictors: [ModelTerm], temporalControls: Bool = true,
                firstYear: Int = 1816, lastYear: Int = AllianceModelService.outcomeLastYear, clusterByDyad: Bool = true,
                options: LogisticOptions = LogisticOptions()) {
        self.outcome = outcome
        let temporal = PanelColumnName.defenseYearsPowers.map { ModelTerm($0) }
        self.terms = predictors + (temporalControls ? temporal.filter { !predictors.contains($0) } : [])
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.clusterByDyad = clusterByDyad
        self.options = options
    }

    /// Parses `outcome ~ a + b + log1p(c)`.
    public static func parse(formula: String) throws -> (AllianceOutcome, [ModelTerm]) {
        let sides = formula.split(separator: "~", omittingEmptySubsequences: false)
        guard sides.count == 2 else { throw ModelError("the formula must read `outcome ~ a + b + ...`, got: \(formula)") }
        let name = sides[0].trimmingCharacters(in: .whitespaces)
        guard let outcome = AllianceOutcome(named: name) else {
            throw ModelError("unknown outcome \(name); one of: \(AllianceOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return (outcome, try parse(terms: String(sides[1]), separator: "+"))
    }

    /// Parses a list of terms separated by `separator` (`+` in formulas, `,` in option lists).
    public static func parse(terms text: String, separator: Character) throws -> [ModelTerm] {
        try text.split(separator: separator).map { raw in
            let term = raw.trimmingCharacters(in: .whitespaces)
            if term.hasPrefix("log1p(") && term.hasSuffix(")") {
                return ModelTerm(String(term.dropFirst(6).dropLast()).trimmingCharacters(in: .whitespaces), logOnePlus: true)
            }
            guard !term.isEmpty, term.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ModelError("cannot read the term `\(term)`: use a column name or log1p(column)")
            }
            return ModelTerm(term)
        }
    }

    /// The shipped default: defence-pact onset on the years 1950–2018, where UN voting and the sanctions data
    /// both exist, with the article's drivers (shared Western pressure, common foes, institutions, UN agreement)
    /// and its barriers (regime difference, capability gap) beside the standard controls.
    public static let `default` = ModelSpecification(
        outcome: .defenseOnset,
        predictors: [ModelTerm(.unAgree), ModelTerm(.westSanctionsMin)] + [PanelColumnName.commonSender, .commonFoe, .igoShared, .polityDiff, .capRatioLn].map { ModelTerm($0) }
            + [ModelTerm(.landContiguity), ModelTerm(.majorAny), ModelTerm(.alliesCommon)],
        firstYear: 1950, lastYear: AllianceModelService.outcomeLastYear)
}

extension ModelSpecification {
    /// A specification whose predictors exist in every year from 1816, for validation over the whole record
    /// (train 1816–1980, test 1981–2018) and as the base of the replications: alliance ties with third states,
    /// regime difference, the capability gap, distance and contiguity, and major-power status.
    public static let historical = ModelSpecification(
        outcome: .defenseOnset,
        predictors: [PanelColumnName.alliesCommon, .triadClosure, .polityDiff, .capRatioLn, .capitalDistanceLn].map { ModelTerm($0) }
            + [ModelTerm(.landContiguity), ModelTerm(.majorAny)],
        firstYear: 1816, lastYear: AllianceModelService.outcomeLastYear)

    /// The named specifications a user can start from.
    public static let named: [String: ModelSpecification] = ["default": .default, "historical": .historical]
}

/// A model cannot be specified, fitted or applied as asked.
public struct ModelError: Error, CustomStringConvertible {
    public var description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
