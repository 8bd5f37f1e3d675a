import Foundation

/// Text helpers shared by the SVG charts, so every chart escapes and rounds the same way.
enum SVGText {
    /// Text made safe for SVG element content and attribute values.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A coordinate or length to one decimal: finer than a pixel, and it keeps the files small and stable.
    static func number(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
