import Foundation

/// The OpenAPI 3.1 description of the JSON API, served at /openapi.json and printed by `entente serve
/// --print-openapi`. It is generated: the paths from `APIOperation`, the schemas from the Swift types the API
/// takes and sends (`SchemaReader`), so that it cannot drift from them. A copy is kept in Docs/openapi.json for
/// readers; a test fails when that copy is stale.
public enum OpenAPIDocument {
    /// The document as pretty-printed JSON with sorted keys and a final newline: the same bytes for the same types.
    public static let bytes: [UInt8] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(try document())) + Array("\n".utf8)
        } catch {
            preconditionFailure("the OpenAPI document cannot be generated: \(error)")
        }
    }()

    static func document() throws -> JSONValue {
        let reader = SchemaReader()
        var paths: [String: JSONValue] = [:]
        for operation in APIOperation.all {
            paths[operation.template, default: [:]] = paths[operation.template, default: [:]]
                .merging([operation.method.rawValue.lowercased(): try describe(operation, reader)])
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Entente API",
                "version": "1",
                "description": """
                    Alignment, alliance forecasts and the team's evidence for pairs of states. Reads are open; writes need \
                    `Authorization: Bearer TOKEN`. Errors are JSON: {"error": {status, code, message, problems?}}.
                    """,
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "components": [
                "schemas": .object(reader.components),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
    }

    private static func describe(_ operation: APIOperation, _ reader: SchemaReader) throws -> JSONValue {
        var described: JSONValue = [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
            "responses": .object(Dictionary(uniqueKeysWithValues: try operation.responses.map { response in
                (String(response.status), try describe(response, reader))
            })),
        ]
        if !operation.parameters.isEmpty {
            described = described.merging(["parameters": .array(operation.parameters.map(parameter))])
        }
        if let body = operation.request {
            var schema = try reader.schema(of: body.type)
            if let narrowed = body.narrowed {
                schema = try reader.component(narrowed.name, ["allOf": [schema, ["required": .array(narrowed.required.map(JSONValue.string))]],
                                                              "description": .string(narrowed.description)])
            }
            described = described.merging([
                "requestBody": ["required": true, "content": ["application/json": ["schema": schema]]],
                "security": [["bearer": []]],
            ])
        }
        return described
    }

    private static func describe(_ response: APIResponse, _ reader: SchemaReader) throws -> JSONValue {
        var described: JSONValue = [
            "description": .string(response.description),
            "content": ["application/json": ["schema": try reader.schema(of: response.body)]],
        ]
        if response.retryAfter {
            described = described.merging(["headers": [
                "Retry-After": ["description": "Seconds after which a retry may succeed.", "schema": ["type": "integer", "minimum": 1]],
            ]])
        }
        return described
    }

    /// A path parameter: the dyad, as the API takes it everywhere, or a signpost of its case file.
    private static func parameter(_ name: String) -> JSONValue {
        let described: JSONValue = name == "dyad"
            ? ["description": "Two ISO3 or COW codes, such as CHN-RUS or 710-365 (either order).",
               "schema": (["type": "string"] as JSONValue).merging(.dyadPattern)]
            : ["description": "A signpost id of the dyad's case file.", "schema": ["type": "string"]]
        return described.merging(["name": .string(name), "in": "path", "required": true])
    }
}
