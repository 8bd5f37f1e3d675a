import Foundation

/// Text helpers shared by the SVG charts, so every chart escapes and rounds the same way.
enum SVGText {
    /// Text made safe for SVG element content and attribute values: the same escaping as HTML's.
    static func escape(_ text: String) -> String { HTMLPage.escape(text) }

    /// A coordinate or length to one decimal: finer than a pixel, and it keeps the files small and stable.
    static func number(_ value: Double) -> String { String((value * 10).rounded() / 10) }

    /// The opening of a chart's SVG document of `width` × `height` (its body's size): the accessible title and the
    /// visible bold one, word-wrapped onto as many lines as it needs so that a long pair's name never runs past the
    /// frame. The body follows in a group moved down by the extra lines; `closing` ends both.
    static func opening(width: Double, height: Double, title: String, fontSize: Int = 15) -> [String] {
        let lines = wrapped(title, width: width - 16, fontSize: 17)
        let extra = Double(lines.count - 1) * 21
        return ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height + extra))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"sans-serif\" font-size=\"\(fontSize)\">",
                "<title>\(escape(title))</title>"]
            + lines.enumerated().map { index, line in
                "<text x=\"8\" y=\"\(number(22 + Double(index) * 21))\" font-size=\"17\" font-weight=\"bold\">\(escape(line))</text>"
            }
            + ["<g transform=\"translate(0 \(number(extra)))\">"]
    }

    /// The end of a chart that `opening` began.
    static let closing = "</g>\n</svg>"

    /// `text` broken at spaces into lines no wider than `width` at `fontSize`, judged at 0.6 em a character
    /// (bold sans-serif runs a little under that on average).
    static func wrapped(_ text: String, width: Double, fontSize: Double) -> [String] {
        let fits = max(1, Int(width / (0.6 * fontSize)))
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > fits {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}
