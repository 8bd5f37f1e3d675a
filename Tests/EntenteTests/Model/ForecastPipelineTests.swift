import Entente
import EntenteCore
import Foundation
import Testing

/// The honest-forecasting pipeline on small panels built by hand, where every expected value is known.
struct ForecastPipelineTests {
    /// One dyad (2, 20) over `years`, with `x` and a defence pact in the years listed.
    static func panel(years: ClosedRange<Int>, x: [Double?], pacts: Set<Int> = [], extra: [(Int32, Int32)] = []) -> DyadYearPanel {
        var panel = DyadYearPanel(directed: false)
        var pactColumn: [Double] = [], clock: [Double] = [], values: [Double] = []
        var last: Int?
        for (index, year) in years.enumerated() {
            panel.ccode1.append(2)
            panel.ccode2.append(20)
            panel.year.append(Int32(year))
            pactColumn.append(pacts.contains(year) ? 1 : 0)
            clock.append(Double(year - (last.map { $0 + 1 } ?? years.lowerBound)))
            if pacts.contains(year) { last = year }
            values.append(x[index] ?? .nan)
        }
        // Other dyads, all without pacts and with x = 1, for the system rate.
        for (a, b) in extra {
            for year in years {
                panel.ccode1.append(a)
                panel.ccode2.append(b)
                panel.year.append(Int32(year))
                pactColumn.append(0)
                clock.append(Double(year - years.lowerBound))
                values.append(1)
            }
        }
        panel.columns = [PanelColumn(name: "atop_defense", kind: .integer, values: pactColumn),
                         PanelColumn(name: "defense_years", kind: .integer, values: clock),
                         PanelColumn(name: "x", kind: .real, values: values)]
        return panel
    }

    static func row(_ source: PredictorSource, _ year: Int, _ a: Int32 = 2, _ b: Int32 = 20) -> Int {
        (0..<source.count).first { source.year[$0] == Int32(year) && source.ccode1[$0] == a && source.ccode2[$0] == b }!
    }

    /// A lagged term reads the year before, never the year itself; a gap is filled from at most
    /// `carryYears` years back, and flagged by its age; older than that, it is missing.
    @Test func lagReadsThePreviousYearAndCarriesForwardAtMostNYears() throws {
        let x: [Double?] = [10, 11, 12, nil, nil, nil, nil, nil, 18, 19]  // 2000…2009
        let source = try PredictorSource(panel: Self.panel(years: 2000...2009, x: x), terms: [.lagged("x")])
        #expect(source.readings(forRow: Self.row(source, 2002))[0] == .init(value: 11, age: 0))
        #expect(source.readings(forRow: Self.row(source, 2001))[0] == .init(value: 10, age: 0))
        // The dyad's first year has no year before it: missing.
        #expect(source.readings(forRow: Self.row(source, 2000))[0].value.isNaN)
        // 2003–2007 are empty: 12 (2002) stands in for up to carryYears years beyond t − 1.
        #expect(source.readings(forRow: Self.row(source, 2004))[0] == .init(value: 12, age: 1))
        #expect(source.readings(forRow: Self.row(source, 2007))[0] == .init(value: 12, age: 4))
        #expect(PredictorSource.carryYears == 4)
        #expect(source.readings(forRow: Self.row(source, 2008))[0].value.isNaN)
        #expect(source.readings(forRow: Self.row(source, 2009))[0] == .init(value: 18, age: 0))
        // From an origin, the forecast for the next year reads the origin's own year.
        #expect(source.readings(fromOrigin: Self.row(source, 2009))[0] == .init(value: 19, age: 0))
    }

    /// A column the panel computes from the year before (allies in common) is read from the forecast year's own
    /// row; from an origin, from the next year's row when the panel has it, else carried from the origin.
    @Test func columnsDefinedFromTheYearBeforeAreNotLaggedTwice() throws {
        var panel = Self.panel(years: 2000...2009, x: (0..<10).map { Double($0) })
        panel.columns.append(PanelColumn(name: "allies_common", kind: .integer, values: (0..<10).map { Double(100 + $0) }))
        let source = try PredictorSource(panel: panel, terms: [.lagged("allies_common"), .lagged("x")])
        #expect(source.terms[0].lag == 0 && source.terms[1].lag == 1)
        #expect(source.readings(forRow: Self.row(source, 2003)).map(\.value) == [103, 2])
        #expect(source.readings(fromOrigin: Self.row(source, 2005)).map(\.value) == [106, 5])
        #expect(source.readings(fromOrigin: Self.row(source, 2009))[0] == .init(value: 109, age: 1))
    }

    /// The clock is read for the forecast year and moves on over a horizon; other terms stay at the origin.
    @Test func clockMovesOnFromTheOrigin() throws {
        let x: [Double?] = Array(repeating: 5, count: 10)
        let source = try PredictorSource(panel: Self.panel(years: 2000...2009, x: x, pacts: [2003]), terms: [.lagged("x"), .clock])
        // The pact of 2003 ended; in 2009 the panel counts 5 years without one.
        let origin = Self.row(source, 2009)
        for ahead in [1, 3, 10] {
            let readings = source.readings(fromOrigin: origin, ahead: ahead)
            #expect(readings[1].value == log1p(5.0 + Double(ahead)))
            #expect(readings[0].value == 5)
        }
        // The year after a pact year the clock restarts at 0; the pact year is not at risk the year after.
        #expect(source.readings(forRow: Self.row(source, 2004))[1].value == log1p(0))
        #expect(!source.atRiskRows(in: 2000...2009).contains(Self.row(source, 2004)))
        #expect(source.onset[Self.row(source, 2003)])
    }

    /// The system rate for year t counts onsets over t − w … t − 1 only: changing later years changes nothing.
    @Test func systemRateSeesOnlyTheYearsBefore() throws {
        let extra: [(Int32, Int32)] = [(2, 31), (2, 40), (20, 31), (20, 40), (31, 40)]
        let early = try PredictorSource(panel: Self.panel(years: 2000...2009, x: Array(repeating: 1, count: 10), pacts: [2002], extra: extra),
                                        terms: [.systemRate(window: 5)])
        let late = try PredictorSource(panel: Self.panel(years: 2000...2009, x: Array(repeating: 1, count: 10), pacts: [2002, 2006], extra: extra),
                                       terms: [.systemRate(window: 5)])
        // 2001–2005: 6 dyads a year at risk (the pair is not at risk in 2003, after its pact), one onset (2002).
        let expected = log((1 + 0.5) / (29 - 1 + 0.5))
        #expect(abs(early.system.logitRate(before: 2006, window: 5) - expected) < 1e-12)
        #expect(early.system.logitRate(before: 2006, window: 5) == late.system.logitRate(before: 2006, window: 5))
        #expect(early.system.logitRate(before: 2007, window: 5) != late.system.logitRate(before: 2007, window: 5))
        #expect(early.system.logitRate(before: 2000, window: 5).isNaN)
    }

    /// The bilateral-treaty rate counts only the onsets the panel flags as new bilateral treaties, over the same
    /// dyad-years at risk as the system rate; a panel without the flag has no treaty count, and a source or trainer
    /// asked to read it refuses.
    @Test func treatyRateCountsOnlyBilateralTreaties() throws {
        let extra: [(Int32, Int32)] = [(2, 31), (2, 40), (20, 31), (20, 40), (31, 40)]
        var panel = Self.panel(years: 2000...2009, x: Array(repeating: 1, count: 10), pacts: [2002, 2006], extra: extra)
        // The pair's 2002 pact is a bilateral treaty; its 2006 one is joining a bloc.
        panel.columns.append(PanelColumn(name: PanelColumnName.atopDefenseBilateralOnset, kind: .integer,
                                         values: (0..<panel.count).map { panel.ccode2[$0] == 20 && panel.year[$0] == 2002 ? 1 : 0 }))
        let treaty = ForecastTerm.systemRate(window: 5, counting: .bilateralTreaties)
        #expect(treaty.description == "treaty_rate(5)" && treaty.systemCount == .bilateralTreaties)
        let source = try PredictorSource(panel: panel, terms: [.systemRate(window: 5), treaty])
        // 2002–2006: 30 dyad-years less the pair's 2003 (after its pact) at risk; two onsets, one of them a treaty.
        #expect(abs(source.system.logitRate(before: 2007, window: 5) - log(2.5 / 27.5)) < 1e-12)
        #expect(abs(source.system.logitRate(before: 2007, window: 5, counting: .bilateralTreaties) - log(1.5 / 28.5)) < 1e-12)
        let readings = source.readings(forRow: Self.row(source, 2007, 31, 40))
        #expect(abs(readings[1].value - log(1.5 / 28.5)) < 1e-12 && readings[0].value != readings[1].value)
        // A forecaster keeps the treaty counts only when it reads them.
        #expect(source.system.restricted(to: 2002...2006).bilateralTreaties == nil)
        #expect(source.system.restricted(to: 2002...2006, counting: [.bilateralTreaties]).bilateralTreaties == [2002: 1])

        let plain = Self.panel(years: 2000...2009, x: Array(repeating: 1, count: 10), pacts: [2002], extra: extra)
        #expect(try PredictorSource(panel: plain, terms: [.systemRate(window: 5)]).system.logitRate(before: 2007, window: 5, counting: .bilateralTreaties).isNaN)
        #expect(throws: ModelError.self) { try PredictorSource(panel: plain, terms: [treaty]) }
        let member = EnsembleMember(name: "clock", summary: "the clock alone", terms: [.clock], firstYear: 2000)
        let treatyGrid = [MemberConfiguration(l2Penalty: 30, systemWindow: 5, counting: .bilateralTreaties)]
        #expect(throws: ModelError.self) { try EnsembleTrainer(panel: plain, members: [member], grid: treatyGrid, screening: false) }
    }

    /// Every term a member can read (its own, the optional ones, the screening's candidates, both system rates) has a
    /// plain name for the briefing's "weighs most" column, so a reader never sees a column name.
    @Test func everyTermAMemberCanReadHasAPlainName() {
        let terms = EnsembleMember.ensemble.flatMap { $0.terms + $0.optionalTerms } + EnsembleMember.candidatePool
            + MemberConfiguration.grid.compactMap(\.systemTerm)
        let unnamed = Set(terms.map { $0.kind == .clock ? PanelColumnName.defenseYears.rawValue : $0.base }).filter { OnsetForecaster.labels[$0] == nil }
        #expect(unnamed.isEmpty, "no plain name: \(unnamed.sorted())")
        #expect(MemberConfiguration.grid.contains { $0.systemCount == .bilateralTreaties })
    }

    /// A configuration with the dyad-onset rate is recorded as before the treaty count existed (no `systemCount`
    /// key), so shipped models read the same; one with the treaty rate records it and reads back equal.
    @Test func configurationsRecordTheirCountOnlyWhenItIsTreaties() throws {
        let dyads = MemberConfiguration(l2Penalty: 30, systemWindow: 5)
        #expect(!String(decoding: try JSONEncoder().encode(dyads), as: UTF8.self).contains("systemCount"))
        #expect(dyads.systemTerm == .systemRate(window: 5) && MemberConfiguration(l2Penalty: 1, systemWindow: nil, counting: .bilateralTreaties).systemTerm == nil)
        let treaties = MemberConfiguration(l2Penalty: 30, systemWindow: 10, counting: .bilateralTreaties)
        #expect(try JSONDecoder().decode(MemberConfiguration.self, from: JSONEncoder().encode(treaties)) == treaties)
        #expect(treaties.systemTerm == .systemRate(window: 10, counting: .bilateralTreaties) && treaties != MemberConfiguration(l2Penalty: 30, systemWindow: 10))
        #expect(treaties.description == "λ=30, bilateral-treaty rate over 10 years")
    }

    /// The fitted transform clamps to the training range and fills a missing value with the training median,
    /// flagged by an indicator; values are standardised on the training rows.
    @Test func transformClampsToTheTrainingRange() throws {
        let x: [Double?] = [0, 2, 4, 6, nil, 10, 50, -20, nil, 3]  // lagged: 2001 reads 0, …, 2009 reads nil
        let source = try PredictorSource(panel: Self.panel(years: 2000...2009, x: x), terms: [.lagged("x")])
        let table = ReadingTable(source: source, rows: source.atRiskRows(in: 2000...2009))
        // Train on 2000–2006: lagged values missing (no year before), 0, 2, 4, 6, 6 (2004's, carried), 10.
        let train = table.indices(in: 2000...2006)
        var separated = false
        let transform = TermTransform.fit(table: table, rows: train, terms: [0], names: ["x"])
        let value = try #require(transform.columns.first { $0.role == .value })
        #expect(value.lower == 0 && value.upper == 10 && value.fill == 5)
        #expect(table.carried[0] >= 1)
        // 2007 reads 50 and 2008 reads −20: outside the training range, clamped to its ends.
        let row2007 = try #require(table.indices(in: 2007...2007).first), row2008 = try #require(table.indices(in: 2008...2008).first)
        #expect(value.bounded(table.values[0][row2007]) == 10)
        #expect(value.bounded(table.values[0][row2008]) == 0)
        #expect(value.apply(50) == value.apply(10))
        // Standardised on the training rows: mean 0 over them.
        let standardised = train.map { value.apply(table.values[0][$0]) }
        #expect(abs(standardised.reduce(0, +)) < 1e-12)
        // The indicator exists (training had a missing row) unless the separation rule drops it: no events here.
        separated = transform.dropped.contains { $0.name == "missing(x)" && $0.reason.hasPrefix("quasi-separation") }
        #expect(separated || transform.columns.contains { $0.role == .missing })
    }

    /// The quasi-separation rule: a column whose most common value covers most rows needs 5 events away from it.
    @Test func quasiSeparatedColumnsAreDroppedByRule() {
        let values = [Double](repeating: 0, count: 1000) + [1, 1, 1, 1, 1, 1, 1, 1]
        let fourEvents = [Bool](repeating: false, count: 990) + Array(repeating: true, count: 10) + [true, true, true, true, false, false, false, false]
        #expect(TermTransform.separation(values, fourEvents) != nil)
        let fiveEvents = [Bool](repeating: false, count: 990) + Array(repeating: true, count: 10) + [true, true, true, true, true, false, false, false]
        #expect(TermTransform.separation(values, fiveEvents) == nil)
        // A continuous column (no value covers half the rows) is never dropped by the rule.
        let spread = (0..<1008).map(Double.init)
        #expect(TermTransform.separation(spread, fourEvents) == nil)
    }

    /// The inner validation never reaches past the training window: every block is fitted on years before its
    /// test years, and tested on years up to the window's end at the latest.
    @Test func innerBlocksStayInsideTheTrainingWindow() {
        for trainThrough in 1960...2018 {
            let blocks = InnerValidation.blocks(trainThrough: trainThrough, earliestFit: 1955)
            #expect(!blocks.isEmpty || trainThrough <= 1955)
            for block in blocks {
                #expect(block.fitThrough < block.testYears.lowerBound)
                #expect(block.testYears.upperBound <= trainThrough)
                #expect(block.fitThrough >= 1955 && block.fitThrough % InnerValidation.step == 0)
                #expect(block.fitThrough >= trainThrough - InnerValidation.span)
            }
            // Consecutive blocks tile the years from the first block to the window's end.
            for (a, b) in zip(blocks, blocks.dropFirst()) { #expect(a.testYears.upperBound + 1 == b.testYears.lowerBound) }
            #expect(blocks.last.map { $0.testYears.upperBound == trainThrough } ?? true)
        }
    }

    /// Stacking weights: on forecasts where one member is right and another is noise, the weight goes to the first;
    /// the weights lie on the simplex and the pool scores at least as well as equal weights.
    @Test func mixtureWeightsFavourTheBetterMember() {
        var generator = SeededGenerator(seed: 7)
        var truth: [Double] = [], noise: [Double] = [], outcomes: [Bool] = []
        for _ in 0..<4000 {
            let p = Double.random(in: 0.01...0.3, using: &generator)
            truth.append(p)
            noise.append(Double.random(in: 0.01...0.3, using: &generator))
            outcomes.append(Double.random(in: 0..<1, using: &generator) < p)
        }
        let weights = MixtureWeights.fit(forecasts: [truth, noise], outcomes: outcomes)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9 && weights.allSatisfy { $0 >= 0 })
        #expect(weights[0] > 0.8)
        let pooled = MixtureWeights.logScore(weights: weights, forecasts: [truth, noise], outcomes: outcomes)
        let equal = MixtureWeights.logScore(weights: [0.5, 0.5], forecasts: [truth, noise], outcomes: outcomes)
        #expect(pooled <= equal)
    }

    /// Moving blocks are runs of consecutive groups, as many groups as there are.
    @Test func movingBlocksKeepRunsTogether() {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<50 {
            let chosen = SkillBootstrap.movingBlocks(groupCount: 24, blockLength: 5, using: &generator)
            #expect(chosen.count == 24)
            for start in stride(from: 0, to: 20, by: 5) {
                #expect(zip(chosen[start..<(start + 4)], chosen[(start + 1)..<(start + 5)]).allSatisfy { $1 == $0 + 1 })
            }
        }
    }

    /// Skill is 1 − score/reference; a perfect forecaster has Brier and log skill near 1, the reference itself 0.
    @Test func skillsAgainstTheReference() throws {
        let outcomes = [true, false, false, false, true, false]
        let bootstrap = SkillBootstrap(groups: [(outcomes.map { $0 ? 0.999 : 0.001 }, Array(repeating: 2.0 / 6, count: 6), outcomes)])
        let skills = try #require(bootstrap.skills([0]))
        #expect(skills.brierSkill > 0.99 && skills.logSkill > 0.99 && skills.rocAUC == 1)
        let same = try #require(SkillBootstrap(groups: [(Array(repeating: 2.0 / 6, count: 6), Array(repeating: 2.0 / 6, count: 6), outcomes)]).skills([0]))
        #expect(same.brierSkill == 0 && same.logSkill == 0)
    }
}
