import EntenteCore
import Foundation

extension CaseSource {
    /// Where a reader can open the source: its URL, or the official address of a document known by its symbol
    /// (UN documents at undocs.org, EU acts at EUR-Lex, US executive orders and Federal Register citations at
    /// federalregister.gov, US public laws at congress.gov). Nil for a symbol of another kind.
    public var address: String? {
        if let url { return url }
        guard let symbol else { return nil }
        return Self.address(ofSymbol: symbol)
    }

    /// The official address of a document symbol, or nil when the symbol is of an unknown kind.
    public static func address(ofSymbol symbol: String) -> String? {
        let words = symbol.split(separator: " ").map(String.init)
        func number(_ text: String) -> String? { text.allSatisfy(\.isNumber) && !text.isEmpty ? text : nil }
        // UN documents: A/RES/68/262, S/2022/155, A/51/127, S/RES/2774 (2025).
        if let first = symbol.split(separator: "/").first, ["A", "S", "E", "ST"].contains(String(first)), symbol.contains("/") {
            let base = symbol.split(separator: "–").first.map(String.init) ?? symbol
            return "https://undocs.org/en/" + base.replacingOccurrences(of: " ", with: "")
                .addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
        }
        // EU acts: Council Decision 2014/145/CFSP, Council Regulation (EU) No 833/2014.
        if symbol.hasPrefix("Council Decision "), let act = words.last {
            let parts = act.split(separator: "/")
            if parts.count >= 2, let year = number(String(parts[0])), let serial = number(String(parts[1])) {
                return "https://eur-lex.europa.eu/eli/dec/\(year)/\(serial)/oj"
            }
        }
        if symbol.hasPrefix("Council Regulation"), let act = words.last {
            let parts = act.split(separator: "/")
            if parts.count == 2, let serial = number(String(parts[0])), let year = number(String(parts[1])) {
                return "https://eur-lex.europa.eu/eli/reg/\(year)/\(serial)/oj"
            }
        }
        // US: Executive Order 13660; Pub. L. 115-44, sec. 231; 87 FR 62186.
        if symbol.hasPrefix("Executive Order "), words.count >= 3, let order = number(words[2]) {
            return "https://www.federalregister.gov/executive-order/\(order)"
        }
        if symbol.hasPrefix("Pub. L. "), words.count >= 3 {
            let parts = words[2].trimmingCharacters(in: CharacterSet(charactersIn: ",")).split(separator: "-")
            if parts.count == 2, let congress = number(String(parts[0])), let law = number(String(parts[1])) {
                return "https://www.congress.gov/public-law/\(ordinal(congress))-congress/public-law/\(law)"
            }
        }
        if words.count == 3, words[1] == "FR", let volume = number(words[0]), let page = number(words[2]) {
            return "https://www.federalregister.gov/citation/\(volume)-FR-\(page)"
        }
        return nil
    }

    /// 101 → "101st", 115 → "115th".
    private static func ordinal(_ number: String) -> String {
        let value = Int(number) ?? 0
        let suffix = (11...13).contains(value % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
        return number + suffix
    }
}
