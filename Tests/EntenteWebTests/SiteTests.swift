@testable import Entente
import EntenteCore
import EntenteShipped
import EntenteRendering
import EntenteStore
import EntenteTestSupport
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A site over the shipped snapshot and a fresh SQLite team store, with one analyst's token.
struct SiteFixture {
    static let token = "0123456789abcdef0123456789abcdef"
    static let reference = try! ReferenceData()
    /// Loaded once; a snapshot that does not load fails each test that uses it, with the loader's message.
    static let shipped = Result { try Snapshot.load(from: ShippedData.snapshotDirectory()) }
    static var snapshot: Snapshot { get throws { try shipped.get() } }
    static let validator = try! OpenAPIValidator(data: Data(OpenAPIDocument.bytes))

    let site: EntenteSite
    let store: SQLiteTeamStore
    /// The folder holding the team database.
    let folder: URL

    init(tokens: AccessTokens = AccessTokens([("alice", SiteFixture.token)]), itemLimit: Int = TeamWorkspace.standardItemLimit) throws {
        folder = temporaryPath("web")
        store = try SQLiteTeamStore(database: EntenteDatabase(path: folder.appendingPathComponent("team.sqlite").path))
        site = EntenteSite(workspace: TeamWorkspace(snapshot: try Self.snapshot, reference: Self.reference, cases: try? ShippedData.casesDirectory(), store: store,
                                                     draws: 200, itemLimit: itemLimit),
                           tokens: tokens)
    }

    /// Removes the team database's folder: the test's last step (`defer { fixture.removeFiles() }`).
    func removeFiles() { try? FileManager.default.removeItem(at: folder) }

    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: site.router()).test(.router) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    func get(_ uri: String) async throws -> TestResponse { try await execute(uri: uri, method: .get) }

    func post(_ uri: String, json: String, token: String? = SiteFixture.token, type: String = "application/json") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var data: Data { Data(buffer: body) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }

    /// The response's violations of the schema the OpenAPI document gives for it.
    func violations(_ method: String, _ template: String) -> [String] {
        guard let schema = SiteFixture.validator.responseSchema(method, template, status: Int(status.code)) else {
            return ["the document has no \(status.code) response for \(method) \(template)"]
        }
        return SiteFixture.validator.violations(data, schema)
    }
}

/// An evidence item as JSON, valid unless changed.
func evidenceJSON(id: String = "summit-2026-05", dyad: String? = "CHN-RUS", title: String = "Xi–Putin summit in Beijing",
                  signposts: [String] = [], extra: String = "") -> String {
    let dyadField = dyad.map { "\"dyad\": \"\($0)\", " } ?? ""
    let list = signposts.map { "\"\($0)\"" }.joined(separator: ", ")
    return """
        {\(dyadField)"id": "\(id)", "date": "2026-05", "kind": "summit", "title": "\(title)", "direction": "closer",
         "sources": ["https://example.org/summit", "S/PV.9999"], "signposts": [\(list)]\(extra)}
        """
}

@Suite struct SitePageTests {
    @Test func everyPageIsHTMLWithChartsNoScriptsAndTheSecurityHeaders() async throws {
        let snapshot = try SiteFixture.snapshot
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            // Charts: the dyad page has the briefing's six plus ICEWS events (watch list only); a pair already in a
            // defence pact (France–Germany, NATO) gets no onset forecast and so no chart; the model page two
            // reliability charts and the rolling-origin AUC.
            for (uri, charts) in [("/", 1), ("/dyads/CHN-RUS", 7), ("/dyads/710-365", 7), ("/dyads/FRA-DEU", 0), ("/model", 3), ("/data", 0)] {
                let response = try await client.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                let page = response.text
                #expect(page.hasPrefix("<!DOCTYPE html>"), "\(uri)")
                #expect(!page.lowercased().contains("<script"), "\(uri) has a script")
                #expect(page.components(separatedBy: "<svg").count - 1 == charts, "\(uri): not \(charts) charts")
                #expect(page.contains("<a href=\"/model\">Model</a>") && page.contains("name=\"viewport\""), "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPFields.Element.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer")
            }
            #expect(try await client.get("/dyads/FRA-DEU").text.contains("is in force"))
            let overview = try await client.get("/").text
            for dyad in snapshot.dyads {
                #expect(overview.contains("href=\"/dyads/\(dyad.iso1)-\(dyad.iso2)\""), "no link to \(dyad.iso1)-\(dyad.iso2)")
            }
            #expect(overview.components(separatedBy: "href=\"/dyads/").count - 1 == snapshot.dyads.count,
                    "one link per watch-list dyad")
            // China and North Korea have been allied since 1961 (ATOP), Russia and North Korea since the 2024 treaty
            // (the case file's sourced entries): no onset forecast, and no dot in the chart.
            for pair in ["China–North Korea", "Russia–North Korea"] {
                let row = try #require(overview.components(separatedBy: "<tr>").first { $0.contains(pair) })
                #expect(row.contains("pact in force") && !row.contains("%"), "\(pair)")
            }
            #expect(overview.components(separatedBy: "<circle").count - 1 == snapshot.dyads.count - 2)
            // One origin for every pair: the last year of the shared data. China–Russia's case file carries its
            // figures to 2025; that forecast stands beside the common one, not on the same axis.
            #expect(overview.contains("every pair's forecast starts from 2018"))
            let list = try #require(try await client.get("/api/dyads").object["dyads"] as? [[String: Any]])
            #expect(list.count == snapshot.dyads.count && list.allSatisfy { $0["dataOrigin"] as? Int == 2018 })
            let china = try #require(list.first { $0["dyad"] as? String == "RUS-CHN" })
            #expect(china["origin"] as? Int == 2025)
            let ten = { (key: String) in ((china[key] as? [[String: Any]])?.first { $0["years"] as? Int == 10 })?["by"] as? Int }
            #expect(ten("forecast") == 2035 && ten("dataForecast") == 2028)
            let row = try #require(overview.components(separatedBy: "<tr>").first { $0.contains("Russia–China") })
            #expect(row.contains("within 10 y from 2025"))
        }
    }

    /// Grenada–Qatar has no Polity difference in any year (Grenada is not in Polity): the ensemble fills a missing value with its
    /// training median, as in training, so the page is a briefing, not a server error.
    @Test func aPairWithMissingValuesIsBriefed() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            let page = try await client.get("/dyads/55-694")
            #expect(page.status == .ok)
            #expect(page.text.contains("Entente briefing: Grenada–Qatar") && page.text.contains("within 10 years"))
            let json = try await client.get("/api/dyads/GRD-QAT")
            #expect(json.status == .ok)
            let forecast = try #require((json.object["summary"] as? [String: Any])?["forecast"] as? [[String: Any]])
            #expect(forecast.count == 3 && forecast.allSatisfy { ($0["probability"] as? Double).map { $0 > 0 && $0 < 1 } ?? false })
        }
    }

    @Test func theDyadPageIsTheBriefingWithTheSameNumbersAsTheBriefingCommand() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let caseFile = try CaseFileLoader(reference: SiteFixture.reference, cases: ShippedData.casesDirectory()).shipped(CountryCode(710), CountryCode(365))
        let briefing = try Briefing(BriefingInputs(snapshot: try SiteFixture.snapshot, CountryCode(365), CountryCode(710),
                                                   reference: SiteFixture.reference, caseFile: caseFile), draws: 200)
        try await fixture.test { client in
            let page = try await client.get("/dyads/CHN-RUS").text
            let ten = try #require(briefing.forecast.within(10))
            #expect(page.contains(String(format: "%.2f%%", 100 * ten.cumulative)))
            #expect(page.contains("Entente briefing: Russia–China"))
            let json = try await client.get("/api/dyads/CHN-RUS").object
            let forecast = try #require((json["summary"] as? [String: Any])?["forecast"] as? [[String: Any]])
            #expect(forecast.count == 3)
            // JSONSerialization on Linux may read the last digit one unit off; the numbers are the same to 1e-15.
            #expect(abs((forecast[2]["probability"] as? Double ?? -1) - ten.cumulative) < 1e-15)
            #expect((json["evidence"] as? [Any])?.count == caseFile?.evidence.count)
            #expect(abs(((json["signposts"] as? [String: Any])?["posterior"] as? Double ?? -1) - (briefing.signposts?.update.posterior ?? 1)) < 1e-15)
        }
    }

    @Test func unknownPagesAndDyadsAreNotFoundAsPagesAndAsJSON() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            let page = try await client.get("/no-such-page")
            #expect(page.status == .notFound && page.text.contains("<h1>404"))
            #expect(page.headers[.contentSecurityPolicy] != nil)
            let dyadPage = try await client.get("/dyads/XXX-RUS")
            #expect(dyadPage.status == .notFound && dyadPage.text.contains("unknown country code XXX"))
            for uri in ["/api/dyads/XXX-RUS", "/api/dyads/RUS-RUS", "/api/dyads/CHN", "/api/dyads/CHN-RUS-USA", "/api/dyads/999-365",
                        "/api/dyads/CHN-RUS/evidence/extra", "/api/nothing"] {
                let response = try await client.get(uri)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                let error = try #require(response.object["error"] as? [String: Any], "\(uri)")
                #expect(error["status"] as? Int == 404)
                #expect(SiteFixture.validator.violations(response.data, ["$ref": "#/components/schemas/Error"]).isEmpty, "\(uri)")
            }
        }
    }
}

@Suite struct SiteAPITests {
    @Test func everyReadEndpointMatchesTheOpenAPIDocument() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            _ = try await client.post("/api/evidence", json: evidenceJSON(signposts: ["exercises-near-taiwan-japan"]))
            for (uri, template) in [("/api/dyads", "/api/dyads"), ("/api/dyads/CHN-RUS", "/api/dyads/{dyad}"),
                                    ("/api/dyads/USA-IND", "/api/dyads/{dyad}"), ("/api/dyads/FRA-DEU", "/api/dyads/{dyad}"),
                                    ("/api/dyads/55-694", "/api/dyads/{dyad}"),
                                    ("/api/dyads/CHN-RUS/evidence", "/api/dyads/{dyad}/evidence"),
                                    ("/api/model", "/api/model"), ("/api/data", "/api/data")] {
                let response = try await client.get(uri)
                #expect(response.status == .ok, "\(uri)")
                let violations = response.violations("GET", template)
                #expect(violations.isEmpty, "\(uri): \(violations.prefix(5))")
            }
            let document = try await client.get("/openapi.json")
            #expect((document.object["openapi"] as? String) == "3.1.0")
            let paths = try #require(document.object["paths"] as? [String: Any])
            #expect(Set(paths.keys) == ["/api/dyads", "/api/dyads/{dyad}", "/api/dyads/{dyad}/evidence", "/api/evidence",
                                        "/api/dyads/{dyad}/signposts/{signpost}/evidence", "/api/forecasts", "/api/model", "/api/data"])
        }
    }

    @Test func theValidatorCatchesAResponseThatDriftsFromTheDocument() throws {
        let schema: [String: Any] = ["$ref": "#/components/schemas/Horizon"]
        let good = Data(#"{"years":1,"by":2026,"probability":0.1,"lower":0.05,"upper":0.2}"#.utf8)
        #expect(SiteFixture.validator.violations(good, schema).isEmpty)
        let drifted = Data(#"{"years":1.5,"by":"2026","probability":1.2,"lower":0.05,"extra":true}"#.utf8)
        let violations = SiteFixture.validator.violations(drifted, schema)
        #expect(violations.count == 5, "\(violations)")
    }

    @Test func evidenceIsStoredOnceAndChangesTheSignpostsAndTheLog() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            _ = try await client.get("/api/dyads")
            let before = try await client.get("/api/dyads/RUS-CHN").object
            let prior = try #require((before["signposts"] as? [String: Any])?["posterior"] as? Double)
            // Lethal arms to Russia: a signpost not yet seen in the case file, with a likelihood ratio above 1.
            let created = try await client.post("/api/dyads/CHN-RUS/signposts/lethal-arms-to-russia/evidence",
                                                json: evidenceJSON(id: "arms-2026", dyad: nil, title: "Reported shipment of artillery shells"))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.violations("POST", "/api/dyads/{dyad}/signposts/{signpost}/evidence").isEmpty)
            let record = try #require(created.object["record"] as? [String: Any])
            #expect(record["analyst"] as? String == "alice")
            #expect(record["signposts"] as? [String] == ["lethal-arms-to-russia"])
            let again = try await client.post("/api/dyads/CHN-RUS/signposts/lethal-arms-to-russia/evidence",
                                              json: evidenceJSON(id: "arms-2026", dyad: nil, title: "Reported shipment of artillery shells"))
            #expect(again.status == .ok && again.object["status"] as? String == "unchanged")
            let conflict = try await client.post("/api/evidence", json: evidenceJSON(id: "arms-2026", title: "Something else"))
            #expect(conflict.status == .conflict)
            let after = try await client.get("/api/dyads/CHN-RUS").object
            let posterior = try #require((after["signposts"] as? [String: Any])?["posterior"] as? Double)
            let lr = try #require(try CaseFileLoader(reference: SiteFixture.reference, cases: ShippedData.casesDirectory()).shipped(CountryCode(365), CountryCode(710))?
                .signpost("lethal-arms-to-russia")?.likelihoodRatio)
            let expected = 1 / (1 + (1 - prior) / prior / lr)
            #expect(abs(posterior - expected) < 1e-12, "posterior \(posterior), prior \(prior) × LR \(lr) gives \(expected)")
            let team = try #require((after["evidence"] as? [[String: Any]])?.filter { $0["origin"] as? String == "team" })
            #expect(team.count == 1 && team[0]["id"] as? String == "arms-2026" && team[0]["analyst"] as? String == "alice")
            #expect(((after["summary"] as? [String: Any])?["team"] as? [String: Int]) == ["evidence": 1, "forecasts": 0])
            let page = try await client.get("/dyads/CHN-RUS").text
            #expect(page.contains("Reported shipment of artillery shells"))
            // The watch list, cached before the write, shows the new count.
            let list = try await client.get("/api/dyads").object["dyads"] as? [[String: Any]]
            #expect((list?.first { $0["dyad"] as? String == "RUS-CHN" }?["team"] as? [String: Int]) == ["evidence": 1, "forecasts": 0])
        }
    }

    @Test func forecastsJoinTheQuestionsPool() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let question = try #require(try CaseFileLoader(reference: SiteFixture.reference, cases: ShippedData.casesDirectory()).shipped(CountryCode(365), CountryCode(710))?
            .questions.first { $0.resolution == nil && $0.closes > CalendarDate(year: 2026, month: 12, day: 31) })
        try await fixture.test { client in
            let body = #"{"dyad": "RUS-CHN", "question": "\#(question.id)", "probability": 0.2, "date": "2026-11-01"}"#
            let created = try await client.post("/api/forecasts", json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.violations("POST", "/api/forecasts").isEmpty)
            #expect(try await client.post("/api/forecasts", json: body).status == .ok)
            let changed = try await client.post("/api/forecasts", json: body.replacingOccurrences(of: "0.2", with: "0.3"))
            #expect(changed.status == .conflict)
            let json = try await client.get("/api/dyads/CHN-RUS").object
            let listed = try #require((json["questions"] as? [[String: Any]])?.first { $0["id"] as? String == question.id })
            let forecasts = try #require(listed["forecasts"] as? [[String: Any]])
            #expect(forecasts.count == question.forecasts.count + 1)
            #expect(forecasts.contains { $0["analyst"] as? String == "alice" && $0["probability"] as? Double == 0.2 })
            let logOdds = (question.forecasts.map(\.probability) + [0.2]).map { log($0 / (1 - $0)) }
            let pooled = 1 / (1 + exp(-logOdds.reduce(0, +) / Double(logOdds.count)))
            #expect(abs((listed["pooled"] as? Double ?? -1) - pooled) < 1e-12)
        }
    }
}

@Suite struct SiteWriteRejectionTests {
    @Test func writesWithoutAValidTokenAreUnauthorised() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            let none = try await client.post("/api/evidence", json: evidenceJSON(), token: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == "Bearer realm=\"entente\"")
            let wrong = try await client.post("/api/evidence", json: evidenceJSON(), token: "0123456789abcdef0123456789abcdeX")
            #expect(wrong.status == .unauthorized && wrong.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            let prefix = try await client.post("/api/evidence", json: evidenceJSON(), token: String(SiteFixture.token.dropLast()))
            #expect(prefix.status == .unauthorized)
            for response in [none, wrong, prefix] { #expect(response.violations("POST", "/api/evidence").isEmpty) }
            #expect(try await fixture.store.revision(first: 365, second: 710) == TeamRevision(evidence: 0, forecasts: 0))
        }
        let readOnly = try SiteFixture(tokens: .none)
        defer { readOnly.removeFiles() }
        try await readOnly.test { client in
            let response = try await client.post("/api/forecasts", json: "{}")
            #expect(response.status == .unauthorized && response.text.contains("takes no writes"))
        }
    }

    @Test func malformedOversizedAndMistypedBodiesGetTheRightStatus() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("{\"dyad\": \"CHN-RUS\", \"id\": ", "application/json", .badRequest, "not valid JSON"),
                ("[1, 2]", "application/json", .badRequest, "expected"),
                (#"{"dyad": "CHN-RUS", "id": "x", "date": "2026"}"#, "application/json", .badRequest, "kind: required"),
                (#"{"dyad": "CHN-RUS", "question": "q", "probability": "high"}"#, "application/json", .badRequest, "probability: expected"),
                (evidenceJSON(), "text/plain", .unsupportedMediaType, "application/json"),
                (evidenceJSON(title: String(repeating: "x", count: 70_000)), "application/json", .contentTooLarge, "larger than"),
                (evidenceJSON(dyad: "CHN-XXX"), "application/json", .notFound, "unknown country code XXX"),
                (evidenceJSON(dyad: nil), "application/json", .unprocessableContent, "dyad"),
            ]
            for (index, (body, type, status, message)) in cases.enumerated() {
                let uri = index == 3 ? "/api/forecasts" : "/api/evidence"
                let response = try await client.post(uri, json: body, type: type)
                #expect(response.status == status, "case \(index): \(response.text)")
                #expect(response.text.contains(message), "case \(index): \(response.text)")
                #expect(response.violations("POST", uri).isEmpty, "case \(index)")
            }
            let signpost = try await client.post("/api/dyads/CHN-RUS/signposts/no-such-signpost/evidence", json: evidenceJSON(dyad: nil))
            #expect(signpost.status == .notFound && signpost.text.contains("unknown-signpost") && signpost.text.contains("RUS-CHN"))
            let question = try await client.post("/api/forecasts", json: #"{"dyad": "CHN-RUS", "question": "no-such-question", "probability": 0.3}"#)
            #expect(question.status == .notFound && question.text.contains("unknown-question"))
            #expect(question.violations("POST", "/api/forecasts").isEmpty)
            #expect(try await fixture.store.dyads().isEmpty, "nothing rejected was stored")
        }
    }

    @Test func everyProblemOfASubmissionIsNamed() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            let body = #"""
                {"dyad": "CHN-RUS", "id": "Bad Id", "date": "2099-02-30", "kind": "party", "title": " ", "summary": "ok\nfine",
                 "direction": "sideways", "sources": ["ftp://example.org/x", "https://", "S/RES/2231 (2015)"], "signposts": ["nope", "nope"]}
                """#
            let response = try await client.post("/api/evidence", json: body)
            #expect(response.status == .unprocessableContent)
            #expect(response.violations("POST", "/api/evidence").isEmpty)
            let problems = try #require((response.object["error"] as? [String: Any])?["problems"] as? [[String: String]])
            #expect(Set(problems.compactMap { $0["field"] }) == ["id", "date", "kind", "title", "direction", "sources[0]", "sources[1]",
                                                                 "signposts[0]", "signposts[1]", "signposts"])
            let future = try await client.post("/api/evidence", json: evidenceJSON().replacingOccurrences(of: "2026-05", with: "2099-01"))
            #expect(future.status == .unprocessableContent && future.text.contains("in the future"))
            let caseItem = try #require(try CaseFileLoader(reference: SiteFixture.reference, cases: ShippedData.casesDirectory()).shipped(CountryCode(365), CountryCode(710))?.evidence.first)
            // Alone, a case-file id is a clash with an existing item; among other problems it is listed with them.
            let taken = try await client.post("/api/evidence", json: evidenceJSON(id: caseItem.id))
            #expect(taken.status == .conflict && taken.text.contains("shipped case file"))
            let takenAndBad = try await client.post("/api/evidence", json: evidenceJSON(id: caseItem.id, title: " "))
            #expect(takenAndBad.status == .unprocessableContent && takenAndBad.text.contains("already has an item"))
        }
    }
}

@Suite struct SiteMethodTests {
    @Test func aMethodAnAddressDoesNotTakeIs405WithTheOnesItDoes() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            for (uri, method, allow) in [("/api/evidence", HTTPRequest.Method.get, "POST"), ("/api/dyads/CHN-RUS", .delete, "GET, HEAD"),
                                         ("/api/model", .trace, "GET, HEAD"), ("/dyads/CHN-RUS", .put, "GET, HEAD")] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
            }
            let head = try await client.execute(uri: "/api/dyads/CHN-RUS", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
        }
    }
}

@Suite struct SiteConcurrencyTests {
    @Test func concurrentWritesFromManyClientsLoseNothing() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let count = 120
        try await fixture.test { client in
            let statuses = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
                for index in 0..<count {
                    group.addTask {
                        // Every fourth client repeats an earlier item: it must come back unchanged, not stored twice.
                        let id = index % 4 == 3 ? index - 1 : index
                        let response = try await client.post("/api/evidence", json: evidenceJSON(id: "item-\(id)", title: "Item \(id)"))
                        return (index, response.status)
                    }
                }
                var statuses: [Int: HTTPResponse.Status] = [:]
                for try await (index, status) in group { statuses[index] = status }
                return statuses
            }
            #expect(statuses.values.allSatisfy { $0 == .created || $0 == .ok })
            let distinct = Set((0..<count).map { $0 % 4 == 3 ? $0 - 1 : $0 })
            #expect(statuses.values.filter { $0 == .created }.count == distinct.count)
            let stored = try await fixture.store.evidence(first: 365, second: 710)
            #expect(stored.count == distinct.count && Set(stored.map(\.key)) == Set(distinct.map { "item-\($0)" }))
            let listed = try await client.get("/api/dyads/CHN-RUS/evidence").object["evidence"] as? [[String: Any]]
            #expect(listed?.filter { $0["origin"] as? String == "team" }.count == distinct.count)
        }
    }
}

@Suite struct SiteModelTests {
    @Test func theModelPageAndDocumentCarryTheShippedValidation() async throws {
        let snapshot = try SiteFixture.snapshot
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let validation = try #require(snapshot.validation)
        let split = try #require(validation.runs.first { $0.specification == "default" }?.splits.first)
        let auc = try #require(split.scores(.newTies, .model)?.rocAUC)
        try await fixture.test { client in
            let page = try await client.get("/model").text
            #expect(page.contains(String(format: "%.3f", auc)))
            #expect(page.contains("Reliability, default model, new ties"))
            // The ensemble the briefings forecast with comes first: every member with its weight, and the backtest.
            for member in snapshot.ensemble.model.members {
                #expect(page.contains("<td>\(member.name)</td>") && page.contains(String(format: "%.2f", member.weight)), "\(member.name)")
            }
            let ten = try #require(snapshot.backtest?.horizon(10)?.intervals["log_skill"])
            #expect(page.contains("How its forecasts have done") && page.contains(String(format: "%.3f [%.3f, %.3f]", ten.estimate, ten.lower, ten.upper)))
            let json = try await client.get("/api/model").object
            let runs = try #require((json["validation"] as? [String: Any])?["runs"] as? [[String: Any]])
            #expect(runs.count == validation.runs.count)
            let terms = try #require(json["terms"] as? [[String: Any]])
            #expect(terms.map { $0["term"] as? String } == snapshot.model.fit.names.map { Optional($0) })
            // The API carries the ensemble too: members with weights summing to 1, and the ten-year backtest skill.
            let ensemble = try #require(json["ensemble"] as? [String: Any])
            let members = try #require(ensemble["members"] as? [[String: Any]])
            #expect(members.map { $0["name"] as? String } == snapshot.ensemble.model.members.map { Optional($0.name) })
            #expect(abs(members.compactMap { $0["weight"] as? Double }.reduce(0, +) - 1) < 1e-9)
            // Each member's system rate: its window and what it counts, both absent without one.
            for (member, shipped) in zip(members, snapshot.ensemble.model.members) {
                let configuration = shipped.fit.configuration
                #expect(member["systemWindow"] as? Int == configuration.systemWindow, "\(shipped.name)")
                #expect(member["systemCount"] as? String == configuration.systemWindow.map { _ in (configuration.systemCount ?? .dyadOnsets).rawValue },
                        "\(shipped.name)")
            }
            let horizons = try #require((ensemble["backtest"] as? [String: Any])?["horizons"] as? [[String: Any]])
            let tenYears = try #require(horizons.first { $0["years"] as? Int == 10 })
            let estimate = try #require((tenYears["logSkill"] as? [String: Any])?["estimate"] as? Double)
            #expect(abs(estimate - ten.estimate) < 1e-12)
        }
    }

    @Test func restoredScoresDrawTheSameChartAsTheOriginal() throws {
        let predictions = (0..<400).map { Double($0 % 37) / 40 + 0.01 }
        let outcomes = predictions.enumerated().map { index, p in Double((index * 7919) % 1000) / 1000 < p }
        let original = ForecastScores(predictions: predictions, outcomes: outcomes)
        let stored = SnapshotValidation.Evaluation(ModelValidation.Evaluation(population: .all, forecaster: .model, scores: original))
        #expect(stored.forecastScores == original)
        #expect(stored.forecastScores.reliabilitySVG(title: "t") == original.reliabilitySVG(title: "t"))
    }
}

@Suite struct WorkspaceFreshnessTests {
    @Test func ownWritesShowAtOnceAnotherServersWithinTheFreshnessWindow() async throws {
        let folder = temporaryPath("fresh")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteTeamStore(database: EntenteDatabase(path: folder.appendingPathComponent("team.sqlite").path))
        let snapshot = try SiteFixture.snapshot
        func workspace(_ freshness: Duration) -> TeamWorkspace {
            TeamWorkspace(snapshot: snapshot, reference: SiteFixture.reference, cases: try? ShippedData.casesDirectory(),
                          store: store, draws: 100, freshness: freshness)
        }
        let (writer, patient, eager) = (workspace(.seconds(600)), workspace(.seconds(600)), workspace(.zero))
        let dyad = try writer.dyad("CHN-RUS")
        for server in [writer, patient, eager] { #expect(try await server.view(dyad).revision.evidence == 0) }
        _ = try await writer.addEvidence(EvidenceSubmission(id: "fresh-1", date: "2026-01", kind: "summit", title: "A summit",
                                                            direction: "closer", sources: ["https://example.org/a"]),
                                         to: dyad, analyst: "alice")
        #expect(try await writer.view(dyad).revision.evidence == 1, "a server's own write shows at once")
        #expect(try await writer.views(writer.watchList).first { $0.dyad == dyad }?.revision.evidence == 1)
        #expect(try await eager.view(dyad).revision.evidence == 1, "with no freshness window the store is read every time")
        #expect(try await patient.view(dyad).revision.evidence == 0, "another server trusts its last reading for the window")
    }
}

@Suite(.timeLimit(.minutes(1)))
struct AccessTokenFileTests {
    /// `serve --tokens` on a device read it until memory ran out, and on a FIFO waited: both are refused at once,
    /// and a tokens file still loads.
    @Test func theTokensFileMustBeARegularFile() throws {
        #expect {
            _ = try AccessTokens.load(URL(fileURLWithPath: "/dev/zero"))
        } throws: { "\($0)".hasPrefix("/dev/zero: cannot read it: is not a regular file") }
        let url = temporaryPath("tokens")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("# the team\nalice \(SiteFixture.token)\n".utf8).write(to: url)
        #expect(try !AccessTokens.load(url).isEmpty)
    }
}
