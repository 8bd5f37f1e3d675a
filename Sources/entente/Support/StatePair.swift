import ArgumentParser
import Entente
import EntenteCore

/// Two states typed as `A,B` (`--dyad CHN,RUS`), each as the command line reads a state; the crosswalk resolves
/// them (`ReferenceData.dyad`).
struct StatePair: ExpressibleByArgument, Sendable {
    let first: String
    let second: String

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        (first, second) = (parts[0], parts[1])
    }
}

extension ReferenceData {
    /// The two states of a pair, or a usage error naming the one the crosswalk does not know.
    func dyad(_ pair: StatePair) throws -> (CountryCode, CountryCode) {
        (try state(pair.first), try state(pair.second))
    }
}
