import EntenteCore
import EntenteStore
import Foundation

/// An evidence item as an analyst submits it to the team server.
public struct EvidenceSubmission: Sendable, Codable, Hashable {
    /// The dyad (`CHN-RUS`, `710-365`); absent when the address names it.
    public var dyad: String?
    /// The analyst's id for the item: lower-case letters, digits and hyphens, unique within the dyad.
    public var id: String
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, not in the future.
    public var date: String
    public var kind: String
    public var title: String
    public var summary: String?
    /// `closer`, `apart` or `neutral`.
    public var direction: String
    /// One to ten http(s) addresses or document symbols.
    public var sources: [String]
    /// The case file's signposts the item is evidence for.
    public var signposts: [String]?

    /// Creates a submission.
    public init(dyad: String? = nil, id: String, date: String, kind: String, title: String, summary: String? = nil,
                direction: String, sources: [String], signposts: [String]? = nil) {
        (self.dyad, self.id, self.date, self.kind, self.title) = (dyad, id, date, kind, title)
        (self.summary, self.direction, self.sources, self.signposts) = (summary, direction, sources, signposts)
    }
}

/// An analyst's probability for one of a case file's forecast questions.
public struct ForecastSubmission: Sendable, Codable, Hashable {
    /// The dyad (`CHN-RUS`, `710-365`).
    public var dyad: String
    /// The case file's question id.
    public var question: String
    /// In [0.001, 0.999]: a certainty cannot be scored by the log score.
    public var probability: Double
    /// `YYYY-MM-DD`, not in the future and not after the question closes; today when absent.
    public var date: String?

    /// Creates a submission.
    public init(dyad: String, question: String, probability: Double, date: String? = nil) {
        self.dyad = dyad
        self.question = question
        self.probability = probability
        self.date = date
    }
}

/// One thing wrong with a submission: the field (a JSON path such as `sources[2]`) and what is wrong with it.
public struct SubmissionProblem: Sendable, Codable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String

    /// Creates a problem.
    public init(field: String, message: String) { (self.field, self.message) = (field, message) }

    public var description: String { "\(field): \(message)" }
}

/// A submission with problems: all of them, so that the analyst can fix them in one go.
public struct SubmissionRejected: Error, Sendable, CustomStringConvertible {
    public var problems: [SubmissionProblem]

    /// Creates the error.
    public init(_ problems: [SubmissionProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

/// A dyad the server cannot show: unknown codes, one state twice, or a pair not in the state system.
public struct UnknownDyad: Error, Sendable, CustomStringConvertible {
    /// What was asked for.
    public var text: String
    /// Why it is not a dyad here.
    public var reason: String

    /// Creates the error.
    public init(_ text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "no dyad \"\(text)\": \(reason)" }
}

/// A forecast for a question the dyad's case file does not ask.
public struct UnknownQuestion: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The rules a team's submissions are held to before they reach the store.
public enum SubmissionRules {
    /// The most sources an evidence item may cite.
    public static let maximumSources = 10
    /// The longest title, in characters.
    public static let maximumTitle = 200
    /// The longest summary, in characters.
    public static let maximumSummary = 4_000
    /// The longest source, in characters.
    public static let maximumSource = 500
    /// The probabilities a forecast may give: a certainty cannot be scored by the log score.
    public static let probabilities = 0.001...0.999

    /// Checks an evidence item against the dyad's case file; returns the record to store.
    static func evidence(_ item: EvidenceSubmission, dyad: Dyad, caseFile: CaseFile?, analyst: String, now: Date) throws -> TeamEvidence {
        var problems: [SubmissionProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(SubmissionProblem(field: field, message: message)) }
        if !isSlug(item.id) { problem("id", "use 1–64 lower-case letters, digits and hyphens, starting with a letter or digit") }
        let taken = caseFile?.evidence.contains(where: { $0.id == item.id }) == true
        if let date = EvidenceDate(item.date) {
            if date.firstDay > CalendarDate(now) { problem("date", "\(item.date) is in the future") }
        } else {
            problem("date", "expected YYYY, YYYY-MM or YYYY-MM-DD, a real date")
        }
        if EvidenceKind(rawValue: item.kind) == nil {
            problem("kind", "expected one of " + EvidenceKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if EvidenceDirection(rawValue: item.direction) == nil {
            problem("direction", "expected one of " + EvidenceDirection.allCases.map(\.rawValue).joined(separator: ", "))
        }
        text(item.title, field: "title", limit: maximumTitle, required: true, lines: false, problem)
        text(item.summary ?? "", field: "summary", limit: maximumSummary, required: false, lines: true, problem)
        if !(1...maximumSources).contains(item.sources.count) { problem("sources", "give 1–\(maximumSources) sources") }
        for (index, source) in item.sources.enumerated() {
            let field = "sources[\(index)]"
            text(source, field: field, limit: maximumSource, required: true, lines: false, problem)
            // Anything that looks like an address must be a usable web address; the rest are document symbols.
            if source.lowercased().hasPrefix("http") || source.contains("://"), !isWebAddress(source) {
                problem(field, "not an http or https address")
            }
        }
        let known = Set(caseFile?.signposts.map(\.id) ?? [])
        for (index, signpost) in (item.signposts ?? []).enumerated() where !known.contains(signpost) {
            problem("signposts[\(index)]", known.isEmpty ? "this dyad's case file has no signposts"
                : "no signpost \"\(signpost)\"; the case file has " + known.sorted().joined(separator: ", "))
        }
        if Set(item.signposts ?? []).count != (item.signposts ?? []).count { problem("signposts", "a signpost is listed twice") }
        // An id the case file uses is a clash with an existing item (409) when nothing else is wrong.
        if taken && problems.isEmpty { throw TeamConflict(key: "evidence \"\(item.id)\"", existing: "an item of the shipped case file") }
        if taken { problem("id", "the case file already has an item \"\(item.id)\"; choose another id") }
        guard problems.isEmpty else { throw SubmissionRejected(problems) }
        return TeamEvidence(first: dyad.first.rawValue, second: dyad.second.rawValue, key: item.id, date: item.date, kind: item.kind,
                            title: item.title, summary: item.summary ?? "", direction: item.direction, sources: item.sources,
                            signposts: item.signposts ?? [], analyst: analyst, submittedAt: timestamp(now))
    }

    /// Checks a forecast against the dyad's case file; returns the record to store.
    static func forecast(_ item: ForecastSubmission, dyad: Dyad, caseFile: CaseFile?, analyst: String, now: Date) throws -> TeamForecast {
        var problems: [SubmissionProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(SubmissionProblem(field: field, message: message)) }
        let question = caseFile?.questions.first { $0.id == item.question }
        let ids = caseFile?.questions.map(\.id) ?? []
        let unknown = ids.isEmpty ? "this dyad's case file has no forecast questions"
            : "no question \"\(item.question)\"; the case file has " + ids.joined(separator: ", ")
        if !probabilities.contains(item.probability) {
            problem("probability", "expected a number in [\(probabilities.lowerBound), \(probabilities.upperBound)]")
        }
        let today = CalendarDate(now)
        var day = today
        if let text = item.date {
            if let date = EvidenceDate(text), let exact = date.calendarDate {
                day = exact
                if exact > today { problem("date", "\(text) is in the future") }
            } else {
                problem("date", "expected YYYY-MM-DD, a real date")
            }
        }
        if let question {
            if question.resolution != nil { problem("question", "\(question.id) has resolved; it takes no more forecasts") }
            if day > question.closes { problem("date", "\(question.id) closed on \(question.closes)") }
        } else if problems.isEmpty {
            throw UnknownQuestion(message: unknown)
        } else {
            problem("question", unknown)
        }
        guard problems.isEmpty else { throw SubmissionRejected(problems) }
        return TeamForecast(first: dyad.first.rawValue, second: dyad.second.rawValue, question: item.question, analyst: analyst,
                            date: day.description, probability: item.probability, submittedAt: timestamp(now))
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return ["http", "https"].contains(scheme) && !host.isEmpty
    }

    static func isSlug(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count), let first = text.utf8.first, first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// Free text: within its length, and no control characters (newlines only where `lines`).
    private static func text(_ value: String, field: String, limit: Int, required: Bool, lines: Bool,
                             _ problem: (String, String) -> Void) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { problem(field, "must not be empty") }
        if value.count > limit { problem(field, "longer than \(limit) characters") }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(lines && ($0 == "\n" || $0 == "\t")) }) {
            problem(field, lines ? "contains control characters other than newlines and tabs" : "contains control characters or line breaks")
        }
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

extension CalendarDate {
    /// The UTC day of `date`.
    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
