import ArgumentParser

/// Years typed as FIRST-LAST (`1816-2018`), or FIRST- for an open end (`1816-`), from 1816 on: the first year
/// the state system and the data reach.
struct YearSpan: ExpressibleByArgument, Sendable, CustomStringConvertible {
    static let earliest = 1816

    let first: Int
    /// The last year; nil for an open end.
    let last: Int?

    init(_ first: Int, _ last: Int?) {
        (self.first, self.last) = (first, last)
    }

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Int(parts[0]), first >= Self.earliest else { return nil }
        let last = Int(parts[1])
        guard parts[1].isEmpty || last.map({ first <= $0 }) == true else { return nil }
        self.init(first, last)
    }

    var description: String { "\(first)-\(last.map(String.init) ?? "")" }

    var defaultValueDescription: String { description }

    /// The span as a range of years, or a usage error naming `option` when its end is open.
    func closed(_ option: String) throws -> ClosedRange<Int> {
        guard let last else { throw ValidationError("\(option) must be FIRST-LAST, with a last year: \(self)") }
        return first...last
    }
}
