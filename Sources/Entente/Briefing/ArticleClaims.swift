import EntenteCore
import EntenteRendering
import Foundation

/// One claim of the seed article set against what Entente measured, with a verdict in a plain sentence that
/// rests on the number beside it, and where in the briefing the evidence is drawn.
public struct ClaimFinding: Sendable, Equatable {
    /// The claim in the article's words, shortened.
    public var claim: String
    /// What was measured, with the number.
    public var measured: String
    /// The verdict in one plain sentence; "the data cannot say" where they cannot.
    public var verdict: String
    /// The section of the briefing that shows it (an anchor id).
    public var section: String
}

extension Briefing {
    /// The article's claims, each tested against the dyad's data and case file: pressure, trade and energy,
    /// arms and technology, legitimacy at the UN, the settled border, Central Asia and the SCO, China's unease at
    /// Russia's use of force, elite signals, and the ladder of treaty commitments.
    public var claimFindings: [ClaimFinding] {
        let history = inputs.history
        let years = history.keys.sorted()
        func latest(_ column: PanelColumnName) -> (year: Int, value: Double)? {
            years.reversed().lazy.compactMap { year in history[year]?[column].flatMap { $0.isNaN ? nil : (year, $0) } }.first
        }
        func mean(_ column: PanelColumnName, _ range: ClosedRange<Int>) -> Double? {
            let values = range.compactMap { history[$0]?[column] }.filter { !$0.isNaN }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        let evidence = inputs.caseFile?.evidence ?? []
        func items(_ claim: ArticleClaim) -> [CaseEvidence] { evidence.filter { $0.claim == claim } }
        let noData = "The data cannot say: no yearly history for this pair (import the data, or add it to the watch list)."
        var findings: [ClaimFinding] = []

        // Pressure: did alignment rise after the pressure episodes the article names?
        let composite = Dictionary(uniqueKeysWithValues: inputs.alignment.compactMap { year in year.composite.map { (year.year, $0) } })
        func shift(after year: Int) -> Double? {
            let before = (year - 3..<year).compactMap { composite[$0] }, after = (year + 1...year + 3).compactMap { composite[$0] }
            guard before.count == 3, after.count == 3 else { return nil }
            return after.reduce(0, +) / 3 - before.reduce(0, +) / 3
        }
        let shift2014 = shift(after: 2014)
        let firstAligned = inputs.alignment.first?.year
        findings.append(ClaimFinding(
            claim: "Western pressure (sanctions, hostile blocs) drives the two together; ties deepened after 1989 and 2014.",
            measured: shift2014.map { "Alignment index (percentile among all pairs) in the three years after 2014 against the three before: "
                + String(format: "%+.1f points", 100 * $0) + (firstAligned.map { $0 > 1986 ? "; the index starts in \($0), too late to test 1989." : "." } ?? ".") }
                ?? "The alignment index is not available around 2014 for this pair.",
            verdict: shift2014.map { abs($0) < 0.05
                ? "Not supported by the index: the pair was no closer after 2014 than before (a change under 5 points)."
                : $0 > 0 ? "Supported: the pair moved closer after 2014." : "Not supported: the pair moved apart after 2014." } ?? noData,
            section: "pressure"))

        // Mutual gains: trade dependence and arms transfers.
        if let trade = latest(.tradeDep1), let early = mean(.tradeDep1, 1995...1999) {
            let other = latest(.tradeDep2)
            findings.append(ClaimFinding(
                claim: "Mutual gains: a wealthy trading partner for Russia and discounted energy for China.",
                measured: "Trade with the partner as a share of GDP: \(inputs.firstName) " + NumberText.percent(trade.value, digits: 1)
                    + " in \(trade.year) against " + NumberText.percent(early, digits: 1) + " on average in 1995–1999"
                    + (other.map { "; \(inputs.secondName) " + NumberText.percent($0.value, digits: 1) + " in \($0.year)" } ?? "") + ".",
                verdict: trade.value > early * 1.25 ? "Supported: \(inputs.firstName) depends more on the partner's trade than in the late 1990s."
                    : "Not clearly supported by the trade data: dependence on the partner has not grown by a quarter since the late 1990s.",
                section: "claims"))
        } else {
            findings.append(ClaimFinding(claim: "Mutual gains: a wealthy trading partner for Russia and discounted energy for China.",
                                         measured: "Trade data: none for this pair in the shipped data.", verdict: noData, section: "claims"))
        }
        let armsRecent = mean(.armsTIV, 2010...2018), armsEarly = mean(.armsTIV, 2000...2009)
        findings.append(ClaimFinding(
            claim: "Technology and arms: China has made technological gains; Russia sells it high-grade weapons.",
            measured: armsRecent.map { recent in "Arms transfers (SIPRI trend-indicator values, both directions) averaged "
                + String(format: "%.0f", recent) + " a year in 2010–2018" + (armsEarly.map { String(format: " against %.0f in 2000–2009.", $0) } ?? ".") }
                ?? "No arms-transfer figures for this pair.",
            verdict: armsRecent.flatMap { recent in armsEarly.map { early in recent > early
                ? "Supported for arms: transfers grew in the 2010s."
                : "Not supported for arms: transfers were lower in the 2010s than in the 2000s, when Russian sales to China peaked; SIPRI does not measure technology sharing beyond weapons." } }
                ?? noData,
            section: "claims"))

        // Legitimacy: agreement at the UN General Assembly.
        if let agree = latest(.unAgree), let nineties = mean(.unAgree, 1992...1999) {
            findings.append(ClaimFinding(
                claim: "Each legitimises the other internationally.",
                measured: "Share of UN General Assembly roll calls on which they voted alike: " + NumberText.percent(agree.value, digits: 0)
                    + " in \(agree.year), against " + NumberText.percent(nineties, digits: 0) + " in 1992–1999.",
                verdict: agree.value >= nineties ? "Supported: they vote together at the UN at least as often as in the 1990s."
                    : "Not supported: they vote together less often than in the 1990s.",
                section: "alignment"))
        }

        // Competing interests: the border and militarised disputes.
        let border = latest(.conttype).map { $0.value == 1 }
        let lastDispute = years.last { (history[$0]?[.midOnset] ?? 0) == 1 }
        findings.append(ClaimFinding(
            claim: "Competing interests are managed: the border was settled in the 1990s and 2000s.",
            measured: (border == true ? "They share a land border. " : "")
                + (lastDispute.map { "The last militarised dispute between them in the MID data began in \($0)." }
                    ?? (years.isEmpty ? "No dispute history for this pair." : "No militarised dispute between them in the MID data since \(years.first!).")),
            verdict: years.isEmpty ? noData : lastDispute.map { $0 < 2000
                ? "Supported: no militarised dispute since \($0), through the end of the dispute data."
                : "Not fully supported: a militarised dispute (of any intensity, a shot fired at a fishing boat counts) began in \($0)." } ?? "Supported: no militarised dispute in the data.",
            section: "claims"))

        // Central Asia through the SCO.
        let sco = latest(.scoBoth), igo = latest(.igoShared)
        findings.append(ClaimFinding(
            claim: "A division of labour in Central Asia, managed through the Shanghai Cooperation Organisation.",
            measured: [sco.map { $0.value == 1 ? "Both are SCO members (\($0.year))." : "They are not both SCO members (\($0.year))." },
                       igo.map { "They share \(Int($0.value)) intergovernmental organisations (\($0.year), the last year of the IGO data)." }]
                .compactMap { $0 }.joined(separator: " ").nilIfEmpty ?? "No membership data for this pair.",
            verdict: sco?.value == 1 ? "Consistent with the claim: the institution exists and both belong; the data cannot show how they divide the labour."
                : "The data cannot say how they divide the labour in Central Asia.",
            section: "evidence"))

        // Barriers and signals come from the case file.
        let barriers = items(.barriers)
        let votesApart = barriers.filter { $0.kind == .unVote && $0.direction == .apart }.count
        findings.append(ClaimFinding(
            claim: "Barriers remain: China's unease at Russia's use of force, separatism and changed borders.",
            measured: "\(barriers.count) case-file item\(barriers.count == 1 ? "" : "s") on barriers, \(votesApart) of them UN votes where the two did not vote alike.",
            verdict: votesApart > 0 ? "Supported by the record: in \(votesApart) recorded UN votes on these questions China did not side with Russia; the yearly voting data cannot isolate such votes."
                : barriers.isEmpty ? "The case file records no evidence either way." : "Recorded in the case file, without UN votes to measure it.",
            section: "evidence"))
        let signals = items(.signals)
        let moved = signposts.map { $0.update.posterior - $0.update.prior }
        findings.append(ClaimFinding(
            claim: "Signals: elite advocacy (Yan Xuetong, a national-security blue book) and weapons deliveries.",
            measured: "\(signals.count) case-file item\(signals.count == 1 ? "" : "s") on signals"
                + (signposts.map { "; the signposts seen move the 10-year probability from " + NumberText.percent($0.update.prior, digits: 1)
                    + " to " + NumberText.percent($0.update.posterior, digits: 1) } ?? "") + ".",
            verdict: moved.map { abs($0) < 0.005 ? "Weak: the signals recorded hardly change the probability."
                : $0 > 0 ? "Supported: the signals recorded raise the probability." : "Not supported: the signposts recorded lower the probability." }
                ?? "The data cannot say: no signposts for this pair.",
            section: "signposts"))

        // The ladder: partnership, consultation, defence pact.
        // The current run of each commitment: the first year of the unbroken spell that reaches the latest year.
        func inForceSince(_ column: PanelColumnName) -> Int? {
            guard let last = years.last, history[last]?[column] == 1 else { return nil }
            return years.reversed().prefix { history[$0]?[column] == 1 }.last
        }
        let nonaggression = inForceSince(.atop(.nonagg)), consultation = inForceSince(.atop(.consul))
        let lastDefence = years.last { history[$0]?[.atop(.defense)] == 1 }
        findings.append(ClaimFinding(
            claim: "A ladder from partnership to consultation to a defence pact.",
            measured: ([nonaggression.map { "Non-aggression pact since \($0)" }, consultation.map { "consultation pact since \($0) (ATOP)" }]
                .compactMap { $0 }.joined(separator: "; ").nilIfEmpty ?? "No ATOP commitment between them now")
                + (lastDefence.map { "; no defence pact since \($0)." } ?? "; no defence pact in the data."),
            verdict: consultation != nil ? "Two rungs are climbed: by ATOP's definition they are already formally allied by a consultation pact; the defence pact is the rung left."
                : "No treaty rung is climbed yet.",
            section: "forecast"))
        return findings
    }
}

extension String {
    /// Nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
