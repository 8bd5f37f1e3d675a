/// A pair of states. In a directed dyad the order means something (who acts on whom); a non-directed dyad is
/// kept with the lower code first so that each pair has one form.
public struct Dyad: Hashable, Sendable, Codable, CustomStringConvertible {
    public let first: CountryCode
    public let second: CountryCode

    /// A directed dyad, order kept.
    public init(directed first: CountryCode, _ second: CountryCode) {
        self.first = first
        self.second = second
    }

    /// A non-directed dyad, lower code first.
    public init(_ a: CountryCode, _ b: CountryCode) {
        self.first = min(a, b)
        self.second = max(a, b)
    }

    public var description: String { "\(first)-\(second)" }
}
