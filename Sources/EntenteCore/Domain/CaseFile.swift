/// A dyad's case file: the dated evidence, sources, analyst-entered covariates, signposts, scenarios and forecast
/// questions that the briefing draws on. The values here are checked already; reading and validating the JSON
/// form (`Docs/case-file.md`) is the loader's job.
public struct CaseFile: Sendable {
    /// The format tag every case file carries.
    public static let format = "entente-case/1"

    /// The pair, lower COW code first: the orientation of the non-directed panel, so side 1 is `dyad.first`.
    public var dyad: Dyad
    /// A headline for the briefing.
    public var title: String
    /// What the case argues and what the file covers.
    public var summary: String
    /// When the analyst last revised the file.
    public var updated: CalendarDate
    /// Every source by its id.
    public var sources: [String: CaseSource]
    /// The evidence log, in file order.
    public var evidence: [CaseEvidence]
    /// Panel values entered for years the datasets do not cover.
    public var covariates: [CovariateEntry]
    /// Developments to watch, with their likelihood ratios.
    public var signposts: [Signpost]
    /// What-ifs for the forecast.
    public var scenarios: [Scenario]
    /// Forecast questions with analysts' forecasts.
    public var questions: [ForecastQuestion]
    /// What named people and bodies have published on the question, to set beside Entente's number.
    public var judgements: [PublishedJudgement]

    /// Creates a case file from checked parts.
    public init(dyad: Dyad, title: String, summary: String, updated: CalendarDate, sources: [String: CaseSource],
                evidence: [CaseEvidence], covariates: [CovariateEntry], signposts: [Signpost], scenarios: [Scenario],
                questions: [ForecastQuestion], judgements: [PublishedJudgement] = []) {
        self.dyad = dyad
        self.title = title
        self.summary = summary
        self.updated = updated
        self.sources = sources
        self.evidence = evidence
        self.covariates = covariates
        self.signposts = signposts
        self.scenarios = scenarios
        self.questions = questions
        self.judgements = judgements
    }

    /// The signpost with this id.
    public func signpost(_ id: String) -> Signpost? { signposts.first { $0.id == id } }

    /// The evidence items that count towards a signpost, oldest first.
    public func evidence(for signpostID: String) -> [CaseEvidence] {
        evidence.filter { $0.signposts.contains(signpostID) }.sorted { $0.date < $1.date }
    }
}

/// A date known to the year, the month or the day. Evidence is often dated only to a month ("2014-05") or a year
/// (an arms contract reported later), and the precision is kept rather than padded with a made-up day.
public struct EvidenceDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, always known.
    public let year: Int
    /// The month (1–12), when known.
    public let month: Int?
    /// The day of the month, when known (only with a month).
    public let day: Int?

    /// A date of the given precision, or nil if it does not exist (month 13, 30 February) or has a day but no month.
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, CalendarDate(year: year, month: month, day: day).isValid else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (digits only, zero-padded); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for (part, width) in zip(parts, widths) {
            guard part.count == width, part.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(part) else { return nil }
            numbers.append(number)
        }
        self.init(year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil, day: numbers.count > 2 ? numbers[2] : nil)
    }

    /// The date as a full calendar date, when it is known to the day.
    public var calendarDate: CalendarDate? {
        guard let month, let day else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The first day of the period the date names (1 January for a bare year).
    public var firstDay: CalendarDate { CalendarDate(year: year, month: month ?? 1, day: day ?? 1) }

    /// The last day of the period the date names (31 December for a bare year).
    public var lastDay: CalendarDate {
        if let day, let month { return CalendarDate(year: year, month: month, day: day) }
        let lastMonth = month ?? 12
        let last = (28...31).last { CalendarDate(year: year, month: lastMonth, day: $0).isValid } ?? 28
        return CalendarDate(year: year, month: lastMonth, day: last)
    }

    /// Coarser dates sort before finer ones inside the same period: "2022" < "2022-02" < "2022-02-04".
    public static func < (lhs: EvidenceDate, rhs: EvidenceDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    /// The date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let day { text += "-" + pad(day, 2) }
        return text
    }
}

/// What sort of event or document an evidence item is.
public enum EvidenceKind: String, Sendable, CaseIterable {
    case treaty, border, summit, sanction, exercise, arms, energy, trade, statement, commentary, institution, incident
    case jointStatement = "joint-statement"
    case unVote = "un-vote"
}

/// Whether an item draws the two states together, pushes them apart, or neither.
public enum EvidenceDirection: String, Sendable, CaseIterable {
    case closer, apart, neutral
}

/// The claims of the seed article an item can bear on (`Docs/case-file.md` gives each one's meaning).
public enum ArticleClaim: String, Sendable, CaseIterable {
    case mutualGains = "mutual-gains"
    case westernPressure = "western-pressure"
    case competingInterests = "competing-interests"
    case centralAsiaSCO = "central-asia-sco"
    case barriers, signals, ladder
}

/// A document or report that backs one or more items; items cite it by id.
public struct CaseSource: Hashable, Sendable {
    /// The id items cite it by.
    public var id: String
    /// The document's title.
    public var title: String
    /// Who published it.
    public var publisher: String
    /// An http or https address; at least one of `url` and `symbol` is present.
    public var url: String?
    /// A stable document identifier, such as the UN symbol `A/RES/ES-11/1` or `Executive Order 14114`.
    public var symbol: String?
    /// When the source was published.
    public var date: CalendarDate?
    /// When the analyst last read it.
    public var accessed: CalendarDate?

    /// Creates a source.
    public init(id: String, title: String, publisher: String, url: String? = nil, symbol: String? = nil,
                date: CalendarDate? = nil, accessed: CalendarDate? = nil) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.url = url
        self.symbol = symbol
        self.date = date
        self.accessed = accessed
    }
}

/// One dated event or document in the evidence log.
public struct CaseEvidence: Hashable, Sendable {
    /// A unique slug, such as `2014-05-power-of-siberia-contract`.
    public var id: String
    /// When it happened, to the precision known.
    public var date: EvidenceDate
    /// What sort of event or document it is.
    public var kind: EvidenceKind
    /// A headline.
    public var title: String
    /// What happened and why it matters for the case.
    public var summary: String
    /// Whether it draws the two together.
    public var direction: EvidenceDirection
    /// ISO3 codes of states, or organisation names (such as sanction senders), involved besides the pair.
    public var actors: [String]
    /// Ids of the sources that back the item; never empty.
    public var sources: [String]
    /// Ids of the signposts this item is evidence for.
    public var signposts: [String]
    /// The seed article's claim the item bears on, if any.
    public var claim: ArticleClaim?

    /// Creates an evidence item.
    public init(id: String, date: EvidenceDate, kind: EvidenceKind, title: String, summary: String,
                direction: EvidenceDirection, actors: [String] = [], sources: [String], signposts: [String] = [],
                claim: ArticleClaim? = nil) {
        self.id = id
        self.date = date
        self.kind = kind
        self.title = title
        self.summary = summary
        self.direction = direction
        self.actors = actors
        self.sources = sources
        self.signposts = signposts
        self.claim = claim
    }
}

/// A panel value the analyst enters for a year the datasets do not cover, with its sources.
public struct CovariateEntry: Hashable, Sendable {
    /// The panel year the value is for.
    public var year: Int
    /// A panel column in the dyad's orientation (`west_sanctions2` is the side with the higher COW code).
    public var column: String
    /// The value entered.
    public var value: Double
    /// Ids of the sources behind the value.
    public var sources: [String]
    /// How the value was derived.
    public var note: String

    /// Creates an entry.
    public init(year: Int, column: String, value: Double, sources: [String], note: String) {
        self.year = year
        self.column = column
        self.value = value
        self.sources = sources
        self.note = note
    }
}

/// An observable development with the analyst's probability of seeing it if a defence pact forms within ten years
/// and if none does; their quotient is the evidence's weight in a Bayesian update.
public struct Signpost: Hashable, Sendable {
    /// A unique slug.
    public var id: String
    /// A headline.
    public var title: String
    /// What exactly counts as observing it.
    public var description: String
    /// P(observed | a formal defence pact forms within 10 years), in (0, 1).
    public var pIfAlliance: Double
    /// P(observed | no pact forms within 10 years), in (0, 1).
    public var pIfNoAlliance: Double
    /// Why the analyst chose these probabilities.
    public var rationale: String
    /// Ids of sources behind the judgement.
    public var sources: [String]

    /// Creates a signpost.
    public init(id: String, title: String, description: String, pIfAlliance: Double, pIfNoAlliance: Double,
                rationale: String, sources: [String] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.pIfAlliance = pIfAlliance
        self.pIfNoAlliance = pIfNoAlliance
        self.rationale = rationale
        self.sources = sources
    }

    /// How many times likelier the observation is under an alliance than without one.
    public var likelihoodRatio: Double { pIfAlliance / pIfNoAlliance }
}

/// A named what-if: changes to panel covariates over the forecast horizon.
public struct Scenario: Hashable, Sendable {
    /// A unique slug, such as `taiwan-crisis`.
    public var id: String
    /// A short name.
    public var name: String
    /// What the scenario imagines and how the shocks approximate it.
    public var description: String
    /// How many years the forecast runs.
    public var horizonYears: Int
    /// The changes to panel columns.
    public var shocks: [ScenarioShock]

    /// Creates a scenario.
    public init(id: String, name: String, description: String, horizonYears: Int, shocks: [ScenarioShock]) {
        self.id = id
        self.name = name
        self.description = description
        self.horizonYears = horizonYears
        self.shocks = shocks
    }
}

/// A change to one panel column for some years of a scenario.
public struct ScenarioShock: Hashable, Sendable {
    /// What the shock does to the baseline value.
    public enum Effect: Hashable, Sendable {
        /// Adds this amount to the baseline.
        case change(Double)
        /// Replaces the baseline with this value.
        case set(Double)
    }

    /// A panel column in the dyad's orientation (a side-neutral shock is resolved to `…1` or `…2` on loading).
    public var column: String
    /// What the shock does to the baseline.
    public var effect: Effect
    /// The first year shocked; nil means the first forecast year.
    public var fromYear: Int?
    /// How many years the shock lasts; nil means to the end of the horizon.
    public var years: Int?
    /// Standard deviation of the Monte Carlo noise around the shocked value; nil means none.
    public var sd: Double?

    /// Creates a shock.
    public init(column: String, effect: Effect, fromYear: Int? = nil, years: Int? = nil, sd: Double? = nil) {
        self.column = column
        self.effect = effect
        self.fromYear = fromYear
        self.years = years
        self.sd = sd
    }

    /// The shocked value of a baseline value.
    public func apply(to baseline: Double) -> Double {
        switch effect {
        case .change(let amount): baseline + amount
        case .set(let value): value
        }
    }

    /// Whether the shock is in force in `year` of a forecast that starts in `firstForecastYear` and runs for
    /// `horizonYears`.
    public func isActive(in year: Int, firstForecastYear: Int, horizonYears: Int) -> Bool {
        let horizonEnd = firstForecastYear + horizonYears - 1
        let start = fromYear ?? firstForecastYear
        let end = years.map { start + $0 - 1 } ?? horizonEnd
        return year >= max(start, firstForecastYear) && year <= min(end, horizonEnd)
    }
}

/// A forecast question with its resolution (once known) and the analysts' forecasts.
public struct ForecastQuestion: Hashable, Sendable {
    /// A unique slug, such as `defence-treaty-by-2030`.
    public var id: String
    /// The question, precise enough to resolve.
    public var text: String
    /// The last day on which the question can resolve true.
    public var closes: CalendarDate
    /// True or false once resolved; nil while open.
    public var resolution: Bool?
    /// When the question resolved; nil while open.
    public var resolvedOn: CalendarDate?
    /// The analysts' forecasts.
    public var forecasts: [AnalystForecast]

    /// Creates a question.
    public init(id: String, text: String, closes: CalendarDate, resolution: Bool? = nil, resolvedOn: CalendarDate? = nil,
                forecasts: [AnalystForecast] = []) {
        self.id = id
        self.text = text
        self.closes = closes
        self.resolution = resolution
        self.resolvedOn = resolvedOn
        self.forecasts = forecasts
    }
}

/// One analyst's probability for a question on a date.
public struct AnalystForecast: Hashable, Sendable {
    /// Who made it: an analyst of the team (shipped case files carry no forecasts).
    public var analyst: String
    /// When it was made.
    public var date: CalendarDate
    /// The probability that the question resolves true, in (0, 1).
    public var probability: Double

    /// Creates a forecast.
    public init(analyst: String, date: CalendarDate, probability: Double) {
        self.analyst = analyst
        self.date = date
        self.probability = probability
    }
}

extension Dyad {
    /// The panel side of a state in this non-directed dyad: 1 for the lower COW code, 2 for the higher, nil if the
    /// state is not in the pair. Side-suffixed columns (`west_sanctions1`, `polity2_2`) follow it.
    public func side(of state: CountryCode) -> Int? {
        if state == first { return 1 }
        if state == second { return 2 }
        return nil
    }
}

/// A judgement on the case's question that a named person or body published: an expert's assessment, a
/// government's statement, a survey of specialists. The briefing sets these beside its own number.
public struct PublishedJudgement: Hashable, Sendable {
    /// Where the judgement falls.
    public enum Stance: String, CaseIterable, Sendable {
        case unlikely, possible, likely
        /// Reports views or facts without judging the likelihood itself.
        case noPosition = "no-position"
    }

    public var id: String
    /// When it was published.
    public var date: EvidenceDate
    /// Who: a real person or body, never an invented one.
    public var who: String
    /// What they judged, paraphrased or quoted as the source gives it.
    public var judgement: String
    public var stance: Stance
    /// A probability, only where the source gives one.
    public var probability: Double?
    /// Source ids.
    public var sources: [String]

    /// Creates a judgement.
    public init(id: String, date: EvidenceDate, who: String, judgement: String, stance: Stance, probability: Double? = nil,
                sources: [String]) {
        self.id = id
        self.date = date
        self.who = who
        self.judgement = judgement
        self.stance = stance
        self.probability = probability
        self.sources = sources
    }
}
