import Entente
import EntenteCore
import EntenteShipped
import EntenteTestSupport
import Foundation
import Testing

/// The case-file format (core values and the loader's rules) and the shipped China–Russia case.
@Suite struct CaseFileTests {
    static let loader = CaseFileLoader(reference: TestData.reference, cases: try? ShippedData.casesDirectory())
    static let china = CountryCode(710), russia = CountryCode(365)

    static func shipped() throws -> CaseFile {
        try #require(try loader.shipped(china, russia))
    }

    // MARK: - Core values

    @Test func evidenceDatesKeepTheirPrecisionAndOrder() throws {
        let year = try #require(EvidenceDate("2022")), month = try #require(EvidenceDate("2022-02"))
        let day = try #require(EvidenceDate("2022-02-04"))
        #expect(year.month == nil && month.day == nil && day.day == 4)
        #expect([day, year, month].sorted() == [year, month, day])
        #expect(day.description == "2022-02-04" && month.description == "2022-02" && year.description == "2022")
        #expect(month.firstDay == CalendarDate(year: 2022, month: 2, day: 1))
        #expect(month.lastDay == CalendarDate(year: 2022, month: 2, day: 28))
        #expect(EvidenceDate("2024-02")?.lastDay == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(year.lastDay == CalendarDate(year: 2022, month: 12, day: 31) && year.calendarDate == nil)
        #expect(try #require(EvidenceDate("2021-12-31")) < EvidenceDate("2022")!)
        for bad in ["2022-13", "2022-02-30", "22-02-04", "2022-2-4", "2022-02-04T00", "", "2022--04", "year"] {
            #expect(EvidenceDate(bad) == nil, "\(bad)")
        }
        #expect(EvidenceDate(year: 2022, day: 4) == nil)
    }

    @Test func signpostsShocksAndSides() {
        let signpost = Signpost(id: "s", title: "t", description: "d", pIfAlliance: 0.6, pIfNoAlliance: 0.2, rationale: "r")
        #expect(abs(signpost.likelihoodRatio - 3) < 1e-12)

        let change = ScenarioShock(column: "west_sanctions2", effect: .change(3), fromYear: 2027, years: 2)
        #expect(change.apply(to: 4) == 7 && ScenarioShock(column: "x", effect: .set(1)).apply(to: 4) == 1)
        #expect((2025...2035).filter { change.isActive(in: $0, firstForecastYear: 2026, horizonYears: 5) } == [2027, 2028])
        let whole = ScenarioShock(column: "common_sender", effect: .change(1))
        #expect((2020...2040).filter { whole.isActive(in: $0, firstForecastYear: 2026, horizonYears: 10) } == Array(2026...2035))

        let dyad = Dyad(Self.china, Self.russia)
        #expect(dyad.side(of: Self.russia) == 1 && dyad.side(of: Self.china) == 2 && dyad.side(of: CountryCode(2)) == nil)
    }

    @Test func caseFilesNameTheDyadYearPanelsColumns() {
        let names = PanelColumnName.dyadYearCovariates.map(\.rawValue)
        for name in ["atop_defense", "atop_consul", "atop_consul_onset", "atop_defense_onset", "west_sanctions1",
                     "west_sanctions2", "common_sender", "common_foe", "polity2_1", "un_agree", "arms_tiv"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(!names.contains("year") && !names.contains("ccode1") && !names.contains { $0.contains("<") })
        #expect(Set(names).count == names.count)
    }

    // MARK: - The shipped China–Russia case

    @Test func theShippedCaseLoadsInEitherOrder() throws {
        let file = try Self.shipped()
        #expect(file.dyad == Dyad(Self.china, Self.russia) && file.dyad.first == Self.russia)
        let reversed = try #require(try Self.loader.shipped(Self.russia, Self.china))
        #expect(reversed.evidence == file.evidence)
        #expect(try Self.loader.shipped(CountryCode(2), CountryCode(200)) == nil)
    }

    @Test func theShippedEvidenceIsDatedAndSourced() throws {
        let file = try Self.shipped()
        #expect(file.evidence.count >= 60)
        for item in file.evidence {
            #expect((1989...2025).contains(item.date.year), "\(item.id)")
            #expect(!item.sources.isEmpty, "\(item.id)")
        }
        for source in file.sources.values {
            #expect(source.url != nil || source.symbol != nil, "\(source.id)")
        }
        // Every source backs something, so the list holds no dead entries.
        let cited = Set(file.evidence.flatMap(\.sources) + file.covariates.flatMap(\.sources) + file.signposts.flatMap(\.sources)
                        + file.judgements.flatMap(\.sources))
        #expect(Set(file.sources.keys).subtracting(cited).isEmpty, "uncited: \(Set(file.sources.keys).subtracting(cited).sorted())")
        #expect(Set(file.evidence.map(\.direction)) == Set(EvidenceDirection.allCases))
        #expect(Set(file.evidence.compactMap(\.claim)) == Set(ArticleClaim.allCases))
    }

    @Test func theShippedEvidenceCoversTheArticle() throws {
        let file = try Self.shipped()
        func items(_ kind: EvidenceKind, _ date: String, _ words: String...) -> [CaseEvidence] {
            file.evidence.filter { item in
                item.kind == kind && item.date.description.hasPrefix(date)
                    && words.allSatisfy { (item.title + " " + item.summary).localizedCaseInsensitiveContains($0) }
            }
        }
        func cites(_ item: CaseEvidence?, symbol: String) -> Bool {
            item?.sources.contains { file.sources[$0]?.symbol == symbol } ?? false
        }
        #expect(!items(.summit, "1989-05", "Gorbachev").isEmpty, "1989 Gorbachev visit and normalisation")
        #expect(!items(.sanction, "1989-06", "Tiananmen").isEmpty, "Tiananmen sanctions")
        #expect(items(.sanction, "1989").contains { $0.actors.contains("EEC") || $0.actors.contains("EU") }, "EC Madrid declaration")
        #expect(!items(.border, "1991-05-16").isEmpty, "1991 eastern border agreement")
        #expect(!items(.border, "2004-10-14").isEmpty && !items(.border, "2008-07-21").isEmpty, "2004 and 2008 border agreements")
        #expect(!items(.treaty, "2001-07-16", "Good-Neighbourliness").isEmpty, "2001 treaty")
        #expect(!items(.institution, "2001-06-15", "Shanghai Cooperation Organisation").isEmpty, "SCO founding")
        #expect(items(.sanction, "2014-03").count >= 2, "2014 Crimea sanctions (EU and US)")
        #expect(!items(.energy, "2014-05-21", "Power of Siberia").isEmpty, "2014 gas deal")
        #expect(!items(.jointStatement, "2022-02-04", "no limits").isEmpty, "4 February 2022 joint statement")
        #expect(!items(.jointStatement, "2023-03-21").isEmpty, "March 2023 joint statement")
        let es11 = items(.unVote, "2022-03-02", "abstain").first
        #expect(cites(es11, symbol: "A/RES/ES-11/1"), "ES-11/1 with China abstaining")
        #expect(!items(.statement, "2023-02", "lethal").isEmpty, "US statements that China considered weapons supplies")
        #expect(items(.commentary, "", "Yan Xuetong").contains { $0.claim == .signals }, "Yan Xuetong's alliance advocacy")
        #expect(items(.commentary, "", "blue book").contains { $0.claim == .signals }, "the national security blue book")
        #expect(!items(.statement, "2022-09-15", "questions and concerns").isEmpty, "Samarkand")
        #expect(file.evidence.filter { $0.direction == .apart }.count >= 8, "barriers")
        // What the sources say: the 1991 agreement left the islands near Khabarovsk and on the Argun open; the
        // 2001 treaty, extended in 2021, runs to February 2027.
        let border = try #require(file.evidence.first { $0.id == "1991-05-eastern-border-agreement" })
        #expect(border.summary.contains("Tarabarov") && border.summary.contains("Bolshoy Ussuriysky"))
        let extended = try #require(file.evidence.first { $0.id == "2021-06-treaty-extended" })
        #expect(extended.summary.contains("February 2027"))
        let shanghai = try #require(file.evidence.first { $0.id == "1996-04-shanghai-five" })
        #expect(shanghai.summary.localizedCaseInsensitiveContains("confidence"))
    }

    @Test func theShippedSignpostsScenariosAndQuestions() throws {
        let file = try Self.shipped()
        #expect((8...12).contains(file.signposts.count))
        #expect(file.signposts.contains { $0.id == "treaty-renewal-2027" }, "the treaty's renewal is watched")
        for signpost in file.signposts {
            #expect(signpost.rationale.localizedCaseInsensitiveContains("judgement"), "\(signpost.id)")
        }
        let scenarios = Dictionary(uniqueKeysWithValues: file.scenarios.map { ($0.id, $0) })
        for id in ["secondary-sanctions-china", "taiwan-crisis", "sanctions-relief-russia", "quad-defence-pact"] {
            #expect(scenarios[id] != nil, "\(id)")
        }
        // China is side 2 (COW 710 > 365): side-neutral shocks on China resolve to the …2 column, on Russia to …1.
        #expect(scenarios["secondary-sanctions-china"]?.shocks.contains { $0.column == "west_sanctions2" } == true)
        #expect(scenarios["sanctions-relief-russia"]?.shocks.contains { $0.column == "west_sanctions1" } == true)

        let treaty = try #require(file.questions.first { $0.id == "defence-treaty-by-2030" })
        #expect(treaty.closes == CalendarDate(year: 2030, month: 12, day: 31) && treaty.resolution == nil)
        #expect(file.questions.contains { $0.resolution == true })
        // Forecasts come from the team's analysts through the server; a shipped file invents none.
        #expect(file.questions.allSatisfy { $0.forecasts.isEmpty })
        #expect(file.covariates.contains { $0.column == "atop_consul" && $0.year == 2021 && $0.value == 1 })
    }

    @Test func theShippedJudgementsAreSourcedAndSpanViews() throws {
        let file = try Self.shipped()
        #expect(file.judgements.count >= 8)
        for judgement in file.judgements {
            #expect(judgement.sources.allSatisfy { file.sources[$0]?.url?.hasPrefix("http") == true }, "\(judgement.id) links its source")
            #expect(judgement.date.firstDay <= file.updated)
        }
        #expect(Set(file.judgements.map(\.stance)).isSuperset(of: [.unlikely, .possible, .likely]))
        #expect(file.judgements.contains { $0.id == "putin-valdai-2020" && $0.stance == .possible })
    }

    // MARK: - Malformed files

    /// Writes `json` to a fresh temporary file and returns the loader's error.
    func failure(_ json: String, _ name: String = "case.json") throws -> (path: String, error: CaseFileError) {
        let directory = temporaryPath("case")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(json.utf8).write(to: url)
        do {
            _ = try Self.loader.load(url)
        } catch let error as CaseFileError {
            return (url.path, error)
        }
        Issue.record("the file loaded")
        throw CaseFileError(path: url.path, problems: [])
    }

    /// A valid file with `parts` spliced into the top-level object.
    static func fixture(_ parts: String) -> String {
        """
        {
          "format": "entente-case/1", "dyad": ["CHN", "RUS"], "title": "T", "summary": "S", "updated": "2025-06-30",
          "sources": {
            "un": {"title": "Aggression against Ukraine", "publisher": "UN General Assembly", "symbol": "A/RES/ES-11/1"},
            "web": {"title": "A page", "publisher": "P", "url": "https://example.org/a", "date": "2022-01-01"}
          },
          \(parts)
        }
        """
    }

    static let goodItem = """
        {"id": "ok", "date": "2022-03", "kind": "un-vote", "title": "T", "summary": "S", "direction": "apart", "sources": ["un"]}
        """

    @Test func judgementsAreCheckedFieldByField() throws {
        let (path, error) = try failure(Self.fixture("""
            "evidence": [\(Self.goodItem)],
            "judgements": [
              {"id": "ok", "date": "2020-10-22", "who": "W", "judgement": "J", "stance": "possible", "probability": 0.2, "sources": ["web"]},
              {"id": "bad", "date": "2026-01", "who": "W", "judgement": "J", "stance": "maybe", "probability": 1.5, "sources": ["nowhere"]}
            ]
            """))
        let messages = error.problems.map(\.description)
        #expect(error.problems.count == 4, "\(messages)")
        #expect(messages.contains { $0.contains("judgements[1]") && $0.contains("\"stance\"") })
        #expect(messages.contains { $0.contains("\"probability\"") && $0.contains("1.5") })
        #expect(messages.contains { $0.contains("\"sources\"") && $0.contains("nowhere") })
        #expect(messages.contains { $0.contains("\"date\"") && $0.contains("after the file's `updated` date") })
        #expect(error.description.hasPrefix(path))
    }

    @Test func aValidFixtureResolvesSideNeutralColumns() throws {
        let json = Self.fixture("""
            "evidence": [\(Self.goodItem)],
            "covariates": [{"year": 2021, "side": "CHN", "column": "west_sanctions", "value": 2, "sources": ["web"], "note": "n"}],
            "scenarios": [{"id": "s", "name": "N", "description": "D", "horizon_years": 5, "shocks": [
              {"side": "CHN", "column": "west_sanctions", "change": 3},
              {"side": "365", "column": "polity2", "set": -7, "years": 2, "sd": 0.5},
              {"column": "common_sender", "change": 1, "from_year": 2027}]}],
            "questions": [{"id": "q", "text": "Q?", "closes": "2001-12-31", "resolution": true, "resolved_on": "2001-07-16",
              "forecasts": [{"analyst": "a", "date": "2001-01-01", "probability": 0.7}]}]
            """)
        let file = try Self.loader.decode(Data(json.utf8), path: "fixture.json")
        #expect(file.covariates.map(\.column) == ["west_sanctions2"])
        #expect(file.scenarios[0].shocks.map(\.column) == ["west_sanctions2", "polity2_1", "common_sender"])
        #expect(file.scenarios[0].shocks[1].effect == .set(-7) && file.scenarios[0].shocks[1].sd == 0.5)
        #expect(file.questions[0].resolution == true && file.evidence[0].date == EvidenceDate("2022-03"))
    }

    @Test func aSyntaxErrorNamesTheFileAndLine() throws {
        let (path, error) = try failure("{\n  \"format\": \"entente-case/1\",\n  \"dyad\": [\"CHN\" \"RUS\"]\n}\n", "broken.json")
        #expect(error.problems.count == 1 && error.problems[0].line == 3)
        #expect(error.description.contains("\(path): line 3"), "\(error)")
    }

    @Test func everyProblemIsReportedWithItsItemAndField() throws {
        let json = Self.fixture("""
            "evidence": [
              \(Self.goodItem),
              {"id": "2014-05-gas-deal", "date": "2014-13", "kind": "parade", "title": "T", "summary": "S",
               "direction": "sideways", "sources": ["nope"], "signposts": ["ghost"], "claim": "vibes", "actors": ["XXX", "EU"]},
              {"id": "ok", "date": "2026-01", "kind": "trade", "title": "", "summary": "S", "direction": "closer", "sources": []},
              {"id": "Bad Id", "date": "2020", "kind": "trade", "title": "T", "summary": "S", "direction": "closer",
               "sources": ["web"], "colour": "red"}
            ],
            "covariates": [
              {"year": 2021, "column": "atop_consul", "value": 1, "sources": ["web"], "note": "n"},
              {"year": 2021, "column": "atop_consul", "value": 1, "sources": ["web"], "note": "again"},
              {"year": 2021, "column": "west_sanctions", "value": 1, "sources": ["web"], "note": "n"},
              {"year": 2021.5, "column": "gdp", "value": "high", "sources": ["web"], "note": "n"}
            ],
            "signposts": [
              {"id": "p", "title": "T", "description": "D", "p_if_alliance": 1.2, "p_if_no_alliance": 0, "rationale": "R"}
            ],
            "scenarios": [{"id": "s", "name": "N", "description": "D", "horizon_years": 5, "shocks": [
              {"column": "west_sanctions2", "change": 1, "set": 2},
              {"column": "west_sanctions2"},
              {"side": "USA", "column": "west_sanctions", "change": 1},
              {"side": "CHN", "column": "common_sender", "change": 1},
              {"column": "common_sender", "change": 1, "years": 9, "sd": -1}]}],
            "questions": [{"id": "q", "text": "Q?", "closes": "2030-12-31", "resolution": null, "resolved_on": "2024-01-01",
              "forecasts": [{"analyst": "a", "date": "2031-01-01", "probability": 1}]}]
            """).replacingOccurrences(of: "\"format\": \"entente-case/1\"", with: "\"format\": \"entente-case/2\"")
            .replacingOccurrences(of: "\"url\": \"https://example.org/a\"", with: "\"url\": \"ftp://example.org/a\"")
        let (path, error) = try failure(json, "many.json")
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(path + ": ") }, "every line names the file")
        let expected: [(item: String, field: String, words: String)] = [
            ("", "format", "entente-case/1"),
            ("sources[\"web\"]", "url", "not an http or https address"),
            ("evidence[1] (id \"2014-05-gas-deal\")", "date", "\"2014-13\" is not a date"),
            ("evidence[1] (id \"2014-05-gas-deal\")", "kind", "\"parade\" is not one of"),
            ("evidence[1] (id \"2014-05-gas-deal\")", "direction", "\"sideways\" is not one of: closer, apart, neutral"),
            ("evidence[1] (id \"2014-05-gas-deal\")", "claim", "\"vibes\""),
            ("evidence[1] (id \"2014-05-gas-deal\")", "sources", "no source has the id \"nope\""),
            ("evidence[1] (id \"2014-05-gas-deal\")", "signposts", "no signpost has the id \"ghost\""),
            ("evidence[1] (id \"2014-05-gas-deal\")", "actors", "\"XXX\""),
            ("evidence[2] (id \"ok\")", "id", "also used by evidence[0]"),
            ("evidence[2] (id \"ok\")", "title", "empty"),
            ("evidence[2] (id \"ok\")", "sources", "at least one source"),
            ("evidence[2] (id \"ok\")", "date", "after the file's `updated` date"),
            ("evidence[3] (id \"Bad Id\")", "id", "lower-case"),
            ("evidence[3] (id \"Bad Id\")", "colour", "unknown field"),
            ("covariates[1] (2021 atop_consul)", "column", "entered twice"),
            ("covariates[2] (2021 west_sanctions)", "column", "give `side`"),
            ("covariates[3] (2021.5 gdp)", "year", "whole number"),
            ("covariates[3] (2021.5 gdp)", "column", "\"gdp\" is not a panel column"),
            ("covariates[3] (2021.5 gdp)", "value", "expected a number"),
            ("signposts[0] (id \"p\")", "p_if_alliance", "strictly between 0 and 1, found 1.2"),
            ("signposts[0] (id \"p\")", "p_if_no_alliance", "found 0"),
            ("scenarios[0] (id \"s\").shocks[0]", "set", "not both"),
            ("scenarios[0] (id \"s\").shocks[1]", "change", "needs `change`"),
            ("scenarios[0] (id \"s\").shocks[2]", "side", "not one of the dyad's two states"),
            ("scenarios[0] (id \"s\").shocks[3]", "column", "no per-side panel columns"),
            ("scenarios[0] (id \"s\").shocks[4]", "years", "longer than the scenario's horizon"),
            ("scenarios[0] (id \"s\").shocks[4]", "sd", "cannot be negative"),
            ("questions[0] (id \"q\")", "resolved_on", "`resolution` is null"),
            ("questions[0] (id \"q\").forecasts[0]", "date", "after the question closed"),
            ("questions[0] (id \"q\").forecasts[0]", "date", "after the question resolved"),
            ("questions[0] (id \"q\").forecasts[0]", "probability", "strictly between 0 and 1"),
        ]
        for (item, field, words) in expected {
            let place = item.isEmpty ? "\(path): field \"\(field)\": " : "\(path): \(item), field \"\(field)\": "
            #expect(lines.contains { $0.hasPrefix(place) && $0.contains(words) }, "missing: \(place)… \(words)\n\(error)")
        }
        #expect(error.problems.count == expected.count, "\(error)")
        #expect(lines.first == "\(path): \(expected.count) problems in the case file")
    }

    @Test func missingPartsAndWrongTypesAreReported() throws {
        let (_, error) = try failure("""
            {"format": "entente-case/1", "dyad": "CHN-RUS", "sources": {"s": {"title": "T", "publisher": "P"}},
             "evidence": {}, "questions": [{"id": "q", "text": "Q", "closes": "2030-02-30", "resolution": "yes"}]}
            """)
        let text = error.description
        for words in ["field \"title\": a value is required", "field \"summary\": a value is required",
                      "field \"updated\": a value is required", "field \"dyad\": expected an array, found a string",
                      "sources[\"s\"], field \"url\": a source needs a url or a document symbol",
                      "field \"evidence\": expected an array, found an object",
                      "questions[0] (id \"q\"), field \"closes\": \"2030-02-30\" is not a date",
                      "questions[0] (id \"q\"), field \"resolution\": expected null, true or false, found a string"] {
            #expect(text.contains(words), "missing: \(words)\n\(text)")
        }
        for (dyad, words) in [("[\"CHN\", \"XYZ\"]", "dyad[1] \"XYZ\" is not an ISO3 code or COW code the crosswalk knows"),
                              ("[\"CHN\", 710]", "the two states are the same (710)"),
                              ("[\"CHN\"]", "expected two states")] {
            let (_, error) = try failure(Self.fixture("\"evidence\": []").replacingOccurrences(of: "[\"CHN\", \"RUS\"]", with: dyad))
            #expect(error.description.contains("field \"dyad\": " + words), "\(error)")
        }
        let (_, notAnObject) = try failure("[1, 2]")
        #expect(notAnObject.description.contains("the file must hold one JSON object, found an array"))
    }
}
