import ArgumentParser
import Entente
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

/// Outcomes are read by name or by panel column (`AllianceOutcome(named:)`). The options' help lists the ones each
/// accepts, so the parser adds no list of its own.
extension AllianceOutcome: ExpressibleByArgument {
    public init?(argument: String) { self.init(named: argument) }

    public static var allValueStrings: [String] { [] }
}

/// A named specification a user can start from (`ModelSpecification.named`: default, historical).
struct SpecificationName: ExpressibleByArgument, Sendable {
    let name: String
    let specification: ModelSpecification

    init?(argument: String) {
        guard let specification = ModelSpecification.named[argument] else { return nil }
        (name, self.specification) = (argument, specification)
    }
}

/// Forecast horizons typed as whole numbers of years, comma-separated (`1,5,10`).
struct HorizonList: ExpressibleByArgument, Sendable {
    let years: [Int]

    init(_ years: [Int]) { self.years = years }

    init?(argument: String) {
        let years = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !years.isEmpty, years.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        self.years = years.compactMap { $0 }
    }

    var defaultValueDescription: String { years.map(String.init).joined(separator: ",") }
}

/// Panel columns typed as names, comma-separated (`--columns un_agree,cinc1`); a command checks them against its
/// panel's columns (`PanelColumnName`) in `validate()`, so that every unknown name is reported at once.
struct ColumnList: ExpressibleByArgument, Sendable {
    let names: [String]

    init?(argument: String) {
        names = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { return nil }
    }

    /// A usage error listing the names not in `known`, pointing at the codebook `describe` prints.
    func check(against known: [PanelColumnName], describe: String) throws {
        let unknown = names.filter { name in !known.contains { $0.rawValue == name } }
        guard unknown.isEmpty else { throw ValidationError("unknown column(s): \(unknown.joined(separator: ", ")); see \(describe)") }
    }
}

/// The configurations an ensemble's inner validation chooses from, as λ:window pairs, comma-separated
/// (`1:0,30:5,30:t10`; window 0: no system rate; `t` before the window: the rate of new bilateral treaties).
struct ConfigurationGrid: ExpressibleByArgument, Sendable {
    let configurations: [MemberConfiguration]

    init?(argument: String) {
        var configurations: [MemberConfiguration] = []
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let l2 = Double(parts[0]), l2 >= 0, l2.isFinite else { return nil }
            let treaties = parts[1].hasPrefix("t")
            guard let window = Int(parts[1].dropFirst(treaties ? 1 : 0)), window >= 0, !(treaties && window == 0) else { return nil }
            configurations.append(MemberConfiguration(l2Penalty: l2, systemWindow: window == 0 ? nil : window,
                                                      counting: treaties ? .bilateralTreaties : .dyadOnsets))
        }
        self.configurations = configurations
    }
}
