import Entente
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// The backtest and the fixed split on the real panel, kept small (one member, one configuration, two origins)
/// so that a debug build runs them in minutes.
@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct BacktestTests {
    static let panel = Result { try PanelBuilder(database: TestData.database(), reference: TestData.reference).build(PanelRequest(firstYear: 1816, lastYear: 2018)) }
    static let grid = [MemberConfiguration(l2Penalty: 30, systemWindow: 5)]
    static let trainer = Result { try EnsembleTrainer(panel: panel.get(), members: [.historical], grid: grid, screening: false) }
    static let backtest = Result { try Backtest(trainer: trainer.get(), origins: [1985, 1990], horizons: [1, 5]) }
    /// The historical member screened on the years to 1990.
    static let screened = Result { try EnsembleTrainer(panel: panel.get(), members: [.historical], grid: grid).train(through: 1990) }

    /// The scores the backtest reports equal scikit-learn's on the exported predictions (rescore_predictions.py).
    @Test func backtestScoresEqualScikitLearnOnTheExport() throws {
        let backtest = try Self.backtest.get()
        let results = backtest.results(replicates: 20)
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonCanImport(python, "sklearn") else {
            #expect(!TestData.required, "scikit-learn is needed for this comparison (pip install scikit-learn)")
            return
        }
        let path = temporaryPath("backtest", suffix: ".csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = backtest.horizons.flatMap { backtest.forecasts[$0]!.joined() }
        try ForecastReport.predictionsCSV(all, memberNames: backtest.memberNames).write(toFile: path, atomically: true, encoding: .utf8)
        let (output, status) = try runScript(python, "rescore_predictions.py", [path])
        #expect(status == 0)
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Double]])
        #expect(results.map(\.horizon) == [1, 5])
        for result in results {
            let sklearn = try #require(theirs[String(result.horizon)])
            #expect(sklearn["rows"] == Double(result.pairs) && sklearn["events"] == Double(result.events) && sklearn["origins"] == 2)
            let ours: [String: Double] = [
                "roc_auc": result.point.rocAUC, "pr_auc": result.point.averagePrecision, "brier": result.point.brier,
                "log_score": result.point.logScore, "base_brier": result.point.referenceBrier,
                "base_log_score": result.point.referenceLogScore, "brier_skill": result.point.brierSkill, "log_skill": result.point.logSkill,
            ]
            for (name, value) in ours {
                let reference = try #require(sklearn[name], "\(name)")
                #expect(abs(value - reference) <= 1e-9 * max(1, abs(reference)), "h=\(result.horizon) \(name): \(value) vs \(reference)")
            }
            // Each member's column is that member's own forecast: rescored, it gives the member's scores.
            let forecasts = backtest.forecasts[result.horizon]!.joined()
            let member = ForecastScores(predictions: forecasts.map { $0.members[0] }, outcomes: forecasts.map(\.outcome))
            let memberLog = try #require(sklearn["member_historical_log_score"])
            #expect(abs(try #require(member.logScore) - memberLog) <= 1e-9 * memberLog)
            #expect(abs(try #require(member.rocAUC) - (try #require(sklearn["member_historical_roc_auc"]))) <= 1e-9)
            let interval = try #require(result.intervals["log_skill"])
            #expect(interval.lower <= interval.estimate + 1e-12 || interval.lower.isNaN)
        }
    }

    /// The screening tries every own term but the clock without, every candidate with and every own count on the
    /// other scale, makes only the changes that gain more than a standard error, and the member is fitted with exactly the terms it reports.
    @Test func screeningChangesOnlyWhatClearlyHelps() throws {
        let panel = try Self.panel.get()
        let member = try #require(try Self.screened.get().members.first)
        let screening = try #require(member.screening)
        let own = EnsembleMember.historical.terms(for: panel), candidates = EnsembleMember.historical.candidates(for: panel)
        #expect(candidates.count >= 10 && candidates.allSatisfy { candidate in !own.contains { $0.base == candidate.base } })
        #expect(screening.trials.filter { $0.change == .drop }.map(\.term) == own.filter { $0 != .clock }.map(\.description))
        #expect(screening.trials.filter { $0.change == .add }.map(\.term) == candidates.map(\.description))
        // Every logged count is tried linear; of the linear terms, those with non-negative values beyond 0 and 1
        // (Polity difference, 0–20; the log capability ratio, 0–11.5) are tried logged, the 0/1 flags (contiguity,
        // a major power, a lower tie) not.
        let rescaled = screening.trials.filter { $0.change == .rescale }.map(\.term)
        let logged = own.filter { $0.kind == .lagged && $0.logOnePlus }.map(\.onTheOtherScale.description)
        #expect(Set(logged).isSubset(of: rescaled) && rescaled.allSatisfy { term in own.contains { $0.onTheOtherScale.description == term } })
        #expect(rescaled.contains("log1p(lag(polity_diff))") && rescaled.contains("log1p(lag(cap_ratio_ln))"))
        for flag in ["land_contiguity", "major_any", "lower_tie"] { #expect(!rescaled.contains("log1p(lag(\(flag)))"), "\(flag) is a 0/1 flag") }
        for trial in screening.trials where trial.accepted { #expect(trial.difference?.isClear == true, "\(trial.term)") }
        if !screening.combinedRejected {
            let scale = Dictionary(uniqueKeysWithValues: own.map { ($0.description, screening.rescaled.contains($0.onTheOtherScale.description) ? $0.onTheOtherScale : $0) })
            #expect(screening.terms == own.map(\.description).filter { !screening.dropped.contains($0) }.map { scale[$0]!.description }
                + candidates.map(\.description).filter { screening.added.contains($0) })
        } else {
            #expect(screening.trials.filter(\.accepted).count == 1)
        }
        #expect(member.fit.terms.filter { !$0.hasPrefix("system_rate") } == screening.terms)
        // The snapshot stores the screening with the member.
        let decoded = try JSONDecoder().decode(EnsembleModel.Member.self, from: JSONEncoder().encode(member))
        #expect(decoded.screening == screening)
    }

    /// A fresh trainer following a trained model's record (configuration and terms) gives the same model, bit for
    /// bit on one machine, without screening again: given other terms it fits those, and a configuration off its
    /// grid is refused with the reason.
    @Test func refittingFollowingTheRecordGivesTheSameModel() throws {
        let model = try Self.screened.get()
        let fresh = try EnsembleTrainer(panel: Self.panel.get(), members: [.historical], grid: Self.grid)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(fresh.refit(following: model)) == encoder.encode(model))
        var fewer = model
        let terms = try #require(model.members[0].screening?.terms)
        fewer.members[0].screening?.terms = Array(terms.dropLast())
        let refit = try fresh.refit(following: fewer)
        #expect(refit.members[0].fit.terms.filter { !$0.hasPrefix("system_rate") } == Array(terms.dropLast()))
        var offGrid = model
        offGrid.members[0].fit.configuration = MemberConfiguration(l2Penalty: 1, systemWindow: nil)
        #expect(throws: ModelError.self) { try fresh.refit(following: offGrid) }
    }

    /// A member's exported design, read back and fitted with its penalty, gives the member's own coefficients:
    /// what Benchmarks/member_fit.py hands to scikit-learn and statsmodels is the matrix the member was fitted on.
    @Test func aMembersExportedDesignRefitsToItsCoefficients() throws {
        let trainer = try Self.trainer.get()
        let member = try #require(try trainer.train(through: 1990).members.first)
        let path = temporaryPath("member", suffix: ".csv").path
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: ModelDesign.keysPath(path))
        }
        try member.fit.writeDesign(to: path, table: trainer.table, source: trainer.source)
        let design = try RegressionDesign.read(csv: path)
        #expect(design.predictors == member.fit.transform.columns.map(\.name))
        #expect(design.count == member.fit.fit.observations && design.clusters?.count == design.count)
        var plain = design
        plain.clusters = nil
        let refit = try LogisticRegression.fit(plain, options: LogisticOptions(l2Penalty: member.fit.configuration.l2Penalty))
        for (ours, theirs) in zip(refit.coefficients, member.fit.fit.coefficients) { #expect(abs(ours - theirs) < 1e-9) }
    }

    /// Outcomes are onsets within the horizon, checked against the panel's own onset column; every pair scored
    /// at an origin is without a defence pact then; the base forecast compounds the training rate.
    @Test func outcomesAreOnsetsWithinTheHorizon() throws {
        let backtest = try Self.backtest.get(), panel = try Self.panel.get()
        let onset = panel.column("atop_defense_onset")!.values, pact = panel.column("atop_defense")!.values
        var onsets: Set<[Int]> = [], pacts: Set<[Int]> = []
        for row in 0..<panel.count {
            let key = [Int(panel.ccode1[row]), Int(panel.ccode2[row]), Int(panel.year[row])]
            if onset[row] == 1 { onsets.insert(key) }
            if pact[row] == 1 { pacts.insert(key) }
        }
        for h in [1, 5] {
            for group in backtest.forecasts[h]! {
                let base = group[0].reference
                for forecast in group {
                    let origin = try #require(forecast.origin)
                    #expect(!pacts.contains([forecast.ccode1, forecast.ccode2, origin]))
                    let expected = (1...h).contains { onsets.contains([forecast.ccode1, forecast.ccode2, origin + $0]) }
                    #expect(forecast.outcome == expected)
                    #expect(forecast.reference == base && forecast.year == origin + 1 && forecast.horizon == h)
                }
                #expect(group.contains { $0.outcome })
            }
        }
        // Cumulative probabilities never fall as the horizon grows.
        let one = Dictionary(uniqueKeysWithValues: backtest.forecasts[1]![0].map { ([$0.ccode1, $0.ccode2], $0.probability) })
        for forecast in backtest.forecasts[5]![0] { #expect(forecast.probability >= one[[forecast.ccode1, forecast.ccode2]]! - 1e-15) }
    }

    /// Nothing after the origin reaches the model: trained on the full panel or on the panel cut at the origin,
    /// the inner blocks, configurations, screened terms, coefficients and recalibration are the same.
    @Test func trainingNeverSeesYearsAfterTheOrigin() throws {
        let full = try EnsembleTrainer(panel: Self.panel.get(), members: [.historical], grid: Self.grid).train(through: 1970)
        let cut = try EnsembleTrainer(panel: Self.panel.get().filtered { _, _, year in year <= 1970 }, members: [.historical], grid: Self.grid).train(through: 1970)
        #expect(full.members[0].screening != nil && full.members[0].screening == cut.members[0].screening)
        #expect(full.blocks == cut.blocks)
        #expect(full.blocks.allSatisfy { $0.testYears.upperBound <= 1970 && $0.fitThrough < 1970 })
        #expect(full.trainRows == cut.trainRows && full.trainEvents == cut.trainEvents)
        let a = full.members[0].fit, b = cut.members[0].fit
        #expect(a.transform == b.transform)
        #expect(a.recalibration == b.recalibration)
        #expect(zip(a.fit.coefficients, b.fit.coefficients).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
    }

    /// The treaty rate's yearly counts on the real panel, 1990–2018, equal the bilateral defence alliances of ATOP's
    /// alliance and member files (read here straight from the CSVs: `defense` = 1, `bilat` = 1, two members, dated
    /// by the later entry) that made a new tie: whose pair had no defence pact in the panel the year before. Of the
    /// 21 such treaties, half joined pairs already allied, most of them in the CIS's collective security treaty.
    @Test func treatyCountsAreATOPsBilateralDefenceTreatiesThatMadeNewTies() throws {
        let panel = try BilateralPacts.adding(to: Self.panel.get(), starts: BilateralPacts.starts(database: TestData.database()))
        let counts = try #require(try PredictorSource(panel: panel, terms: [.systemRate(window: 10, counting: .bilateralTreaties)]).system.bilateralTreaties)
        func table(_ file: String) throws -> (header: [String], rows: [[Substring]]) {
            var lines = try String(contentsOfFile: TestData.directory + "/atop/" + file, encoding: .utf8)
                .split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            return (lines.removeFirst().map(String.init), lines)
        }
        let alliances = try table("atop4_01_alliance_level.csv"), members = try table("atop4_01_member_level.csv")
        func column(_ t: (header: [String], rows: [[Substring]]), _ name: String) throws -> Int { try #require(t.header.firstIndex(of: name)) }
        let (id, defense, bilat) = try (column(alliances, "atopid"), column(alliances, "defense"), column(alliances, "bilat"))
        let bilateral = Set(alliances.rows.filter { $0[defense] == "1" && $0[bilat] == "1" }.map { $0[id] })
        let (memberID, member, entry) = try (column(members, "atopid"), column(members, "member"), column(members, "yrent"))
        var entries: [Substring: [Int: Int]] = [:]  // alliance → member → first entry year
        for row in members.rows where bilateral.contains(row[memberID]) {
            guard let state = Int(row[member]), let year = Int(row[entry]) else { continue }
            entries[row[memberID], default: [:]][state] = min(year, entries[row[memberID]]?[state] ?? year)
        }
        let atopDefense = try #require(panel.column(.atop(.defense))).values
        var expected: [Int: Int] = [:], treaties = 0
        for pair in entries.values where pair.count == 2 {
            let (a, b) = (pair.keys.min()!, pair.keys.max()!), year = pair.values.max()!
            guard (1990...2018).contains(year) else { continue }
            treaties += 1
            // A pair's first year in the panel (states new to the system) has no pact the year before.
            let unallied = panel.row(a, b, year - 1).map { atopDefense[$0] == 0 } ?? true
            if unallied, let row = panel.row(a, b, year), atopDefense[row] == 1 {
                expected[year, default: 0] += 1
            }
        }
        #expect(treaties == 21 && expected.values.reduce(0, +) >= 5, "\(treaties) treaties, \(expected) new ties")
        #expect(counts.filter { (1990...2018).contains($0.key) && $0.value > 0 } == expected)
    }

    /// Bilateral pacts from the ATOP member files: the US–South Korean treaty of 1953 and the Dunkirk treaty of 1947 are bilateral onsets; NATO's
    /// founding (United States–United Kingdom, 1949) is a multilateral one; every bilateral onset is an onset.
    @Test func bilateralOnsetsComeFromTwoMemberAlliances() throws {
        let panel = try BilateralPacts.adding(to: Self.panel.get().filtered { _, _, year in (1945...1955).contains(year) },
                                              starts: BilateralPacts.starts(database: TestData.database()))
        let bilateral = try #require(panel.column(.atopDefenseBilateralOnset)).values, onset = try #require(panel.column("atop_defense_onset")).values
        func value(_ a: Int, _ b: Int, _ year: Int) -> (Double, Double)? {
            panel.row(a, b, year).map { (bilateral[$0], onset[$0]) }
        }
        #expect(value(2, 732, 1953).map { $0 == (1, 1) } == true)
        #expect(value(200, 220, 1947).map { $0 == (1, 1) } == true)
        #expect(value(2, 200, 1949).map { $0 == (0, 1) } == true)
        #expect(zip(bilateral, onset).allSatisfy { $0 == 0 || $1 == 1 })
        #expect(bilateral.contains(1) && bilateral.filter { $0 == 1 }.count < onset.filter { $0 == 1 }.count)
        #expect(AllianceOutcome(named: "bilateral-defense-onset")?.panelColumn == .atopDefenseBilateralOnset)
    }
}
