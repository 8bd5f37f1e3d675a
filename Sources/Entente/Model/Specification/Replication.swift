import EntenteCore
import Foundation

/// A published finding re-tested on the ATOP panel: the design, the coefficient it is about, and what the
/// authors reported.
public struct PublishedFinding: Sendable {
    /// What the authors reported about a coefficient.
    public enum Claim: String, Sendable {
        /// Positive and significant.
        case positive
        /// Negative and significant.
        case negative
        /// No significant effect.
        case none = "no effect"
    }

    public var study: String
    /// The study's reference (journal and DOI).
    public var citation: String
    public var finding: String
    public var specification: ModelSpecification
    /// The term the finding is about.
    public var term: String
    public var claim: Claim

    /// Whether our estimate agrees: the sign at the 5% level for a directional claim, no significance otherwise.
    public func holds(coefficient: Double, pValue: Double) -> Bool {
        switch claim {
        case .positive: coefficient > 0 && pValue < 0.05
        case .negative: coefficient < 0 && pValue < 0.05
        case .none: pValue >= 0.05
        }
    }
}

/// The replications `entente replicate` runs: Lai & Reiter (2000) and Gibler & Wolford (2006), each design
/// rebuilt on the ATOP dyad-year panel with Entente's columns standing for the authors' measures.
public enum Replication {
    static let laiReiter = "Lai & Reiter (2000)"
    static let laiReiterCitation = "Journal of Conflict Resolution 44(2): 203-227, https://econpapers.repec.org/article/saejocore/v_3a44_3ay_3a2000_3ai_3a2_3ap_3a203-227.htm"
    static let giblerWolford = "Gibler & Wolford (2006)"
    static let giblerWolfordCitation = "Journal of Conflict Resolution 50(1): 129-153, https://doi.org/10.1177/0022002705281360"

    /// Lai & Reiter: new alliance ties of any kind among all pairs of states, with joint democracy, regime
    /// difference, common threat (a MID foe in common), distance between capitals and trade, plus capability and
    /// major-power controls and the temporal terms; their regime findings are for the years after 1945.
    static func laiReiterDesign(_ first: Int, _ last: Int) -> ModelSpecification {
        ModelSpecification(
            outcome: .anyOnset,
            predictors: [PanelColumnName.jointDemocracy, .polityDiff, .commonFoe, .capitalDistanceLn].map { ModelTerm($0) }
                + [ModelTerm(.landContiguity), ModelTerm(.majorAny), ModelTerm(.capRatioLn), ModelTerm(.tradeFlow, logOnePlus: true)],
            firstYear: first, lastYear: last)
    }

    /// Gibler & Wolford: joint democracy with their controls (distance, contiguity, major power, capability
    /// ratio), once with the formation of a defence pact and once with its presence as the outcome.
    static func giblerWolfordDesign(_ outcome: AllianceOutcome) -> ModelSpecification {
        ModelSpecification(
            outcome: outcome,
            predictors: [ModelTerm(.jointDemocracy), ModelTerm(.capitalDistanceLn), ModelTerm(.landContiguity), ModelTerm(.majorAny),
                         ModelTerm(.capRatioLn)],
            temporalControls: outcome.isOnset, firstYear: 1816, lastYear: 2000)
    }

    /// The findings, in the order printed.
    public static let findings: [PublishedFinding] = {
        let all = laiReiterDesign(1870, 1992), postwar = laiReiterDesign(1946, 1992)
        return [
            PublishedFinding(study: laiReiter, citation: laiReiterCitation,
                             finding: "states of similar regime type are more likely to ally after 1945",
                             specification: postwar, term: ModelTerm(.polityDiff).description, claim: .negative),
            PublishedFinding(study: laiReiter, citation: laiReiterCitation,
                             finding: "two democracies are not more likely to ally than two autocracies after 1945",
                             specification: postwar, term: ModelTerm(.jointDemocracy).description, claim: .none),
            PublishedFinding(study: laiReiter, citation: laiReiterCitation,
                             finding: "common threat makes alliance likelier", specification: all, term: ModelTerm(.commonFoe).description, claim: .positive),
            PublishedFinding(study: laiReiter, citation: laiReiterCitation,
                             finding: "distance makes alliance less likely", specification: all, term: ModelTerm(.capitalDistanceLn).description, claim: .negative),
            PublishedFinding(study: laiReiter, citation: laiReiterCitation,
                             finding: "trade does not affect alliance formation", specification: all, term: ModelTerm(.tradeFlow, logOnePlus: true).description, claim: .none),
            PublishedFinding(study: giblerWolford, citation: giblerWolfordCitation,
                             finding: "with formation as the outcome, democratic dyads are unlikely to ally",
                             specification: giblerWolfordDesign(.defenseOnset), term: ModelTerm(.jointDemocracy).description, claim: .negative),
            PublishedFinding(study: giblerWolford, citation: giblerWolfordCitation,
                             finding: "with the presence of a tie as the outcome, democratic dyads are likely to be allied",
                             specification: giblerWolfordDesign(.defense), term: ModelTerm(.jointDemocracy).description, claim: .positive),
        ]
    }()

    /// One finding's result.
    public struct Result: Sendable {
        public var finding: PublishedFinding
        public var coefficient: Double
        public var standardError: Double
        public var pValue: Double
        public var observations: Int
        public var events: Int
        public var holds: Bool
    }

    /// Fits every design once on `panel` (non-directed, 1815–2018) and reads each finding's coefficient.
    public static func run(panel: DyadYearPanel, progress: (String) -> Void = { _ in }) throws -> [Result] {
        var fits: [ModelSpecification: LogisticFit] = [:]
        return try findings.map { finding in
            let fit: LogisticFit
            if let known = fits[finding.specification] {
                fit = known
            } else {
                progress("fitting \(finding.study): \(finding.specification.outcome.rawValue) \(finding.specification.firstYear)-\(finding.specification.lastYear)")
                let design = try ModelDesign(panel: panel, specification: finding.specification)
                do { fit = try LogisticRegression.fit(design.regression, options: finding.specification.options) } catch {
                    throw ModelError("\(finding.study), \(finding.specification.outcome.rawValue): \(error)")
                }
                fits[finding.specification] = fit
            }
            guard let index = fit.names.firstIndex(of: finding.term) else { throw ModelError("\(finding.term) is not in the design") }
            let p = fit.pValues[index]
            return Result(finding: finding, coefficient: fit.coefficients[index], standardError: fit.standardErrors[index],
                          pValue: p, observations: fit.observations, events: fit.events,
                          holds: finding.holds(coefficient: fit.coefficients[index], pValue: p))
        }
    }

    /// One row per finding: the published claim beside our estimate.
    public static func report(_ results: [Result]) -> ReportTable {
        ReportTable(columns: ["study", "finding", "outcome", "years", "term", "published", "coefficient", "std_error",
                              "p_value", "rows", "events", "holds"],
                    rows: results.map { result in
                        let specification = result.finding.specification
                        return [.text(result.finding.study), .text(result.finding.finding), .text(specification.outcome.rawValue),
                                .text("\(specification.firstYear)-\(specification.lastYear)"), .text(result.finding.term),
                                .text(result.finding.claim.rawValue), .real(result.coefficient), .real(result.standardError),
                                .real(result.pValue), .integer(Int64(result.observations)), .integer(Int64(result.events)),
                                .text(result.holds ? "yes" : "no")]
                    })
    }
}
