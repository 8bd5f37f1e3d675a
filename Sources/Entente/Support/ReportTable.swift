import EntenteCore
import Foundation

/// How results are printed.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for people.
    case table
    /// RFC 4180 CSV with a header, for R, Stata and pandas.
    case csv
    /// An array of objects keyed by column name, for scripts.
    case json
}

/// A result to print: named columns and typed rows.
public struct ReportTable: Sendable {
    public var columns: [String]
    public var rows: [[FieldValue]]

    /// Creates a report.
    public init(columns: [String], rows: [[FieldValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The report as text in the format.
    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: renderTable()
        case .csv: renderCSV()
        case .json: renderJSON()
        }
    }

    private func text(_ value: FieldValue) -> String { Self.text(value) }

    /// A value as CSV and the table print it: integers as integers, whole reals with one decimal.
    static func text(_ value: FieldValue) -> String {
        switch value {
        case .null: ""
        case .integer(let number): String(number)
        case .real(let number): number.rounded() == number && abs(number) < 1e15 ? String(format: "%.1f", number) : "\(number)"
        case .text(let text): text
        }
    }

    private func renderTable() -> String {
        // People read six significant digits; CSV and JSON keep every digit.
        let cells = rows.map { row in
            row.map { value in
                if case .real(let number) = value, number.rounded() != number || abs(number) >= 1e15 {
                    return String(format: "%.6g", number)
                }
                return text(value)
            }
        }
        var widths = columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = min(max(widths[index], cell.count), 60) }
        }
        func line(_ values: [String], numeric: [Bool]) -> String {
            values.enumerated().map { index, value in
                let clipped = value.count > widths[index] ? String(value.prefix(widths[index] - 1)) + "…" : value
                let padding = String(repeating: " ", count: widths[index] - clipped.count)
                return numeric[index] ? padding + clipped : clipped + padding
            }.joined(separator: "  ")
        }
        let numeric = columns.indices.map { index in
            rows.contains { if case .text = $0[index] { false } else { true } }
                && !rows.contains { if case .text = $0[index] { true } else { false } }
        }
        var output = [line(columns, numeric: numeric), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        output += cells.map { line($0, numeric: numeric) }
        output.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return output.joined(separator: "\n") + "\n"
    }

    private func renderCSV() -> String {
        Self.csvRecord(columns) + rows.map(Self.csvRecord).joined()
    }

    private func renderJSON() -> String {
        let objects = rows.map { "  " + Self.jsonObject(columns: columns, values: $0) }
        return "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
    }

    /// One RFC 4180 record with its line end: fields holding a comma, a quote or a line break are quoted.
    public static func csvRecord(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }

    /// One record of values, as `csvRecord`.
    public static func csvRecord(_ values: [FieldValue]) -> String { csvRecord(values.map(text)) }

    /// One row as a JSON object keyed by column name; non-finite numbers are null.
    public static func jsonObject(columns: [String], values: [FieldValue]) -> String {
        func json(_ value: FieldValue) -> String {
            switch value {
            case .null: return "null"
            case .integer(let number): return String(number)
            case .real(let number): return number.isFinite ? "\(number)" : "null"
            case .text(let text): return jsonString(text)
            }
        }
        return "{" + zip(columns, values).map { "\(jsonString($0)): \(json($1))" }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
