import EntenteCore

/// Which terms a member keeps, and on which scale, decided on the inner blocks of its training window: each of its
/// own terms (the clock aside) is tried without, each term of `EnsembleMember.candidatePool` it lacks is tried
/// with, and each of its own counts is tried on the other scale (ln(1 + x) for a linear one, linear for a logged
/// one; a 0/1 flag or a term with negative values stays linear). A change is made only where it improves the
/// member's pooled inner log score by more than one standard error (years as the units, `ScoreDifference`); its
/// author's list is the default, and the data must clearly overrule it.
public struct TermScreening: Sendable, Codable, Equatable {
    /// One trial: a term dropped from or added to the member's own list, or one of its own on the other scale.
    public struct Trial: Sendable, Codable, Equatable {
        public enum Change: String, Sendable, Codable {
            case drop, add
            /// `term` (an own term on the other scale) in place of the own term.
            case rescale
        }
        public var change: Change
        public var term: String
        /// The change's effect on the inner log score (nil when a fit on some block failed).
        public var difference: ScoreDifference?
        /// Whether the change was made.
        public var accepted: Bool
    }

    public var trials: [Trial]
    /// The terms the member was fitted with, in order.
    public var terms: [String]
    /// Set when the accepted changes together scored worse than the best one alone, which was kept instead.
    public var combinedRejected: Bool

    /// The accepted trials' terms by change.
    public var dropped: [String] { trials.filter { $0.accepted && $0.change == .drop }.map(\.term) }
    public var added: [String] { trials.filter { $0.accepted && $0.change == .add }.map(\.term) }
    public var rescaled: [String] { trials.filter { $0.accepted && $0.change == .rescale }.map(\.term) }
    /// Whether the member's own list was kept unchanged.
    public var unchanged: Bool { dropped.isEmpty && added.isEmpty && rescaled.isEmpty }

    /// A plain-words line: what the screening changed.
    public var summary: String {
        guard !unchanged else { return "own terms kept (\(trials.count) changes tried)" }
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !dropped.isEmpty { parts.append("dropped " + dropped.joined(separator: ", ")) }
        if !rescaled.isEmpty { parts.append("rescaled to " + rescaled.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
