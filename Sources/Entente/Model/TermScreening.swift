import EntenteCore

/// Which terms a member keeps, decided on the inner blocks of its training window: each of its own terms (the
/// clock aside) is tried without, and each term of `EnsembleMember.candidatePool` it lacks is tried with. A term
/// of its own is dropped, and a candidate added, only where the change improves the member's pooled inner log
/// score by more than one standard error (years as the units, `ScoreDifference`); its author's list is the
/// default, and the data must clearly overrule it.
public struct TermScreening: Sendable, Codable, Equatable {
    /// One trial: a term dropped from or added to the member's own list.
    public struct Trial: Sendable, Codable, Equatable {
        public enum Change: String, Sendable, Codable { case drop, add }
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
    /// Whether the member's own list was kept unchanged.
    public var unchanged: Bool { dropped.isEmpty && added.isEmpty }

    /// A plain-words line: what the screening changed.
    public var summary: String {
        guard !unchanged else { return "own terms kept (\(trials.count) changes tried)" }
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !dropped.isEmpty { parts.append("dropped " + dropped.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
