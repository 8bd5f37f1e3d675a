import Foundation

/// How numbers read in briefings, pages and charts: one set of formats so that the same number never reads two
/// ways. Independent of the locale, so the files are the same on every machine.
public enum NumberText {
    /// A probability or share as a percentage with `digits` decimals: 0.01722 → "1.72%".
    public static func percent(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(max(0, digits))f%%", 100 * value)
    }

    /// A whole number with thousands separated by commas: 2000 → "2,000".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// A value with `digits` decimals, or an en dash when there is none.
    public static func decimal(_ value: Double?, digits: Int = 3) -> String {
        value.map { String(format: "%.\(max(0, digits))f", $0) } ?? "–"
    }
}
