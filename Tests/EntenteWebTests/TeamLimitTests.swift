@testable import Entente
import EntenteCore
import EntenteShipped
import EntenteStore
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One token posting thousands of large items made every later render of the dyad take seconds: an analyst may add
/// only so many items of each kind to a dyad (the render time itself is measured by Benchmarks/team_render.py).
@Suite struct TeamItemLimitTests {
    static let bob = "fedcba9876543210fedcba9876543210"

    @Test func oneAnalystMayAddOnlySoManyItemsToADyad() async throws {
        let fixture = try SiteFixture(tokens: AccessTokens([("alice", SiteFixture.token), ("bob", Self.bob)]), itemLimit: 3)
        defer { fixture.removeFiles() }
        let question = try #require(try CaseFileLoader(reference: SiteFixture.reference, cases: ShippedData.casesDirectory())
            .shipped(CountryCode(365), CountryCode(710))?.questions.first { $0.resolution == nil && $0.closes > CalendarDate(year: 2026, month: 12, day: 31) })
        try await fixture.test { client in
            for index in 0..<3 {
                #expect(try await client.post("/api/evidence", json: evidenceJSON(id: "item-\(index)")).status == .created)
            }
            let refused = try await client.post("/api/evidence", json: evidenceJSON(id: "item-3"))
            #expect(refused.status == .unprocessableContent)
            let error = refused.object["error"] as? [String: Any]
            #expect(error?["code"] as? String == "limit-reached")
            #expect((error?["message"] as? String)?.contains("alice has added 3 evidence items to RUS-CHN") == true, "\(refused.text)")
            #expect(refused.violations("POST", "/api/evidence").isEmpty)
            // A repeat is still answered as before; the signpost route counts the same items.
            #expect(try await client.post("/api/evidence", json: evidenceJSON(id: "item-0")).status == .ok)
            #expect(try await client.post("/api/evidence", json: evidenceJSON(id: "item-0", title: "Changed")).status == .conflict)
            #expect(try await client.post("/api/dyads/CHN-RUS/signposts/lethal-arms-to-russia/evidence",
                                           json: evidenceJSON(id: "item-4", dyad: nil)).status == .unprocessableContent)
            // The limit is per analyst and per dyad.
            #expect(try await client.post("/api/evidence", json: evidenceJSON(id: "item-3"), token: Self.bob).status == .created)
            #expect(try await client.post("/api/evidence", json: evidenceJSON(id: "item-3", dyad: "USA-IND")).status == .created)
            for day in 1...3 {
                let body = #"{"dyad": "CHN-RUS", "question": "\#(question.id)", "probability": 0.2, "date": "2026-11-0\#(day)"}"#
                #expect(try await client.post("/api/forecasts", json: body).status == .created)
            }
            let fourth = try await client.post("/api/forecasts", json: #"{"dyad": "CHN-RUS", "question": "\#(question.id)", "probability": 0.2, "date": "2026-11-04"}"#)
            #expect(fourth.status == .unprocessableContent && fourth.text.contains("3 forecasts"), "\(fourth.text)")
            #expect(fourth.violations("POST", "/api/forecasts").isEmpty)
            #expect(try await client.post("/api/forecasts", json: #"{"dyad": "CHN-RUS", "question": "\#(question.id)", "probability": 0.2, "date": "2026-11-01"}"#).status == .ok)
        }
        #expect(try await fixture.store.revision(first: 365, second: 710, analyst: "alice") == TeamRevision(evidence: 3, forecasts: 3))
        #expect(try await fixture.store.revision(first: 365, second: 710) == TeamRevision(evidence: 4, forecasts: 3))
    }
}
