import Entente
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// The signpost service on a fixture case file and on the shipped China–Russia case.
@Suite struct SignpostServiceTests {
    /// LR 2 (seen in 2019 and again in 2020), LR 3 (seen in March 2020) and an uninformative signpost never seen; a
    /// question resolved true with two forecasts, and an open one without any.
    static let fixture = CaseFileTests.fixture("""
        "signposts": [
          {"id": "pact-talk", "title": "Talk of a pact", "description": "d", "p_if_alliance": 0.4, "p_if_no_alliance": 0.2, "rationale": "r"},
          {"id": "joint-command", "title": "A joint command", "description": "d", "p_if_alliance": 0.6, "p_if_no_alliance": 0.2, "rationale": "r"},
          {"id": "gas-deal", "title": "A gas deal", "description": "d", "p_if_alliance": 0.5, "p_if_no_alliance": 0.49, "rationale": "r"}
        ],
        "evidence": [
          {"id": "talk-again", "date": "2020-11-02", "kind": "statement", "title": "Talk again", "summary": "S", "direction": "closer", "sources": ["web"], "signposts": ["pact-talk"]},
          {"id": "first-talk", "date": "2019-06-05", "kind": "summit", "title": "First talk", "summary": "S", "direction": "closer", "sources": ["web"], "signposts": ["pact-talk"]},
          {"id": "command", "date": "2020-03", "kind": "exercise", "title": "Command", "summary": "S", "direction": "closer", "sources": ["web"], "signposts": ["joint-command"]},
          {"id": "trade", "date": "2021", "kind": "trade", "title": "Trade", "summary": "S", "direction": "neutral", "sources": ["web"]}
        ],
        "questions": [
          {"id": "treaty-by-2001", "text": "Q?", "closes": "2001-12-31", "resolution": true, "resolved_on": "2001-07-16",
           "forecasts": [{"analyst": "a", "date": "2001-01-15", "probability": 0.7}, {"analyst": "b", "date": "2001-03-01", "probability": 0.85}]},
          {"id": "pact-by-2030", "text": "P?", "closes": "2030-12-31"}
        ]
        """)

    static func service(_ options: SignpostService.Options = .init()) throws -> SignpostService {
        SignpostService(file: try CaseFileTests.loader.decode(Data(Self.fixture.utf8), path: "fixture.json"), options: options)
    }

    static func date(_ text: String) -> CalendarDate { EvidenceDate(text)!.calendarDate! }

    /// A report's rows as text, `nil` for null.
    static func cells(_ table: ReportTable) -> [[String?]] {
        table.rows.map { row in
            row.map { value in
                switch value {
                case .null: nil
                case .integer(let number): String(number)
                case .real(let number): String(number)
                case .text(let text): text
                }
            }
        }
    }

    @Test func theFixtureUpdatesOnceForEachSignpostSeen() throws {
        let service = try Self.service()
        // Odds 1/9 × 2 × 3 = 2/3: probability 0.4; the second sighting of pact-talk corroborates.
        #expect(abs(service.update.posterior - 0.4) < 1e-12 && service.options.prior == SignpostService.defaultPrior)
        #expect(service.signpostsSeen == ["pact-talk", "joint-command"])
        let signposts = Self.cells(service.signpostReport)
        #expect(signposts.map { [$0[0], $0[5], $0[6], $0[7]] } == [
            ["pact-talk", "yes", "2019-06-05", "2"], ["joint-command", "yes", "2020-03", "1"], ["gas-deal", "no", nil, "0"],
        ])
        #expect(service.signpostReport.rows[1][4] == .real(0.6 / 0.2))

        let trajectory = Self.cells(service.trajectoryReport)
        #expect(trajectory.map { $0[2] } == [nil, "first-talk", "command", "talk-again"], "the evidence log, by date")
        #expect(trajectory.map { $0[6] } == ["prior", "seen", "seen", "corroboration"])
        #expect(service.trajectoryReport.rows.last?.last == .real(service.update.posterior))
        #expect(service.warnings.map(\.kind) == [.uninformative] && service.warnings[0].signposts == ["gas-deal"])
        #expect(service.headline.hasPrefix("Prior 0.1 → posterior 0.4: 2 of 3 signposts seen, 3 evidence records"))
        #expect(SignpostService(file: service.file, options: .init(countRepeats: true)).update.posterior > 0.4)
    }

    @Test func asOfLeavesOutLaterEvidenceForecastsAndResolutions() throws {
        // "2020-03" has not ended on the 30th: only the 2019 item counts, odds 2/9, probability 2/11.
        let early = try Self.service(.init(asOf: Self.date("2020-03-30")))
        #expect(abs(early.update.posterior - 2.0 / 11) < 1e-12 && early.trajectoryReport.rows.count == 2)
        #expect(Self.cells(early.signpostReport)[1][5] == "no")
        let endOfMonth = try Self.service(.init(asOf: Self.date("2020-03-31")))
        #expect(abs(endOfMonth.update.posterior - 0.4) < 1e-12 && endOfMonth.update.steps.count == 2)
        #expect(endOfMonth.headline.hasSuffix("; evidence to 2020-03-31"))
        // Before the question resolved it was open, and only a's forecast had been made.
        let open = try Self.service(.init(asOf: Self.date("2001-02-01")))
        let rows = Self.cells(open.questionReport).filter { $0[0] == "treaty-by-2001" }
        #expect(rows.map { $0[2] } == ["open", "open", "open"] && rows.allSatisfy { $0[6] == nil && $0[7] == nil })
        #expect(rows.map { $0[3] } == ["a", "pooled (mean log-odds)", "mean of probabilities"])
    }

    @Test func aResolvedQuestionIsScoredByHand() throws {
        let questions = try Self.service(.init(extremising: 2)).questionReport
        let rows = Self.cells(questions)
        #expect(questions.columns == ["question", "closes", "resolution", "forecaster", "date", "probability", "brier", "log_score"])
        #expect(rows.map { $0[3] } == ["a", "b", "pooled (mean log-odds) × 2", "mean of probabilities", nil])
        #expect(rows.last?[0] == "pact-by-2030" && rows.last?[2] == "open")
        // Extremised by 2, odds 7/3 and 17/3 pool to their product 119/9: probability 119/128.
        let pooled = 119.0 / 128
        let expected: [(Double, Double, Double)] = [(0.7, 0.09, -log(0.7)), (0.85, 0.0225, -log(0.85)),
                                                    (pooled, (1 - pooled) * (1 - pooled), -log(pooled)), (0.775, 0.050625, -log(0.775))]
        for (row, (probability, brier, logScore)) in zip(questions.rows, expected) {
            guard case .real(let p) = row[5], case .real(let b) = row[6], case .real(let l) = row[7] else {
                Issue.record("unscored row \(row)")
                continue
            }
            #expect(abs(p - probability) < 1e-12 && abs(b - brier) < 1e-12 && abs(l - logScore) < 1e-12, "\(row)")
            #expect(row[2] == .text("true"))
        }
    }

    @Test func everyFormatCarriesEveryTable() throws {
        let service = try Self.service()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(service.render(.json).utf8)) as? [String: Any])
        #expect(json["posterior"] as? Double == service.update.posterior && json["as_of"] is NSNull)
        #expect(json["signposts_seen"] as? [String] == ["pact-talk", "joint-command"])
        for (name, count) in [("signposts", 3), ("trajectory", 4), ("warnings", 1), ("questions", 5)] {
            #expect((json[name] as? [[String: Any]])?.count == count, "\(name)")
        }
        let csv = service.render(.csv)
        #expect(csv.components(separatedBy: "\n\n").count == 4 && csv.hasPrefix("signpost,title,p_if_alliance"))
        let table = service.render(.table)
        for heading in ["\nSignposts\n", "\nTrajectory\n", "\nWarnings\n", "\nQuestions\n"] { #expect(table.contains(heading)) }
        #expect(service.chart(title: "Fixture").contains("<title>Fixture</title>"))
    }

    // MARK: - The shipped China–Russia case

    @Test func theShippedCaseMovesThePriorByTheProductOfItsObservedRatios() throws {
        let file = try CaseFileTests.shipped()
        let service = SignpostService(file: file)
        // Independently of the service: every signpost some evidence item names, and the product of their ratios.
        let url = repositoryRoot.appendingPathComponent("Data/cases/CHN-RUS.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let evidence = try #require(root["evidence"] as? [[String: Any]])
        let seen = Set(evidence.flatMap { $0["signposts"] as? [String] ?? [] })
        var product = 1.0
        for signpost in try #require(root["signposts"] as? [[String: Any]]) where seen.contains(signpost["id"] as? String ?? "") {
            product *= try #require(signpost["p_if_alliance"] as? Double) / #require(signpost["p_if_no_alliance"] as? Double)
        }
        #expect(!seen.isEmpty && Set(service.signpostsSeen) == seen)
        #expect((service.update.posterior > service.update.prior) == (product > 1))
        let oddsRatio = exp(service.update.posteriorLogOdds - service.update.priorLogOdds)
        #expect(abs(oddsRatio - product) < 1e-9 * product)
        let dates = service.update.steps.map(\.observation.date)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 } && !dates.isEmpty)
        #expect(service.questions.count == file.questions.count && service.questions.contains { $0.outcome != nil })
    }
}
