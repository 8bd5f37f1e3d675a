import EntenteCore
import Foundation

/// A parsed JSON value. Decoded through `Decodable` because it keeps booleans and numbers apart.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The JSON type's name, for messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The fields of one JSON object, read with the item's label so that every problem names the item and the field.
struct Fields {
    let values: [String: JSONValue]
    let item: String?
    let check: CaseFileCheck

    func report(_ field: String, _ message: String) { check.report(item, field, message) }

    /// Whether the field is present and not null.
    func has(_ name: String) -> Bool {
        switch values[name] {
        case nil, .null?: false
        default: true
        }
    }

    func rejectUnknown(_ known: Set<String>) {
        for name in values.keys.sorted() where !known.contains(name) {
            report(name, "unknown field (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The value, or nil with a problem when it is required and missing (null counts as missing).
    private func value(_ name: String, required: Bool) -> JSONValue? {
        switch values[name] {
        case nil, .null?:
            if required { report(name, "a value is required") }
            return nil
        case let value?:
            return value
        }
    }

    func string(_ name: String, required: Bool = true) -> String? {
        guard let value = value(name, required: required) else { return nil }
        guard case .string(let text) = value else {
            report(name, "expected a string, found \(value.typeName)")
            return nil
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(name, "the text is empty")
            return nil
        }
        return text
    }

    func number(_ name: String, required: Bool = true) -> Double? {
        guard let value = value(name, required: required) else { return nil }
        guard case .number(let number) = value else {
            report(name, "expected a number, found \(value.typeName)")
            return nil
        }
        return number
    }

    func integer(_ name: String, in range: ClosedRange<Int>, required: Bool = true) -> Int? {
        guard let number = number(name, required: required) else { return nil }
        guard let whole = Int(exactly: number) else {
            report(name, "expected a whole number, found \(CaseFileCheck.format(number))")
            return nil
        }
        guard range.contains(whole) else {
            report(name, "\(whole) is outside \(range.lowerBound)–\(range.upperBound)")
            return nil
        }
        return whole
    }

    /// A probability strictly between 0 and 1: 0 and 1 would make a likelihood ratio or a log score infinite.
    func probability(_ name: String) -> Double? {
        guard let number = number(name) else { return nil }
        guard number > 0 && number < 1 else {
            report(name, "a probability must lie strictly between 0 and 1, found \(CaseFileCheck.format(number))")
            return nil
        }
        return number
    }

    func id() -> String? {
        guard let id = string("id") else { return nil }
        guard CaseFileCheck.isSlug(id) else {
            report("id", "\"\(id)\" must be lower-case letters and digits joined by hyphens")
            return nil
        }
        return id
    }

    func date(_ name: String, required: Bool = true) -> CalendarDate? {
        guard let text = string(name, required: required) else { return nil }
        guard let date = EvidenceDate(text)?.calendarDate else {
            report(name, "\"\(text)\" is not a date YYYY-MM-DD")
            return nil
        }
        return date
    }

    func evidenceDate(_ name: String) -> EvidenceDate? {
        guard let text = string(name) else { return nil }
        guard let date = EvidenceDate(text) else {
            report(name, "\"\(text)\" is not a date YYYY, YYYY-MM or YYYY-MM-DD")
            return nil
        }
        return date
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, required: Bool = true) -> T?
    where T.RawValue == String {
        guard let text = string(name, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            report(name, "\"\(text)\" is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    func array(_ name: String, required: Bool = true) -> [JSONValue]? {
        guard let value = value(name, required: required) else { return nil }
        guard case .array(let elements) = value else {
            report(name, "expected an array, found \(value.typeName)")
            return nil
        }
        return elements
    }

    func object(_ name: String) -> [String: JSONValue]? {
        guard let value = value(name, required: true) else { return nil }
        guard case .object(let object) = value else {
            report(name, "expected an object, found \(value.typeName)")
            return nil
        }
        return object
    }

    func strings(_ name: String, required: Bool) -> [String]? {
        guard let elements = array(name, required: required) else { return nil }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                report(name, "element \(index) must be a non-empty string, found \(CaseFileCheck.show(element))")
                return nil
            }
            result.append(text)
        }
        return result
    }

    /// Ids that must name entries elsewhere in the file; a required list must not be empty.
    func citations(_ name: String, known: Set<String>, what: String, required: Bool) -> [String]? {
        guard let ids = strings(name, required: required) else { return nil }
        if required && ids.isEmpty { report(name, "at least one \(what) is required") }
        var ok = !(required && ids.isEmpty)
        for id in ids where !known.contains(id) {
            report(name, "no \(what) has the id \"\(id)\"")
            ok = false
        }
        if Set(ids).count != ids.count { report(name, "an id is listed twice") }
        return ok ? ids : nil
    }
}
