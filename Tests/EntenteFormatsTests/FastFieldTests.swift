import Testing
@testable import EntenteFormats

@Suite struct FastFieldTests {
    func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { FastField.integer($0) }
    }

    /// Every field an ID or date column can hold, against Swift's own integer parsing: lengths around the
    /// eight-digit word, a sign, and a non-digit at each position (including the bytes just past '9' and before '0').
    @Test func integersEqualSwiftsParsing() {
        var generator = SystemRandomNumberGenerator()
        let intruders: [Character] = ["/", ":", "?", "a", " ", "-", "+", "."]
        for length in 0...20 {
            for _ in 0..<300 {
                var text = String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
                if Bool.random(using: &generator) { text = "-" + text }
                if length > 0 && Int.random(in: 0..<3, using: &generator) == 0 {
                    var characters = Array(text)
                    characters[Int.random(in: 0..<characters.count, using: &generator)] = intruders.randomElement(using: &generator)!
                    text = String(characters)
                }
                let expected = text.utf8.count < 19 && !text.hasPrefix("+") ? Int64(text) : nil
                #expect(parse(text) == expected, "\(text)")
            }
        }
        #expect(parse("20240819") == 20_240_819)
        #expect(parse("1190543121") == 1_190_543_121)
        #expect(parse("-00000042") == -42)
        #expect(parse("99999999") == 99_999_999)
    }
}
