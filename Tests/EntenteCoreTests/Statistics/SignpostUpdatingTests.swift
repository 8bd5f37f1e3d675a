import EntenteCore
import Foundation
import Testing

/// Bayesian updating on signposts, the coherence check, forecast pooling and scoring, and the trajectory chart,
/// against numbers worked out by hand.
@Suite struct SignpostUpdatingTests {
    /// A signpost with the given probabilities.
    static func signpost(_ id: String, _ pAlliance: Double, _ pNoAlliance: Double) -> Signpost {
        Signpost(id: id, title: id, description: "d", pIfAlliance: pAlliance, pIfNoAlliance: pNoAlliance, rationale: "r")
    }

    /// LR 2 and LR 3; `double`'s absence factor is (1 − 0.6) / (1 − 0.2) = 0.5.
    static let double = signpost("double", 0.4, 0.2), triple = signpost("triple", 0.6, 0.2)

    static func seen(_ id: String, _ date: String, observed: Bool = true, item: String? = nil,
                     kind: EvidenceKind? = nil, direction: EvidenceDirection? = nil) -> SignpostObservation {
        SignpostObservation(signpost: id, date: EvidenceDate(date)!, observed: observed, evidence: item, kind: kind, direction: direction)
    }

    static func date(_ text: String) -> CalendarDate { EvidenceDate(text)!.calendarDate! }

    // MARK: - Updating

    @Test func likelihoodRatiosMultiplyTheOdds() {
        // Prior 0.1 is odds 1/9; × 2 × 3 = 2/3, which is probability 0.4. Given out of order, applied by date.
        let update = SignpostUpdate(prior: 0.1, signposts: [Self.double, Self.triple],
                                    observations: [Self.seen("triple", "2021-03"), Self.seen("double", "2020")])
        #expect(abs(update.posterior - 0.4) < 1e-12)
        #expect(abs(update.posteriorLogOdds - log(2.0 / 3)) < 1e-12 && abs(update.priorLogOdds - log(1.0 / 9)) < 1e-12)
        #expect(update.steps.map(\.observation.signpost) == ["double", "triple"])
        // After the first step the odds are 2/9: probability 2/11.
        #expect(abs(update.steps[0].probability - 2.0 / 11) < 1e-12 && abs(exp(update.steps[1].logFactor) - 3) < 1e-12)
        #expect(update.steps.allSatisfy { $0.counted })
        let none = SignpostUpdate(prior: 0.1, signposts: [Self.double], observations: [])
        #expect(none.posterior == 0.1 && none.steps.isEmpty)
    }

    @Test func aSignpostCountsOnceAndRepeatsCorroborate() {
        let records = [Self.seen("double", "2019-05", item: "a"), Self.seen("double", "2020", item: "b"),
                       Self.seen("double", "2020-02-03", item: "c")]
        let once = SignpostUpdate(prior: 0.1, signposts: [Self.double], observations: records)
        #expect(abs(once.posterior - 2.0 / 11) < 1e-12)
        #expect(once.steps.map(\.counted) == [true, false, false])
        #expect(once.steps.map(\.logFactor).dropFirst().allSatisfy { $0 == 0 })
        #expect(once.sightings(of: "double").compactMap(\.observation.evidence) == ["a", "b", "c"])
        // Counting every sighting: 1/9 × 2³ = 8/9, probability 8/17.
        let every = SignpostUpdate(prior: 0.1, signposts: [Self.double], observations: records, countRepeats: true)
        #expect(abs(every.posterior - 8.0 / 17) < 1e-12 && every.steps.allSatisfy { $0.counted } && every.countsRepeats)
    }

    @Test func aRecordOfAbsenceAppliesItsOwnFactorUntilTheSignpostIsSeen() {
        #expect(abs(Self.triple.absenceLikelihoodRatio - 0.5) < 1e-12)
        // Not seen by 2020: 1/9 × 0.5 = 1/18, probability 1/19. Seen in 2022: the factor becomes 3 (a step of × 6),
        // odds 1/3, probability 0.25. Not seen again afterwards: nothing changes.
        let update = SignpostUpdate(prior: 0.1, signposts: [Self.triple], observations: [
            Self.seen("triple", "2020-12-31", observed: false), Self.seen("triple", "2021-06-30", observed: false),
            Self.seen("triple", "2022"), Self.seen("triple", "2023-01-01", observed: false),
        ])
        #expect(abs(update.steps[0].probability - 1.0 / 19) < 1e-12)
        #expect(update.steps.map(\.counted) == [true, false, true, false])
        #expect(abs(exp(update.steps[2].logFactor) - 6) < 1e-12)
        #expect(abs(update.posterior - 0.25) < 1e-12)
        #expect(update.sightings(of: "triple").count == 1)
    }

    @Test func theCaseFileGivesOneRecordPerLinkAndAsOfWaitsForAPeriodToEnd() {
        let item = { (id: String, date: String, signposts: [String]) in
            CaseEvidence(id: id, date: EvidenceDate(date)!, kind: .summit, title: id, summary: "s", direction: .closer,
                         sources: ["x"], signposts: signposts)
        }
        let file = CaseFile(dyad: Dyad(CountryCode(710), CountryCode(365)), title: "t", summary: "s", updated: Self.date("2023-01-01"),
                            sources: [:], evidence: [item("a", "2020-05", ["double", "triple"]), item("b", "2021", []),
                                                     item("c", "2022-05-20", ["double"])],
                            covariates: [], signposts: [Self.double, Self.triple], scenarios: [], questions: [])
        #expect(file.signpostObservations().map { "\($0.evidence!):\($0.signpost)" } == ["a:double", "a:triple", "c:double"])
        // "2020-05" ends on 31 May: not yet counted on the 30th.
        #expect(file.signpostObservations(asOf: Self.date("2020-05-30")).isEmpty)
        #expect(file.signpostObservations(asOf: Self.date("2020-05-31")).count == 2)
        #expect(file.signpostObservations(asOf: Self.date("2022-05-19")).allSatisfy { $0.evidence == "a" })
    }

    // MARK: - Coherence

    @Test func aRatioAtOddsWithEveryItemsDirectionIsFlagged() {
        let favours = SignpostUpdate(prior: 0.1, signposts: [Self.triple], observations: [
            Self.seen("triple", "2020", item: "a", direction: .apart), Self.seen("triple", "2021", item: "b", direction: .apart)])
        let warnings = favours.coherenceWarnings()
        #expect(warnings.map(\.kind) == [.direction] && warnings[0].signposts == ["triple"])
        #expect(warnings[0].message.contains("\"triple\"") && warnings[0].message.contains("(a, b)") && warnings[0].message.contains("apart"))
        // One item pointing the right way clears it; a ratio below 1 with only "closer" items is the mirror case.
        let mixed = SignpostUpdate(prior: 0.1, signposts: [Self.triple], observations: [
            Self.seen("triple", "2020", item: "a", direction: .apart), Self.seen("triple", "2021", item: "b", direction: .closer)])
        #expect(mixed.coherenceWarnings().isEmpty)
        let against = Self.signpost("against", 0.1, 0.3)
        let mirror = SignpostUpdate(prior: 0.1, signposts: [against], observations: [Self.seen("against", "2020", item: "a", direction: .closer)])
        #expect(mirror.coherenceWarnings().map(\.kind) == [.direction])
        #expect(mirror.coherenceWarnings()[0].message.contains("closer"))
    }

    @Test func nearlyEqualProbabilitiesAreUninformative() {
        // ln(0.5 / 0.49) = 0.020 < 0.05; ln(0.5 / 0.45) = 0.105 is informative enough.
        let update = SignpostUpdate(prior: 0.1, signposts: [Self.signpost("flat", 0.5, 0.49), Self.signpost("fine", 0.5, 0.45)],
                                    observations: [])
        let warnings = update.coherenceWarnings()
        #expect(warnings.map(\.signposts) == [["flat"]] && warnings[0].kind == .uninformative)
        #expect(warnings[0].message.contains("uninformative") && warnings[0].message.hasSuffix("."))
    }

    @Test func aLargeMoveOnCommentaryRisksDoubleCounting() {
        // ln(0.9 / 0.01) = 4.50 log-odds units, more than 3.
        let strong = Self.signpost("strong", 0.9, 0.01)
        let onCommentary = SignpostUpdate(prior: 0.1, signposts: [strong],
                                          observations: [Self.seen("strong", "2020", item: "op-ed", kind: .commentary)])
        let warnings = onCommentary.coherenceWarnings()
        #expect(warnings.map(\.kind) == [.commentary] && warnings[0].signposts == ["strong"])
        #expect(warnings[0].message.contains("op-ed") && warnings[0].message.contains("100%"))
        let onTreaty = SignpostUpdate(prior: 0.1, signposts: [strong], observations: [Self.seen("strong", "2020", item: "t", kind: .treaty)])
        #expect(onTreaty.coherenceWarnings().isEmpty)
        // A limit above the 4.5-unit move lets it pass.
        #expect(onCommentary.coherenceWarnings(maximumShift: 5).isEmpty)
    }

    @Test func signpostsCountedOnOneItemAreNamedAsCorrelated() {
        let update = SignpostUpdate(prior: 0.1, signposts: [Self.double, Self.triple, Self.signpost("other", 0.3, 0.1)], observations: [
            Self.seen("double", "2020", item: "joint"), Self.seen("triple", "2020", item: "joint"), Self.seen("other", "2021", item: "solo"),
        ])
        let warnings = update.coherenceWarnings()
        #expect(warnings.map(\.kind) == [.correlated] && warnings[0].signposts == ["double", "triple"])
        #expect(warnings[0].message.contains("\"double\" and \"triple\"") && warnings[0].message.contains("joint"))
    }

    // MARK: - Pooling and scoring

    @Test func poolingTakesEachAnalystsLatestForecastAndAveragesLogOdds() throws {
        let forecasts = [
            AnalystForecast(analyst: "b", date: Self.date("2020-06-01"), probability: 0.5),
            AnalystForecast(analyst: "a", date: Self.date("2021-01-01"), probability: 0.2),
            AnalystForecast(analyst: "a", date: Self.date("2020-01-01"), probability: 0.1),
            AnalystForecast(analyst: "c", date: Self.date("2022-01-01"), probability: 0.8),
        ]
        // By mid-2021: a's 0.2 (odds 1/4) and b's 0.5 (odds 1): geometric mean of odds 1/2, probability 1/3.
        let pool = try #require(ForecastPool(forecasts, onOrBefore: Self.date("2021-06-30")))
        #expect(pool.forecasts.map(\.analyst) == ["a", "b"] && pool.forecasts[0].probability == 0.2)
        #expect(abs(pool.probability - 1.0 / 3) < 1e-12 && abs(pool.arithmeticMean - 0.35) < 1e-12)
        // Extremised by 2: odds (1/2)² = 1/4, probability 0.2; the plain mean does not change.
        let extremised = try #require(ForecastPool(forecasts, onOrBefore: Self.date("2021-06-30"), extremising: 2))
        #expect(abs(extremised.probability - 0.2) < 1e-12 && abs(extremised.arithmeticMean - 0.35) < 1e-12)
        // All forecasts: a 0.2, b 0.5, c 0.8; the log-odds cancel to 0.
        #expect(abs(try #require(ForecastPool(forecasts)).probability - 0.5) < 1e-12)
        #expect(ForecastPool(forecasts, onOrBefore: Self.date("2019-12-31")) == nil)
    }

    @Test func resolvedQuestionsAreScoredOnTheLatestForecastBeforeResolution() throws {
        let question = ForecastQuestion(id: "q", text: "Q?", closes: Self.date("2001-12-31"), resolution: true,
                                        resolvedOn: Self.date("2001-07-16"), forecasts: [
            AnalystForecast(analyst: "a", date: Self.date("2001-01-15"), probability: 0.7),
            AnalystForecast(analyst: "b", date: Self.date("2001-03-01"), probability: 0.85),
            AnalystForecast(analyst: "a", date: Self.date("2001-08-01"), probability: 0.99),
        ])
        let scored = QuestionForecasts(question)
        #expect(scored.outcome == true)
        #expect(scored.lines.map(\.forecaster) == [.analyst("a"), .analyst("b"), .pooled, .arithmeticMean])
        let brier = scored.lines.compactMap(\.brierScore), logScore = scored.lines.compactMap(\.logScore)
        // Odds 7/3 and 17/3 pool to their geometric mean √119 / 3; the plain mean is 0.775.
        let odds = (7.0 / 3 * 17.0 / 3).squareRoot(), pooled = odds / (1 + odds)
        let expectedBrier = [0.09, 0.0225, (1 - pooled) * (1 - pooled), 0.050625]
        let expectedLog = [-log(0.7), -log(0.85), -log(pooled), -log(0.775)]
        #expect(zip(brier, expectedBrier).allSatisfy { abs($0 - $1) < 1e-12 } && brier.count == 4)
        #expect(zip(logScore, expectedLog).allSatisfy { abs($0 - $1) < 1e-12 } && logScore.count == 4)
        #expect(scored.lines[2].date == Self.date("2001-03-01"))

        // Before it resolved, the question was open: no outcome, no scores.
        let earlier = QuestionForecasts(question, asOf: Self.date("2001-02-01"))
        #expect(earlier.outcome == nil && earlier.lines.allSatisfy { $0.brierScore == nil && $0.logScore == nil })
        #expect(earlier.lines.map(\.forecaster) == [.analyst("a"), .pooled, .arithmeticMean])

        // A false resolution scores 1 − p: 0.05 gives Brier 0.0025 and log score −ln 0.95.
        let no = ForecastQuestion(id: "n", text: "N?", closes: Self.date("2020-12-31"), resolution: false, resolvedOn: Self.date("2020-12-31"),
                                  forecasts: [AnalystForecast(analyst: "a", date: Self.date("2015-01-01"), probability: 0.05)])
        let line = try #require(QuestionForecasts(no).lines.first)
        #expect(abs(line.brierScore! - 0.0025) < 1e-12 && abs(line.logScore! + log(0.95)) < 1e-12)
        #expect(QuestionForecasts(ForecastQuestion(id: "e", text: "E?", closes: Self.date("2030-01-01"))).lines.isEmpty)
    }
}
