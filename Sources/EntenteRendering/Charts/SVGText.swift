import Foundation

/// Text helpers shared by the SVG charts, so every chart escapes and rounds the same way.
enum SVGText {
    /// Text made safe for SVG element content and attribute values: the same escaping as HTML's.
    static func escape(_ text: String) -> String { HTMLPage.escape(text) }

    /// A coordinate or length to one decimal: finer than a pixel, and it keeps the files small and stable.
    static func number(_ value: Double) -> String { String((value * 10).rounded() / 10) }

    /// The opening of a chart's SVG document and its accessible title, which every chart shares.
    static func opening(width: Double, height: Double, title: String, fontSize: Int = 11) -> [String] {
        ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"sans-serif\" font-size=\"\(fontSize)\">",
         "<title>\(escape(title))</title>"]
    }
}
