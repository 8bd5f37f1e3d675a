@testable import EntenteWeb
import EntenteTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OpenAPIDocumentTests {
    /// Docs/openapi.json is for readers and client generators; the server serves the document generated from its types.
    @Test func theCommittedDocumentIsTheGeneratedOne() async throws {
        let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("Docs/openapi.json"))
        // Compared as one Bool: a failure that printed both operands would print the document twice as bytes.
        let fresh = Array(committed) == OpenAPIDocument.bytes
        #expect(fresh, "Docs/openapi.json is stale: regenerate it with `swift run -c release entente serve --print-openapi > Docs/openapi.json`")
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let served = try await fixture.test { client in try await client.get("/openapi.json") }
        let servedGenerated = Array(served.data) == OpenAPIDocument.bytes
        #expect(served.status == .ok && servedGenerated)
    }

    /// Every operation the document describes is served at its path with its method: reads answer, writes ask for a token.
    @Test func everyDescribedOperationIsRouted() async throws {
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        try await fixture.test { client in
            for operation in APIOperation.all {
                let uri = operation.path.replacingOccurrences(of: ":dyad", with: "CHN-RUS").replacingOccurrences(of: ":signpost", with: "any")
                let response = try await client.execute(uri: uri, method: operation.method)
                #expect(response.status == (operation.request == nil ? .ok : .unauthorized), "\(operation.method) \(uri)")
                #expect(response.violations(operation.method.rawValue, operation.template).isEmpty, "\(operation.method) \(uri)")
            }
        }
    }

    /// A property is required unless optional, typed as declared, and notes must name real properties.
    @Test func theSchemaOfATypeIsReadFromItsShape() throws {
        let reader = SchemaReader()
        #expect(try reader.schema(of: [Reading].self) == ["type": "array", "items": ["$ref": "#/components/schemas/Reading"]])
        #expect(reader.components["Reading"] == [
            "type": "object", "additionalProperties": false, "description": "A reading.", "required": ["year", "labels", "origin"],
            "properties": [
                "year": ["type": "integer"],
                "share": ["type": "number", "minimum": 0, "maximum": 1],
                "labels": ["type": "object", "additionalProperties": ["type": "array", "items": ["type": "boolean"]]],
                "origin": ["type": "string", "enum": ["case-file", "team"]],
            ],
        ])
        #expect(throws: SchemaReadingFailed.self) { try SchemaReader().schema(of: Misnoted.self) }
        #expect(throws: SchemaReadingFailed.self) { try reader.component("Reading", ["type": "string"]) }
    }
}

/// A type with each kind of property `SchemaReader` reads.
private struct Reading: Codable, APISchema {
    static let schemaName = "Reading"
    static let schemaNotes = SchemaNotes("A reading.", properties: ["share": .probability])
    let year: Int
    let share: Double?
    let labels: [String: [Bool]]
    let origin: EvidenceOrigin
}

/// A type whose notes name a property it does not have.
private struct Misnoted: Codable, APISchema {
    static let schemaName = "Misnoted"
    static let schemaNotes = SchemaNotes(properties: ["shares": .probability])
    let share: Double
}
