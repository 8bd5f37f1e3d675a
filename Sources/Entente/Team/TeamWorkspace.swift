import EntenteCore
import EntenteStore
import Foundation

/// One dyad as the team sees it: the briefing read against the case file with the team's evidence and
/// forecasts added, and those additions themselves.
public struct DyadView: Sendable {
    public var dyad: Dyad
    /// ISO 3166 alpha-3 codes of the two states (`first`, `second` order), falling back to COW codes.
    public var codes: (first: String, second: String)
    public var briefing: Briefing
    /// Everything the team added, oldest first.
    public var teamEvidence: [TeamEvidence]
    public var teamForecasts: [TeamForecast]
    /// The state of the team's data the view was made from.
    public var revision: TeamRevision
    /// Stored items the briefing could not read (written around the API's checks), with the reason.
    public var problems: [String]
    /// Set when the team store could not be read: why (`TeamStoreUnavailable.reason`). The view then holds what was
    /// last read from the store, or the briefing without the team's additions.
    public var storeUnavailable: String? = nil

    /// The dyad's address form, `CHN-RUS`: the two codes in COW order.
    public var slug: String { "\(codes.first)-\(codes.second)" }
}

/// What a team's server shows and accepts: the watch list, each dyad's briefing kept current with what the
/// team adds, and the shared store those additions go to. The data side (model, latest panel rows, watch-list
/// histories) comes from a snapshot, so a server needs no imported datasets.
public actor TeamWorkspace {
    /// The derived data the briefings read.
    public nonisolated let snapshot: Snapshot
    public nonisolated let reference: ReferenceData
    /// Where the team's evidence and forecasts live.
    public nonisolated let store: any TeamStore
    private let draws: Int
    private let loader: CaseFileLoader
    /// The pairs the snapshot's latest rows cover: the dyads a briefing can be made for.
    private nonisolated let pairs: Set<Dyad>
    /// Briefings without team data, computed once per dyad (the costly part: forecast draws and scenarios).
    private var bases: [Dyad: Task<Briefing, any Error>] = [:]
    private var views: [Dyad: DyadView] = [:]
    private var caseFiles: [Dyad: CaseFile?] = [:]
    /// How long a revision read from the store is trusted before it is read again.
    public nonisolated let freshness: Duration
    private var revisions: [Dyad: (TeamRevision, ContinuousClock.Instant)] = [:]
    private var everyRevision: ([Dyad: TeamRevision], ContinuousClock.Instant)?
    /// Writes made through this workspace; a revision read while one completed is not kept.
    private var writes = 0
    /// The most evidence items, and the most forecasts, one analyst may add to one dyad.
    public nonisolated let itemLimit: Int
    /// `itemLimit` unless told otherwise: rendering stays in milliseconds however keen one token is.
    public static let standardItemLimit = 200

    /// A workspace over `snapshot` and `store`, with the case files in `cases` (the tool's `Data/cases`, or nil for
    /// none); `draws` coefficient draws per forecast. A revision read from the
    /// store is trusted for `freshness`: this workspace's own writes show at once, a write through another
    /// server on the same database within that time; zero reads the store on every request.
    /// One analyst may add at most `itemLimit` evidence items and `itemLimit` forecasts to a dyad.
    public init(snapshot: Snapshot, reference: ReferenceData, cases: URL?, store: any TeamStore, draws: Int = 2_000,
                freshness: Duration = .zero, itemLimit: Int = TeamWorkspace.standardItemLimit) {
        self.freshness = freshness
        self.itemLimit = itemLimit
        self.snapshot = snapshot
        self.reference = reference
        self.store = store
        self.draws = draws
        loader = CaseFileLoader(reference: reference, cases: cases)
        pairs = Set(zip(snapshot.latest.ccode1, snapshot.latest.ccode2).map { Dyad(CountryCode(Int($0)), CountryCode(Int($1))) })
    }

    /// The watch list, in its order.
    public nonisolated var watchList: [Dyad] {
        snapshot.dyads.map { Dyad(CountryCode($0.ccode1), CountryCode($0.ccode2)) }
    }

    /// The dyad an address names (`CHN-RUS`, `rus-chn`, `710-365`), if the snapshot can brief on it.
    public nonisolated func dyad(_ text: String) throws -> Dyad {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            throw UnknownDyad(text, reason: "expected two ISO3 or COW codes joined by a hyphen, such as CHN-RUS or 710-365")
        }
        let codes = parts.map { reference.crosswalk.code(written: String($0)) }
        guard let a = codes[0], let b = codes[1] else {
            throw UnknownDyad(text, reason: "unknown country code \(codes[0] == nil ? parts[0] : parts[1])")
        }
        guard a != b else { throw UnknownDyad(text, reason: "a dyad needs two different states") }
        let dyad = Dyad(a, b)
        guard pairs.contains(dyad) else {
            throw UnknownDyad(text, reason: "the two were not both states in the system in the data's last year")
        }
        return dyad
    }

    /// A dyad's ISO3 codes, falling back to COW numbers.
    public nonisolated func codes(_ dyad: Dyad) -> (first: String, second: String) {
        func code(_ c: CountryCode) -> String { reference.crosswalk.countries[c]?.iso3 ?? c.description }
        return (code(dyad.first), code(dyad.second))
    }

    /// The dyad's case file as shipped, if there is one; read from the bundle once per dyad, not on every write.
    public func caseFile(_ dyad: Dyad) throws -> CaseFile? {
        if let known = caseFiles[dyad] { return known }
        let file = try loader.shipped(dyad.first, dyad.second)
        caseFiles[dyad] = .some(file)
        return file
    }

    /// The dyad's current view; computed again only when the team's data for it has changed. When the store cannot
    /// be read the view is the last one made, or the briefing alone, marked with `storeUnavailable`: a briefing
    /// needs nothing from the store.
    public func view(_ dyad: Dyad) async throws -> DyadView {
        do {
            return try await currentView(dyad)
        } catch let error as TeamStoreUnavailable {
            return try await degraded(dyad, error)
        }
    }

    private func currentView(_ dyad: Dyad) async throws -> DyadView {
        let now = ContinuousClock.now
        if let (revision, read) = revisions[dyad], now - read < freshness { return try await view(dyad, at: revision) }
        let before = writes
        let revision = try await store.revision(first: dyad.first.rawValue, second: dyad.second.rawValue)
        if writes == before { revisions[dyad] = (revision, now) }
        return try await view(dyad, at: revision)
    }

    /// Several dyads' current views, with one query for all their revisions (the watch list on every visit); when the
    /// store cannot be read, as `view` says.
    public func views(_ dyads: [Dyad]) async throws -> [DyadView] {
        do {
            return try await currentViews(dyads)
        } catch let error as TeamStoreUnavailable {
            var result: [DyadView] = []
            for dyad in dyads { result.append(try await degraded(dyad, error)) }
            return result
        }
    }

    /// The last view made for `dyad`, or its briefing alone, marked as made without the store.
    private func degraded(_ dyad: Dyad, _ error: TeamStoreUnavailable) async throws -> DyadView {
        var view: DyadView
        if let last = views[dyad] {
            view = last
        } else {
            view = DyadView(dyad: dyad, codes: codes(dyad), briefing: try await base(dyad), teamEvidence: [], teamForecasts: [],
                            revision: TeamRevision(evidence: 0, forecasts: 0), problems: [])
        }
        view.storeUnavailable = error.reason
        return view
    }

    private func currentViews(_ dyads: [Dyad]) async throws -> [DyadView] {
        let now = ContinuousClock.now
        let counts: [Dyad: TeamRevision]
        if let (cached, read) = everyRevision, now - read < freshness {
            counts = cached
        } else {
            let before = writes
            counts = Dictionary(try await store.dyads().map { (Dyad(CountryCode($0.first), CountryCode($0.second)), $0.revision) },
                                uniquingKeysWith: { first, _ in first })
            if writes == before { everyRevision = (counts, now) }
        }
        var result: [DyadView] = []
        for dyad in dyads { result.append(try await view(dyad, at: counts[dyad] ?? TeamRevision(evidence: 0, forecasts: 0))) }
        return result
    }

    private func view(_ dyad: Dyad, at revision: TeamRevision) async throws -> DyadView {
        if let view = views[dyad], view.revision == revision { return view }
        let base = try await base(dyad)
        let evidence = try await store.evidence(first: dyad.first.rawValue, second: dyad.second.rawValue)
        let forecasts = try await store.forecasts(first: dyad.first.rawValue, second: dyad.second.rawValue)
        // Read again: a write between the two lists must not be cached under the older revision.
        let settled = TeamRevision(evidence: evidence.count, forecasts: forecasts.count)
        var briefing = base
        var problems: [String] = []
        if !evidence.isEmpty || !forecasts.isEmpty {
            let merged: CaseFile
            (merged, problems) = Self.merge(base.inputs.caseFile ?? Self.emptyCaseFile(dyad), evidence, forecasts)
            briefing = base.reading(merged)
        }
        let view = DyadView(dyad: dyad, codes: codes(dyad), briefing: briefing, teamEvidence: evidence, teamForecasts: forecasts,
                            revision: settled, problems: problems)
        if views[dyad].map({ $0.revision.evidence <= settled.evidence && $0.revision.forecasts <= settled.forecasts }) ?? true {
            views[dyad] = view
        }
        return view
    }

    /// Stores an analyst's evidence item after checking it against the dyad's case file.
    public func addEvidence(_ item: EvidenceSubmission, to dyad: Dyad, analyst: String, now: Date = Date()) async throws -> TeamWrite<TeamEvidence> {
        let record = try SubmissionRules.evidence(item, dyad: dyad, caseFile: try caseFile(dyad), analyst: analyst, now: now)
        let held = try await store.revision(first: dyad.first.rawValue, second: dyad.second.rawValue, analyst: analyst).evidence
        // At the limit only a repeat of a stored item may pass (to be answered unchanged, or a conflict).
        if held >= itemLimit, try await !store.evidence(first: dyad.first.rawValue, second: dyad.second.rawValue).contains(where: { $0.key == record.key }) {
            throw TeamLimitReached(analyst: analyst, dyad: slug(dyad), count: held, limit: itemLimit, kind: "evidence items")
        }
        defer { forgetRevisions(dyad) }
        return try await store.addEvidence(record)
    }

    /// Stores an analyst's forecast after checking it against the dyad's case file.
    public func addForecast(_ item: ForecastSubmission, to dyad: Dyad, analyst: String, now: Date = Date()) async throws -> TeamWrite<TeamForecast> {
        let record = try SubmissionRules.forecast(item, dyad: dyad, caseFile: try caseFile(dyad), analyst: analyst, now: now)
        let held = try await store.revision(first: dyad.first.rawValue, second: dyad.second.rawValue, analyst: analyst).forecasts
        if held >= itemLimit, try await !store.forecasts(first: dyad.first.rawValue, second: dyad.second.rawValue).contains(where: {
            $0.question == record.question && $0.analyst == record.analyst && $0.date == record.date
        }) {
            throw TeamLimitReached(analyst: analyst, dyad: slug(dyad), count: held, limit: itemLimit, kind: "forecasts")
        }
        defer { forgetRevisions(dyad) }
        return try await store.addForecast(record)
    }

    private nonisolated func slug(_ dyad: Dyad) -> String {
        let codes = codes(dyad)
        return "\(codes.first)-\(codes.second)"
    }

    /// After a write: the next read asks the store again.
    private func forgetRevisions(_ dyad: Dyad) {
        writes += 1
        revisions[dyad] = nil
        everyRevision = nil
    }

    private func base(_ dyad: Dyad) async throws -> Briefing {
        if let task = bases[dyad] { return try await task.value }
        let (snapshot, reference, draws) = (snapshot, reference, draws)
        let caseFile = try caseFile(dyad)
        let task = Task.detached(priority: .userInitiated) {
            try Briefing(BriefingInputs(snapshot: snapshot, dyad.first, dyad.second, reference: reference, caseFile: caseFile), draws: draws)
        }
        bases[dyad] = task
        do {
            return try await task.value
        } catch {
            bases[dyad] = nil
            throw error
        }
    }

    /// The case file with the team's items and forecasts added; each item's sources become case-file sources.
    /// Records are checked on the way in; one that was not (written to the database directly) and cannot be
    /// read is left out and named in the returned problems.
    static func merge(_ file: CaseFile, _ evidence: [TeamEvidence], _ forecasts: [TeamForecast]) -> (CaseFile, [String]) {
        var file = file
        var problems: [String] = []
        for item in evidence {
            guard let date = EvidenceDate(item.date), let kind = EvidenceKind(rawValue: item.kind),
                  let direction = EvidenceDirection(rawValue: item.direction) else {
                problems.append("evidence \(item.key) (#\(item.id)): unreadable date, kind or direction")
                continue
            }
            let sources = item.sources.enumerated().map { index, source in
                let isURL = source.contains("://")
                return CaseSource(id: "team-\(item.id)-\(index + 1)", title: source, publisher: "submitted by \(item.analyst)",
                                  url: isURL ? source : nil, symbol: isURL ? nil : source)
            }
            for source in sources { file.sources[source.id] = source }
            file.evidence.append(CaseEvidence(id: item.key, date: date, kind: kind, title: item.title, summary: item.summary,
                                              direction: direction, sources: sources.map(\.id), signposts: item.signposts))
        }
        for forecast in forecasts {
            guard let index = file.questions.firstIndex(where: { $0.id == forecast.question }),
                  let date = EvidenceDate(forecast.date)?.calendarDate else {
                problems.append("forecast #\(forecast.id): no question \(forecast.question) or unreadable date \(forecast.date)")
                continue
            }
            file.questions[index].forecasts.append(AnalystForecast(analyst: forecast.analyst, date: date, probability: forecast.probability))
        }
        file.evidence.sort { ($0.date, $0.id) < ($1.date, $1.id) }
        return (file, problems)
    }

    private static func emptyCaseFile(_ dyad: Dyad) -> CaseFile {
        CaseFile(dyad: dyad, title: "", summary: "", updated: CalendarDate(Date()), sources: [:], evidence: [], covariates: [],
                 signposts: [], scenarios: [], questions: [])
    }
}

/// An analyst has added as many items of a kind to a dyad as one analyst may.
public struct TeamLimitReached: Error, Sendable, CustomStringConvertible {
    /// Who reached it.
    public var analyst: String
    /// The dyad, as its address writes it (`RUS-CHN`).
    public var dyad: String
    /// How many the analyst has added.
    public var count: Int
    /// The most one analyst may add (`TeamWorkspace.itemLimit`).
    public var limit: Int
    /// "evidence items" or "forecasts".
    public var kind: String

    public var description: String {
        "\(analyst) has added \(count) \(kind) to \(dyad), the most one analyst may add to one dyad (\(limit)); a repeat of a stored one is still answered"
    }
}
