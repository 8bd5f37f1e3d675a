import EntenteCore
import Foundation

/// A predictor of a forecasting model, read the way a forecaster could have read it: as of the year before.
///
/// The rule, for every term (`Docs/forecast-model.md`):
/// - **Lag.** A panel column or derived quantity enters with its value in year t − 1 of the same dyad; columns the
///   panel already computes from year t − 1 (`definedFromYearBefore`: allies in common, triadic closure) enter
///   with their own row's value, which describes t − 1 too. Where that is missing, the last value observed in the `PredictorSource.carryYears` years before is carried forward
///   (IGO, MID and trade data end in 2014; with 4 years a forecast from 2018 still uses them). Older or absent:
///   the term is missing, and the fitted transform fills it with its training median and adds a missing
///   indicator (`TermTransform`). No row is dropped for a missing value.
/// - **Clock.** Years without a defence pact (`defense_years`) is fixed by the years before t; it enters as
///   ln(1 + years) and moves on, year by year, over a forecast's horizon.
/// - **System rate.** The logit of new pacts per dyad-year at risk over the `window` years before t, across the
///   whole system (`SystemRate`): the era the forecast is made in, seen only from the past.
///
/// Every value then passes through a transform whose range is fixed from the training rows: a forecast never
/// extrapolates a count or the clock past what the model was fitted on.
public struct ForecastTerm: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// A panel column or derived quantity, lagged one year.
        case lagged
        /// ln(1 + years without a pact), moving on over the horizon.
        case clock
        /// The logit of the system's onset rate over the previous `window` years.
        case systemRate = "system-rate"
    }

    public var kind: Kind
    /// The panel column or derived quantity (lagged terms); `defense_years` for the clock; "system_rate" or
    /// "treaty_rate" (`SystemRate.Count.termBase`).
    public var base: String
    /// ln(1 + x) before clamping, for counts.
    public var logOnePlus: Bool
    /// Years the system rate averages over (system-rate terms only).
    public var window: Int?
    /// Years between the panel row read and the forecast year: 1, or 0 for a column the panel already computes
    /// from the year before.
    public var lag: Int = 1

    /// Panel columns whose value in year t is computed from year t − 1 (the codebook's "in year−1").
    public static let definedFromYearBefore = Set([PanelColumnName.alliesCommon, .triadClosure].map(\.rawValue))

    /// A lagged panel column; `logOnePlus` for counts.
    public static func lagged(_ base: String, log1p: Bool = false) -> ForecastTerm {
        ForecastTerm(kind: .lagged, base: base, logOnePlus: log1p, window: nil, lag: definedFromYearBefore.contains(base) ? 0 : 1)
    }

    /// A lagged panel column; `logOnePlus` for counts.
    public static func lagged(_ column: PanelColumnName, log1p: Bool = false) -> ForecastTerm { lagged(column.rawValue, log1p: log1p) }

    /// A lagged derived quantity; `logOnePlus` for counts.
    public static func lagged(_ quantity: DerivedQuantity, log1p: Bool = false) -> ForecastTerm { lagged(quantity.name, log1p: log1p) }

    /// The same lagged term on the other scale: ln(1 + x) for a linear one, linear for a logged one.
    public var onTheOtherScale: ForecastTerm {
        var other = self
        other.logOnePlus.toggle()
        return other
    }

    /// The clock: ln(1 + years without a defence pact).
    public static let clock = ForecastTerm(kind: .clock, base: PanelColumnName.defenseYears.rawValue, logOnePlus: true, window: nil)

    /// The system's onset rate over the `window` years before, counting new ties as `count` says.
    public static func systemRate(window: Int, counting count: SystemRate.Count = .dyadOnsets) -> ForecastTerm {
        ForecastTerm(kind: .systemRate, base: count.termBase, logOnePlus: false, window: window)
    }

    /// What a system-rate term counts as a new tie.
    public var systemCount: SystemRate.Count { base == SystemRate.Count.bilateralTreaties.termBase ? .bilateralTreaties : .dyadOnsets }

    public var description: String {
        switch kind {
        case .lagged:
            let read = lag == 0 ? base : "lag(\(base))"
            return logOnePlus ? "log1p(\(read))" : read
        case .clock: return "log1p(\(PanelColumnName.defenseYears))"
        case .systemRate: return "\(base)(\(window ?? 0))"
        }
    }

    /// Terms from a formula's right-hand side (`ModelTerm`s): each lagged, the polynomial clock replaced by the
    /// bounded one.
    public static func from(_ terms: [ModelTerm], clock: Bool) -> [ForecastTerm] {
        var result = terms.filter { !PanelColumnName.isDefenseYears($0.base) }.map { lagged($0.base, log1p: $0.logOnePlus) }
        if clock || terms.contains(where: { PanelColumnName.isDefenseYears($0.base) }) { result.append(.clock) }
        return result
    }
}

/// One specification of the ensemble: an outcome, its terms and the first year it is fitted from.
public struct EnsembleMember: Sendable, Codable, Hashable {
    public var name: String
    /// What the member stands for, in a line.
    public var summary: String
    public var outcome: AllianceOutcome
    /// The terms, the clock included. The system rate is added or not by the configuration the inner
    /// validation picks (`MemberConfiguration`).
    public var terms: [ForecastTerm]
    /// Terms used only when the panel has the column (columns the panel may gain later, such as shared
    /// strategic rivals); absent, the member goes on without them and says so.
    public var optionalTerms: [ForecastTerm]
    public var firstYear: Int

    public init(name: String, summary: String, outcome: AllianceOutcome = .defenseOnset, terms: [ForecastTerm],
                optionalTerms: [ForecastTerm] = [], firstYear: Int) {
        self.name = name
        self.summary = summary
        self.outcome = outcome
        self.terms = terms
        self.optionalTerms = optionalTerms
        self.firstYear = firstYear
    }

    /// The terms for a panel: the fixed ones and the optional ones the panel has.
    public func terms(for panel: DyadYearPanel) -> [ForecastTerm] {
        terms + optionalTerms.filter { Self.panel(panel, has: $0) }
    }

    /// The terms of `candidatePool` the inner validation may add to this member on a panel: those the member
    /// lacks and the panel has.
    public func candidates(for panel: DyadYearPanel) -> [ForecastTerm] {
        let own = Set(terms(for: panel).map(\.base))
        return Self.candidatePool.filter { !own.contains($0.base) && Self.panel(panel, has: $0) }
    }

    private static func panel(_ panel: DyadYearPanel, has term: ForecastTerm) -> Bool {
        panel.column(term.base) != nil || ModelTerm.derived.contains { $0.name == term.base && $0.inputs.allSatisfy { panel.column($0) != nil } }
    }

    /// Terms any member may gain where its inner blocks show they help (`TermScreening`): the panel's measures of
    /// fighting side by side, rivalry, wealth, regional power, territorial threat, votes, institutions, trade and
    /// arms, so that what enters a member is decided by the training years rather than by its author.
    public static let candidatePool: [ForecastTerm] = [
        .lagged(.ucdpTogether, log1p: true), .lagged(.ucdpOpposed, log1p: true), .lagged(.ucdpConflictsMin, log1p: true),
        .lagged(.rivalsCommon, log1p: true), .lagged(.rivalry), .lagged(.commonFoe, log1p: true), .lagged(.midYears, log1p: true),
        .lagged(.gdpLnMin), .lagged(.gdppcGap), .lagged(.regionalPowerAny), .lagged(.terrthreatMax),
        .lagged(.unAgree), .lagged(.idealDistance), .lagged(.igoShared, log1p: true), .lagged(.jointDemocracy),
        .lagged(.tradeDepMin, log1p: true), .lagged(.armsTIV, log1p: true),
    ]
}

extension EnsembleMember {
    private static let structure: [ForecastTerm] = [
        .lagged(.capitalDistanceLn), .lagged(.landContiguity), .lagged(.capRatioLn), .lagged(.majorAny),
    ]
    private static let blocs: [ForecastTerm] = [
        .lagged(.alliesCommon, log1p: true), .lagged(.triadClosure, log1p: true), .lagged(.lowerTie),
    ]

    /// Everything observed since 1816: ties to third states and the ladder below a defence pact, regime
    /// difference, the capability gap, distance, contiguity and major-power status.
    public static let historical = EnsembleMember(
        name: "historical", summary: "blocs, the alliance ladder, regimes and geography since 1816",
        terms: blocs + [.lagged(.polityDiff)] + structure + [.clock], firstYear: 1816)

    /// The post-1950 world: the historical terms with UN voting, shared IGOs and Western sanctions.
    public static let postwar = EnsembleMember(
        name: "postwar", summary: "UN voting, shared IGOs and Western sanctions since 1950",
        terms: blocs + [.lagged(.unAgree), .lagged(.igoShared, log1p: true), .lagged(.westSanctionsMin, log1p: true),
                        .lagged(.westSanctionsMax, log1p: true), .lagged(.commonSender, log1p: true),
                        .lagged(.polityDiff)] + structure + [.clock],
        firstYear: 1950)

    /// Common threats: foes in militarised disputes, strategic rivals in common (when the panel has them), the
    /// pair's own disputes.
    public static let threat = EnsembleMember(
        name: "threat", summary: "common foes and rivals, the pair's own disputes, since 1816",
        terms: blocs + [.lagged(.commonFoe, log1p: true), .lagged(.midYears, log1p: true), .lagged(.midOngoing)]
            + structure + [.clock],
        optionalTerms: [.lagged(.rivalsCommon, log1p: true), .lagged(.rivalry)], firstYear: 1816)

    /// Bilateral: what moves two states outside any bloc — both major powers, their own disputes and votes, the
    /// pressure both face — with no bloc terms.
    public static let bilateral = EnsembleMember(
        name: "bilateral", summary: "the pair alone: great-power status, votes, disputes and shared pressure, since 1950",
        terms: [.lagged(.majorBoth), .lagged(.unAgree), .lagged(.westSanctionsMin, log1p: true),
                .lagged(.commonSender, log1p: true), .lagged(.midYears, log1p: true), .lagged(.polityDiff),
                .lagged(.lowerTie)] + structure + [.clock],
        firstYear: 1950)

    /// The ensemble's members, in the order reports list them.
    public static let ensemble: [EnsembleMember] = [.historical, .postwar, .threat, .bilateral]

    /// The ensemble's members predicting `outcome` instead of any new defence tie (`bilateralDefenseOnset`: a
    /// treaty of the two alone, the kind two major powers outside any bloc would sign).
    public static func ensemble(predicting outcome: AllianceOutcome) -> [EnsembleMember] {
        ensemble.map { member in
            var retargeted = member
            retargeted.outcome = outcome
            return retargeted
        }
    }
}

/// The choices the inner validation makes for a member: the L2 strength and whether (over how many years, and
/// counting what) the system rate enters.
public struct MemberConfiguration: Sendable, Codable, Hashable, CustomStringConvertible {
    /// λ on the standardised terms.
    public var l2Penalty: Double
    /// The system rate's window, or nil without it.
    public var systemWindow: Int?
    /// What the system rate counts; nil for dyad onsets, so records written before the treaty count read the same.
    public var systemCount: SystemRate.Count?

    public init(l2Penalty: Double, systemWindow: Int?, counting count: SystemRate.Count = .dyadOnsets) {
        self.l2Penalty = l2Penalty
        self.systemWindow = systemWindow
        systemCount = systemWindow == nil || count == .dyadOnsets ? nil : count
    }

    /// The system-rate term the configuration adds, if any.
    public var systemTerm: ForecastTerm? {
        systemWindow.map { ForecastTerm.systemRate(window: $0, counting: systemCount ?? .dyadOnsets) }
    }

    public var description: String {
        "λ=\(l2Penalty.shortText)" + (systemWindow.map { window in
            systemCount == .bilateralTreaties ? ", bilateral-treaty rate over \(window) years" : ", system rate over \(window) years"
        } ?? ", no system rate")
    }

    /// The grid searched: λ ∈ {1, 30, 300} × system rate {none, dyad onsets over 5 or 10 years, bilateral treaties
    /// over 10 years}. Bilateral treaties are few (none to three a year since 1990), so their rate is read over ten
    /// years only.
    public static let grid: [MemberConfiguration] = [1.0, 30, 300].flatMap { l2 in
        [nil, 5, 10].map { MemberConfiguration(l2Penalty: l2, systemWindow: $0) }
            + [MemberConfiguration(l2Penalty: l2, systemWindow: 10, counting: .bilateralTreaties)]
    }
}

extension Double {
    /// The shortest decimal that reads back as the value, without a trailing ".0" for whole numbers.
    var shortText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
