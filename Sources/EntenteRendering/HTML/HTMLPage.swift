/// The frame of every Entente HTML document, the briefing file and the server's pages alike: one style sheet,
/// readable on a phone, with charts scaled to the width; no scripts and nothing loaded from elsewhere.
public enum HTMLPage {
    /// The shared style sheet.
    public static let style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.45;color:#222}
        h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.scroll{overflow-x:auto}figure{margin:1rem 0}figure svg{width:100%;max-width:42rem;height:auto}
        figcaption{font-size:.85rem;color:#555}p,li{overflow-wrap:anywhere}
        @media (max-width:30rem){body{padding:.5rem}}
        """

    /// A whole page around `body` (already HTML); `style` is added to the shared sheet.
    public static func page(title: String, style extra: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)\(extra.isEmpty ? "" : "\n" + extra)
        </style></head><body>
        \(body)</body></html>

        """
    }

    /// Text made safe for HTML element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        // One pass over the UTF-8 bytes. Five `replacingOccurrences` calls went through UTF-16 copies in Foundation
        // on Linux and took most of a dyad page's rendering time (10 ms for one evidence item with ten long sources).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
