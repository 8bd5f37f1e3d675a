/// An evidence item an analyst added on the team server, beside the case file's own. Stored as submitted; the
/// service layer validates it against the case file (kinds, directions, signpost ids) before it gets here.
public struct TeamEvidence: TeamRecord, Codable {
    /// Assigned by the store; 0 before the item is stored.
    public var id: Int64
    /// The dyad's lower COW code.
    public var first: Int
    /// The dyad's higher COW code.
    public var second: Int
    /// The analyst's own id for the item, unique within the dyad: posting it again is a no-op.
    public var key: String
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var date: String
    public var kind: String
    public var title: String
    public var summary: String
    /// `closer`, `apart` or `neutral`.
    public var direction: String
    /// URLs or document symbols.
    public var sources: [String]
    /// Ids of the case file's signposts the item is evidence for.
    public var signposts: [String]
    public var analyst: String
    /// ISO 8601 time the store accepted the item.
    public var submittedAt: String

    /// Creates an item.
    public init(id: Int64 = 0, first: Int, second: Int, key: String, date: String, kind: String, title: String,
                summary: String, direction: String, sources: [String], signposts: [String], analyst: String,
                submittedAt: String) {
        self.id = id
        self.first = first
        self.second = second
        self.key = key
        self.date = date
        self.kind = kind
        self.title = title
        self.summary = summary
        self.direction = direction
        self.sources = sources
        self.signposts = signposts
        self.analyst = analyst
        self.submittedAt = submittedAt
    }

    /// The conflict of submitting this item when `existing` is stored under its key.
    public func conflict(with existing: TeamEvidence) -> TeamConflict {
        TeamConflict(key: "evidence \"\(key)\" for \(first)-\(second)",
                     existing: "stored \(existing.submittedAt) by \(existing.analyst)")
    }
}

/// An analyst's probability for one of the case file's forecast questions, as of a day.
public struct TeamForecast: TeamRecord, Codable {
    /// Assigned by the store; 0 before the forecast is stored.
    public var id: Int64
    public var first: Int
    public var second: Int
    /// The case file's question id.
    public var question: String
    public var analyst: String
    /// `YYYY-MM-DD`: one forecast per analyst, question and day.
    public var date: String
    public var probability: Double
    public var submittedAt: String

    /// Creates a forecast.
    public init(id: Int64 = 0, first: Int, second: Int, question: String, analyst: String, date: String,
                probability: Double, submittedAt: String) {
        self.id = id
        self.first = first
        self.second = second
        self.question = question
        self.analyst = analyst
        self.date = date
        self.probability = probability
        self.submittedAt = submittedAt
    }

    /// The conflict of submitting this forecast when `existing` is stored under its key.
    public func conflict(with existing: TeamForecast) -> TeamConflict {
        TeamConflict(key: "\(analyst)'s forecast of \(question) on \(date)", existing: "probability \(existing.probability)")
    }
}

/// A record a team store keeps under a key: adding one whose key is taken is a no-op when the stored record says
/// the same, and a conflict when not.
public protocol TeamRecord: Hashable, Sendable {
    /// Assigned by the store; 0 before the record is stored.
    var id: Int64 { get set }
    /// When the store accepted the record.
    var submittedAt: String { get set }
    /// The conflict of submitting this record when `existing` is stored under its key.
    func conflict(with existing: Self) -> TeamConflict
}

extension TeamRecord {
    /// Whether two submissions say the same thing (ids and submission times aside).
    public func sameContent(as other: Self) -> Bool {
        var a = self, b = other
        (a.id, a.submittedAt, b.id, b.submittedAt) = (0, "", 0, "")
        return a == b
    }

    /// What adding this record did when its key was taken by `existing`: nothing when the two say the same.
    public func unchanged(given existing: Self) throws(TeamConflict) -> TeamWrite<Self> {
        guard existing.sameContent(as: self) else { throw conflict(with: existing) }
        return .unchanged(existing)
    }
}

/// What a write did: stored a new record, or found the same one already there (writes are idempotent).
public enum TeamWrite<Record: Sendable & Hashable>: Sendable, Hashable {
    case created(Record)
    case unchanged(Record)

    /// The stored record.
    public var record: Record {
        switch self {
        case .created(let record), .unchanged(let record): record
        }
    }
}

/// A write whose key is already taken by a record that says something else.
public struct TeamConflict: Error, Sendable, CustomStringConvertible {
    /// What was already stored under the key.
    public var existing: String
    /// The key, in words.
    public var key: String

    /// Creates a conflict.
    public init(key: String, existing: String) { (self.key, self.existing) = (key, existing) }

    public var description: String { "\(key) is already stored with different content (\(existing))" }
}

/// How much team data a dyad has; both counts only grow, so a pair of them identifies a state of the data.
public struct TeamRevision: Hashable, Sendable, Codable {
    public var evidence: Int
    public var forecasts: Int

    /// Creates a revision.
    public init(evidence: Int, forecasts: Int) {
        self.evidence = evidence
        self.forecasts = forecasts
    }
}

/// A dyad's team data in counts, for overviews.
public struct TeamDyadCount: Hashable, Sendable, Codable {
    public var first: Int
    public var second: Int
    public var revision: TeamRevision

    /// Creates a count.
    public init(first: Int, second: Int, revision: TeamRevision) {
        self.first = first
        self.second = second
        self.revision = revision
    }
}
