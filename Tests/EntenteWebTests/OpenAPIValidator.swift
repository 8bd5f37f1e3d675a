import Foundation

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: the subset of JSON Schema the document
/// uses (type, properties, required, additionalProperties, items, enum, $ref, minimum/maximum, minItems/maxItems,
/// minLength/maxLength, pattern). Returns every violation with its JSON path.
// The parsed document is never mutated after init, so sharing it between tests is safe.
struct OpenAPIValidator: @unchecked Sendable {
    let document: [String: Any]

    init(data: Data) throws {
        document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The schema of the response `status` of `method` on `path` (the document's path template).
    func responseSchema(_ method: String, _ path: String, status: Int) -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method.lowercased()] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        return ((response?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }

    /// The violations of `data` (JSON text) against `schema`.
    func violations(_ data: Data, _ schema: [String: Any]) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return ["$: not JSON"] }
        var found: [String] = []
        check(value, schema, "$", &found)
        return found
    }

    /// JSONSerialization gives booleans and numbers alike as NSNumber; only the boolean's class tells them apart.
    private static func isBoolean(_ value: Any) -> Bool {
        value is NSNumber && String(describing: type(of: value)).contains("Boolean")
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = ref.replacingOccurrences(of: "#/components/schemas/", with: "")
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return resolve(schemas?[name] as? [String: Any] ?? ["not": "found \(ref)"])
    }

    private func check(_ value: Any, _ raw: [String: Any], _ path: String, _ found: inout [String]) {
        let schema = resolve(raw)
        if schema["not"] != nil { found.append("\(path): unresolvable schema \(schema["not"]!)"); return }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(path): \(value) not in \(allowed)")
        }
        let number = Self.isBoolean(value) ? nil : (value as? NSNumber)?.doubleValue
        if let minimum = schema["minimum"] as? Double, let number, number < minimum { found.append("\(path): \(number) < \(minimum)") }
        if let maximum = schema["maximum"] as? Double, let number, number > maximum { found.append("\(path): \(number) > \(maximum)") }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { found.append("\(path): expected an object"); return }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path).\(key): required, missing") }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    check(item, property, "\(path).\(key)", &found)
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    check(item, extra, "\(path).\(key)", &found)
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(path).\(key): not in the schema")
                }
            }
        case "array":
            guard let array = value as? [Any] else { found.append("\(path): expected an array"); return }
            if let minimum = schema["minItems"] as? Int, array.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            if let maximum = schema["maxItems"] as? Int, array.count > maximum { found.append("\(path): more than \(maximum) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { check(item, items, "\(path)[\(index)]", &found) }
            }
        case "string":
            guard let string = value as? String else { found.append("\(path): expected a string"); return }
            if let minimum = schema["minLength"] as? Int, string.count < minimum { found.append("\(path): shorter than \(minimum)") }
            if let maximum = schema["maxLength"] as? Int, string.count > maximum { found.append("\(path): longer than \(maximum)") }
            if let pattern = schema["pattern"] as? String, string.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \(string) does not match \(pattern)")
            }
        case "integer":
            if number == nil || number!.rounded() != number! { found.append("\(path): expected an integer, found \(value)") }
        case "number":
            if number == nil { found.append("\(path): expected a number, found \(value)") }
        case "boolean":
            if !Self.isBoolean(value) { found.append("\(path): expected a boolean") }
        default:
            break
        }
    }
}
