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
        #expect(Array(committed) == OpenAPIDocument.bytes,
                "Docs/openapi.json is stale: regenerate it with `swift run -c release entente serve --print-openapi > Docs/openapi.json`")
        let served = try await SiteFixture().test { client in try await client.get("/openapi.json") }
        #expect(served.status == .ok && Array(served.data) == OpenAPIDocument.bytes)
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
