import ArgumentParser
import EntenteCore

/// How many simulated coefficient draws an interval rests on.
struct DrawCount: ExpressibleByArgument, Sendable {
    /// At least 100 so that the 5% and 95% points of a 90% interval fall between draws rather than on the
    /// extremes; at most 100,000, which keeps a briefing's memory in bounds.
    static let range = 100...100_000
    static let standard = DrawCount(checked: 2_000)

    let value: Int

    private init(checked value: Int) { self.value = value }

    init?(argument: String) {
        guard let value = Int(argument), Self.range.contains(value) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { String(value) }
}

extension StateSystemKind: ExpressibleByArgument {}
