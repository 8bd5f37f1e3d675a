/// Reads the JSON Schema of a `Decodable` type by decoding a placeholder value of it: every property the type's
/// `init(from:)` asks for becomes a property of the schema, required when asked with `decode` and optional when
/// asked with `decodeIfPresent` (which is how synthesised conformances ask for optionals). Named types
/// (`APISchema`) are collected as components and referred to; other structs are written inline.
final class SchemaReader {
    /// The named schemas met so far, by name.
    private(set) var components: [String: JSONValue] = [:]

    /// The schema of `type`: a reference for a named type, the schema itself otherwise.
    func schema(of type: any Decodable.Type) throws -> JSONValue {
        try placeholder(type).schema
    }

    /// A value of `type` to hand to the decoding type, and the schema of `type`.
    func placeholder<Value: Decodable>(_ type: Value.Type) throws -> (value: Value, schema: JSONValue) {
        switch type {
        case is String.Type: return ("" as! Value, ["type": "string"])
        case is Bool.Type: return (false as! Value, ["type": "boolean"])
        case is Double.Type: return (0.0 as! Value, ["type": "number"])
        case is Int.Type: return (0 as! Value, ["type": "integer"])
        case is Int64.Type: return (Int64(0) as! Value, ["type": "integer"])
        default: break
        }
        if let enumeration = type as? any APIEnumeration.Type {
            return (enumeration.anyCase as! Value, ["type": "string", "enum": .array(enumeration.rawValues.map(JSONValue.string))])
        }
        if let collection = type as? any ReadableCollection.Type {
            return (collection.empty as! Value, try collection.schema(self))
        }
        let shape = ObjectShape()
        let value = try Value(from: ShapeDecoder(reader: self, shape: shape))
        guard let named = type as? any APISchema.Type else { return (value, shape.schema) }
        return (value, try component(named.schemaName, try Self.annotated(shape, named)))
    }

    /// Keeps `schema` as the component `name` and refers to it; a name already given to another schema is an error,
    /// not a silent replacement.
    func component(_ name: String, _ schema: JSONValue) throws -> JSONValue {
        if let known = components[name], known != schema { throw SchemaReadingFailed("two different schemas are named \(name)") }
        components[name] = schema
        return ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// The shape with the type's notes added; every note must name one of its properties.
    private static func annotated(_ shape: ObjectShape, _ type: any APISchema.Type) throws -> JSONValue {
        let notes = type.schemaNotes
        if let unknown = notes.properties.keys.sorted().first(where: { !shape.names.contains($0) }) {
            throw SchemaReadingFailed("\(type.schemaName)'s notes name \(unknown), which is not one of its properties")
        }
        var schema = shape.schema.merging(["properties": .object(notes.properties)])
        if let description = notes.description { schema = schema.merging(["description": .string(description)]) }
        return schema
    }
}

/// A type `SchemaReader` could not read.
struct SchemaReadingFailed: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The properties an object's `init(from:)` asked for, in the order it asked.
private final class ObjectShape {
    var names: [String] = []
    var schemas: [String: JSONValue] = [:]
    var optional: Set<String> = []

    var schema: JSONValue {
        var schema: JSONValue = ["type": "object", "additionalProperties": false, "properties": .object(schemas)]
        let required = names.filter { !optional.contains($0) }
        if !required.isEmpty { schema = schema.merging(["required": .array(required.map(JSONValue.string))]) }
        return schema
    }
}

/// Arrays and string-keyed dictionaries, whose schema is that of their elements: decoding one from nothing would
/// ask for no element.
private protocol ReadableCollection {
    static var empty: Self { get }
    static func schema(_ reader: SchemaReader) throws -> JSONValue
}

extension Array: ReadableCollection where Element: Decodable {
    fileprivate static var empty: Self { [] }
    fileprivate static func schema(_ reader: SchemaReader) throws -> JSONValue {
        ["type": "array", "items": try reader.schema(of: Element.self)]
    }
}

extension Dictionary: ReadableCollection where Key == String, Value: Decodable {
    fileprivate static var empty: Self { [:] }
    fileprivate static func schema(_ reader: SchemaReader) throws -> JSONValue {
        ["type": "object", "additionalProperties": try reader.schema(of: Value.self)]
    }
}

/// The decoder `SchemaReader` hands a type: it only has keyed containers, which record what they are asked.
private struct ShapeDecoder: Decoder {
    let reader: SchemaReader
    let shape: ObjectShape
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ShapeContainer(reader: reader, shape: shape))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.unreadable }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Self.unreadable }

    static let unreadable = SchemaReadingFailed("""
        SchemaReader reads structs of properties, arrays, string-keyed dictionaries, strings, numbers, booleans and \
        APIEnumerations
        """)
}

/// Records each property asked for: `decodeIfPresent` first asks `decodeNil`, which marks the property optional.
private struct ShapeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: SchemaReader
    let shape: ObjectShape
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        shape.optional.insert(key.stringValue)
        return false
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value { try property(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try property(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try property(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try property(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try property(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try property(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try property(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try property(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try property(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try property(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try property(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try property(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try property(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try property(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try property(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw ShapeDecoder.unreadable
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw ShapeDecoder.unreadable }
    func superDecoder() throws -> any Decoder { throw ShapeDecoder.unreadable }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw ShapeDecoder.unreadable }

    private func property<Value: Decodable>(_ type: Value.Type, _ key: Key) throws -> Value {
        let (value, schema) = try reader.placeholder(type)
        if !shape.names.contains(key.stringValue) { shape.names.append(key.stringValue) }
        shape.schemas[key.stringValue] = schema
        return value
    }
}
