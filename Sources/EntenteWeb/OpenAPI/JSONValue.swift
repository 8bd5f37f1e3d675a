/// A JSON value, written as a Swift literal: the building block of the OpenAPI document, whose parts (schemas,
/// operations) are JSON of no fixed shape.
indirect enum JSONValue: Sendable, Hashable, Encodable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The members of an object; none for any other value.
    var members: [String: JSONValue] {
        if case .object(let members) = self { members } else { [:] }
    }

    /// This object with `other`'s members added: where both have a member, two objects are merged in turn and
    /// otherwise `other`'s wins.
    func merging(_ other: JSONValue) -> JSONValue {
        .object(members.merging(other.members) { old, new in
            if case .object = old, case .object = new { old.merging(new) } else { new }
        })
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(Dictionary(uniqueKeysWithValues: elements)) }
}
