/// A piece of HTML whose escaping is settled when it is made: text is escaped, a link escapes both its address
/// and its words, and only `trusted(_:)` takes markup as it is. Builders take these, so a cell can be neither
/// left unescaped nor escaped twice.
public struct HTMLText: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The markup, ready to place in a document.
    public let markup: String

    /// Text, escaped.
    public init(_ text: String) { markup = HTMLPage.escape(text) }

    public init(stringLiteral text: String) { self.init(text) }

    private init(markup: String) { self.markup = markup }

    /// Markup built elsewhere from escaped parts (an inline chart, a list of links).
    public static func trusted(_ markup: String) -> HTMLText { HTMLText(markup: markup) }

    /// A link to `address` reading `text`.
    public static func link(_ text: String, to address: String) -> HTMLText {
        HTMLText(markup: "<a href=\"\(HTMLPage.escape(address))\">\(HTMLPage.escape(text))</a>")
    }
}

extension HTMLPage {
    /// A table with a header row, inside a box that scrolls sideways on a narrow screen rather than the page.
    public static func table(_ header: [String], _ rows: [[HTMLText]]) -> String {
        "<div class=\"scroll\"><table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            + rows.map { "<tr>" + $0.map { "<td>\($0.markup)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            + "\n</tbody></table></div>\n"
    }

    /// A table of plain text cells.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        table(header, rows.map { $0.map { HTMLText($0) } })
    }
}
