import EntenteCore

/// A type the JSON API sends or takes, named `schemaName` under the OpenAPI document's components. Its shape —
/// the properties, which of them are required (not optional), their types, nested arrays and objects — is read
/// from its `Decodable` conformance by `SchemaReader`, so that the Swift type is the only place it is written;
/// `schemaNotes` adds what a Swift type cannot say.
protocol APISchema: Decodable {
    /// The schema's name under `components/schemas`.
    static var schemaName: String { get }
    /// The description and the constraints of the schema's properties.
    static var schemaNotes: SchemaNotes { get }
}

extension APISchema {
    static var schemaNotes: SchemaNotes { SchemaNotes() }
}

/// A string enumeration the API sends: its schema lists the raw values.
protocol APIEnumeration: Decodable, CaseIterable, RawRepresentable where RawValue == String {}

extension APIEnumeration {
    /// Any case: the value `SchemaReader` decodes a property of this type as.
    static var anyCase: Self { allCases.first! }
    /// The raw values, in declaration order.
    static var rawValues: [String] { allCases.map(\.rawValue) }
}

/// What a schema says beyond its Codable shape: a description of the type and, by property name, JSON Schema
/// keywords (descriptions, ranges, patterns, the values a string takes) merged into the property's schema.
struct SchemaNotes: Sendable {
    var description: String?
    var properties: [String: JSONValue]

    /// Notes with a description and the properties' keywords.
    init(_ description: String? = nil, properties: [String: JSONValue] = [:]) {
        self.description = description
        self.properties = properties
    }
}

extension JSONValue {
    /// A probability, or any share: a number in [0, 1].
    static let probability: JSONValue = ["minimum": 0, "maximum": 1]
    /// A dyad as the API takes it: two ISO3 or COW codes.
    static let dyadPattern: JSONValue = ["pattern": "^[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}$"]

    /// Only a description.
    static func described(_ text: String) -> JSONValue { ["description": .string(text)] }

    /// A string that takes the raw values of `values`, a domain enumeration the API carries as a plain string.
    static func oneOf<Values: CaseIterable & RawRepresentable>(_ values: Values.Type) -> JSONValue where Values.RawValue == String {
        ["enum": .array(values.allCases.map { .string($0.rawValue) })]
    }
}
