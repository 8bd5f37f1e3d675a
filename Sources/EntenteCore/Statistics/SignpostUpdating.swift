import Foundation

/// A record that a signpost was seen, or explicitly not seen, by a date: the input to a Bayesian update.
public struct SignpostObservation: Hashable, Sendable {
    /// The signpost's id.
    public var signpost: String
    /// When it was seen, or the date by which it had not been.
    public var date: EvidenceDate
    /// Whether it was seen; false records that it had not been seen by `date`.
    public var observed: Bool
    /// The evidence item that records it, if any.
    public var evidence: String?
    /// The item's kind: commentary weighs in the double-counting check.
    public var kind: EvidenceKind?
    /// The item's direction, checked against the signpost's likelihood ratio.
    public var direction: EvidenceDirection?

    /// Creates a record; `observed` false says the signpost had not been seen by `date`.
    public init(signpost: String, date: EvidenceDate, observed: Bool = true, evidence: String? = nil,
                kind: EvidenceKind? = nil, direction: EvidenceDirection? = nil) {
        self.signpost = signpost
        self.date = date
        self.observed = observed
        self.evidence = evidence
        self.kind = kind
        self.direction = direction
    }
}

extension CaseFile {
    /// The sightings the evidence log records: one for each signpost an item names, in file order. With `asOf`, an
    /// item counts only if its whole period has ended by then (a month-dated item once the month is over), so a
    /// back-test sees nothing that may have happened after the date.
    public func signpostObservations(asOf: CalendarDate? = nil) -> [SignpostObservation] {
        evidence.filter { item in asOf.map { item.date.lastDay <= $0 } ?? true }.flatMap { item in
            item.signposts.map {
                SignpostObservation(signpost: $0, date: item.date, evidence: item.id, kind: item.kind, direction: item.direction)
            }
        }
    }
}

extension Signpost {
    /// The weight of a record that it was not seen: (1 − p_if_alliance) / (1 − p_if_no_alliance).
    public var absenceLikelihoodRatio: Double { (1 - pIfAlliance) / (1 - pIfNoAlliance) }
}

/// Bayes' rule in log-odds over a dated evidence log: each signpost seen adds ln(LR), LR = p_if_alliance /
/// p_if_no_alliance; one recorded as not seen adds ln((1 − p_if_alliance) / (1 − p_if_no_alliance)).
///
/// A signpost counts once by default, however often it is seen: its probabilities are about seeing it at all
/// within the period, so later sightings only corroborate. A sighting after a record of absence replaces that
/// record's factor, and a record of absence after a sighting changes nothing. Counting every sighting
/// (`countRepeats`) is there to show how much the once-only rule matters.
public struct SignpostUpdate: Sendable, Hashable {
    /// One record applied, in date order.
    public struct Step: Sendable, Hashable {
        /// The record.
        public var observation: SignpostObservation
        /// Whether the record changed the odds (a first sighting, every sighting when repeats count, or a first
        /// record of absence while unseen); otherwise it corroborates what is already counted.
        public var counted: Bool
        /// The change in log-odds at this step: 0 for corroboration, ln(LR) for a first sighting, and
        /// ln(LR) − ln(absence LR) for a sighting that replaces a record of absence.
        public var logFactor: Double
        /// The log-odds after the step.
        public var logOdds: Double

        /// The probability after the step.
        public var probability: Double { LogisticRegression.logistic(logOdds) }
    }

    /// The probability before any evidence: the model's forecast of a defence pact within ten years.
    public let prior: Double
    /// The signposts the records refer to.
    public let signposts: [Signpost]
    /// Every record, oldest first; records of one date keep their given order.
    public let steps: [Step]
    /// Whether every sighting counted, rather than one per signpost.
    public let countsRepeats: Bool

    /// Applies `observations` to `prior`.
    ///
    /// - Precondition: the prior lies in (0, 1), and every observation names one of `signposts`.
    public init(prior: Double, signposts: [Signpost], observations: [SignpostObservation], countRepeats: Bool = false) {
        precondition(prior > 0 && prior < 1, "a prior outside (0, 1): \(prior)")
        let byID = Dictionary(signposts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = observations.enumerated()
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        var sightings: [String: Int] = [:], unseen: Set<String> = []
        // What a signpost adds to the log-odds given the records applied so far.
        func contribution(_ signpost: Signpost) -> Double {
            let seen = sightings[signpost.id, default: 0]
            if seen > 0 { return Double(countRepeats ? seen : 1) * log(signpost.likelihoodRatio) }
            return unseen.contains(signpost.id) ? log(signpost.absenceLikelihoodRatio) : 0
        }
        var logOdds = Self.logit(prior)
        var steps: [Step] = []
        for observation in ordered {
            guard let signpost = byID[observation.signpost] else {
                preconditionFailure("no signpost has the id \"\(observation.signpost)\"")
            }
            let seenBefore = sightings[signpost.id, default: 0]
            let counted = observation.observed ? seenBefore == 0 || countRepeats : seenBefore == 0 && !unseen.contains(signpost.id)
            let before = contribution(signpost)
            if observation.observed {
                sightings[signpost.id] = seenBefore + 1
            } else if seenBefore == 0 {
                unseen.insert(signpost.id)
            }
            let change = contribution(signpost) - before
            logOdds += change
            steps.append(Step(observation: observation, counted: counted, logFactor: change, logOdds: logOdds))
        }
        self.prior = prior
        self.signposts = signposts
        self.steps = steps
        self.countsRepeats = countRepeats
    }

    /// The prior as log-odds.
    public var priorLogOdds: Double { Self.logit(prior) }
    /// The log-odds after every record.
    public var posteriorLogOdds: Double { steps.last?.logOdds ?? priorLogOdds }
    /// The probability after every record.
    public var posterior: Double { steps.last?.probability ?? prior }

    /// The steps that record seeing a signpost, oldest first.
    public func sightings(of signpost: String) -> [Step] {
        steps.filter { $0.observation.signpost == signpost && $0.observation.observed }
    }

    /// ln(p / (1 − p)).
    static func logit(_ probability: Double) -> Double { log(probability / (1 - probability)) }
}

// MARK: - Coherence

/// A reason to doubt an update, in a plain sentence.
public struct SignpostWarning: Hashable, Sendable, CustomStringConvertible {
    /// What the check found.
    public enum Kind: String, Sendable, CaseIterable {
        /// The likelihood ratio favours one outcome while every item recording the signpost points the other way.
        case direction
        /// The two probabilities are so close that seeing the signpost hardly matters.
        case uninformative
        /// A large move that rests mostly on commentary, which tends to restate the same facts.
        case commentary
        /// Two signposts counted on the strength of the same evidence item.
        case correlated
    }

    /// What the check found.
    public var kind: Kind
    /// The signposts concerned.
    public var signposts: [String]
    /// The warning as a sentence.
    public var message: String

    /// Creates a warning.
    public init(kind: Kind, signposts: [String], message: String) {
        self.kind = kind
        self.signposts = signposts
        self.message = message
    }

    public var description: String { message }
}

extension SignpostUpdate {
    /// Checks the judgements and the update for incoherence: a likelihood ratio at odds with the direction of every
    /// item recording the signpost; a signpost whose |ln LR| is below `uninformativeBelow`; a move of more than
    /// `maximumShift` log-odds units from the prior of which more than half (by absolute log-odds) comes from
    /// commentary; and signposts counted together on one evidence item, which are likely correlated.
    public func coherenceWarnings(maximumShift: Double = 3, uninformativeBelow: Double = 0.05) -> [SignpostWarning] {
        var warnings: [SignpostWarning] = []
        for signpost in signposts {
            let ratio = signpost.likelihoodRatio
            let recorded = sightings(of: signpost.id).filter { $0.observation.direction != nil }
            let directions = Set(recorded.compactMap(\.observation.direction))
            let items = recorded.compactMap(\.observation.evidence).joined(separator: ", ")
            if ratio > 1 && directions == [.apart] || ratio < 1 && directions == [.closer] {
                let favours = ratio > 1 ? "an alliance" : "no alliance", way = ratio > 1 ? "apart" : "closer"
                warnings.append(SignpostWarning(kind: .direction, signposts: [signpost.id], message: """
                    Signpost "\(signpost.id)" has a likelihood ratio of \(Self.show(ratio)), favouring \(favours), but \
                    every evidence item recording it (\(items)) is marked as drawing the two \(way): check the \
                    probabilities or the items' direction.
                    """))
            }
            if abs(log(ratio)) < uninformativeBelow {
                warnings.append(SignpostWarning(kind: .uninformative, signposts: [signpost.id], message: """
                    Signpost "\(signpost.id)" is uninformative: p_if_alliance \(Self.show(signpost.pIfAlliance)) and \
                    p_if_no_alliance \(Self.show(signpost.pIfNoAlliance)) are nearly equal (likelihood ratio \
                    \(Self.show(ratio))), so seeing it hardly moves the forecast.
                    """))
            }
        }
        if let warning = commentaryWarning(maximumShift: maximumShift) { warnings.append(warning) }
        return warnings + correlationWarnings()
    }

    private func commentaryWarning(maximumShift: Double) -> SignpostWarning? {
        let shift = posteriorLogOdds - priorLogOdds
        guard abs(shift) > maximumShift else { return nil }
        let moving = steps.filter { $0.logFactor != 0 }
        let commentary = moving.filter { $0.observation.kind == .commentary }
        let share = commentary.map { abs($0.logFactor) }.reduce(0, +) / moving.map { abs($0.logFactor) }.reduce(0, +)
        guard share > 0.5 else { return nil }
        let names = commentary.map { $0.observation.evidence ?? $0.observation.signpost }
        var seen: Set<String> = []
        return SignpostWarning(kind: .commentary, signposts: commentary.map(\.observation.signpost).filter { seen.insert($0).inserted },
                               message: """
            The forecast moves \(Self.show(abs(shift))) log-odds units from the prior (\(Self.show(prior)) to \
            \(Self.show(posterior))), more than \(Self.show(maximumShift)), and \(Int((share * 100).rounded()))% of that \
            movement comes from commentary (\(names.joined(separator: ", "))): commentary often restates the same \
            facts, so the evidence may be counted twice.
            """)
    }

    /// One warning per pair of signposts seen on the same item, naming the shared items.
    private func correlationWarnings() -> [SignpostWarning] {
        var signpostsByItem: [(item: String, signposts: [String])] = []
        for step in steps where step.observation.observed {
            guard let item = step.observation.evidence else { continue }
            if let index = signpostsByItem.firstIndex(where: { $0.item == item }) {
                if !signpostsByItem[index].signposts.contains(step.observation.signpost) {
                    signpostsByItem[index].signposts.append(step.observation.signpost)
                }
            } else {
                signpostsByItem.append((item, [step.observation.signpost]))
            }
        }
        var pairs: [(pair: [String], items: [String])] = []
        for (item, ids) in signpostsByItem where ids.count > 1 {
            for i in ids.indices {
                for j in ids.indices where j > i {
                    let pair = [ids[i], ids[j]].sorted()
                    if let index = pairs.firstIndex(where: { $0.pair == pair }) { pairs[index].items.append(item) } else { pairs.append((pair, [item])) }
                }
            }
        }
        let ratios = Dictionary(signposts.map { ($0.id, $0.likelihoodRatio) }, uniquingKeysWith: { first, _ in first })
        return pairs.map { pair, items in
            let plural = items.count == 1 ? "item" : "items"
            return SignpostWarning(kind: .correlated, signposts: pair, message: """
                Signposts "\(pair[0])" and "\(pair[1])" are both counted but rest on the same evidence (\(plural) \
                \(items.joined(separator: ", "))): if they are correlated, multiplying their likelihood ratios \
                (\(Self.show(ratios[pair[0]] ?? 1)) × \(Self.show(ratios[pair[1]] ?? 1))) overstates the update.
                """)
        }
    }

    /// A number to three significant digits, for sentences.
    static func show(_ value: Double) -> String { String(format: "%.3g", value) }
}

// MARK: - Pooling and scoring

/// Several analysts' probabilities for one question, combined. Each analyst counts once, with their latest
/// forecast. The pool is the mean of the log-odds times an extremising factor d (Baron et al. 2014; Satopää et
/// al. 2014: with d > 1 the pool moves away from 1/2, undoing the timidity of averaging analysts who each hold
/// only part of the evidence); the plain mean of the probabilities is kept for comparison.
public struct ForecastPool: Sendable, Hashable {
    /// Each analyst's latest forecast, by analyst name.
    public let forecasts: [AnalystForecast]
    /// The extremising factor d applied to the mean log-odds.
    public let extremising: Double
    /// The pooled log-odds: d × the mean of the analysts' log-odds.
    public let logOdds: Double
    /// The arithmetic mean of the analysts' probabilities.
    public let arithmeticMean: Double

    /// The pooled probability.
    public var probability: Double { LogisticRegression.logistic(logOdds) }

    /// Pools the latest forecast of each analyst made on or before `cutoff` (all forecasts when nil); nil when no
    /// forecast qualifies.
    ///
    /// - Precondition: `extremising` is positive.
    public init?(_ forecasts: [AnalystForecast], onOrBefore cutoff: CalendarDate? = nil, extremising: Double = 1) {
        precondition(extremising > 0, "an extremising factor must be positive: \(extremising)")
        let latest = Self.latest(forecasts, onOrBefore: cutoff)
        guard let meanLogOdds = Statistics.mean(latest.map { SignpostUpdate.logit($0.probability) }),
              let mean = Statistics.mean(latest.map(\.probability)) else { return nil }
        self.forecasts = latest
        self.extremising = extremising
        logOdds = extremising * meanLogOdds
        arithmeticMean = mean
    }

    /// Each analyst's latest forecast on or before `cutoff`, by analyst name; of two on one day, the later listed.
    public static func latest(_ forecasts: [AnalystForecast], onOrBefore cutoff: CalendarDate? = nil) -> [AnalystForecast] {
        var latest: [String: AnalystForecast] = [:]
        for forecast in forecasts where cutoff.map({ forecast.date <= $0 }) ?? true {
            if let held = latest[forecast.analyst], held.date > forecast.date { continue }
            latest[forecast.analyst] = forecast
        }
        return latest.values.sorted { $0.analyst < $1.analyst }
    }
}

/// A forecast question as known on a date: each analyst's latest forecast, the pool and the plain mean, and once
/// the question has resolved, the Brier and log score of each.
public struct QuestionForecasts: Sendable, Hashable {
    /// Whose forecast a line is.
    public enum Forecaster: Hashable, Sendable, CustomStringConvertible {
        /// One analyst, by name.
        case analyst(String)
        /// The pool: mean log-odds, extremised.
        case pooled
        /// The arithmetic mean of the analysts' probabilities.
        case arithmeticMean

        public var description: String {
            switch self {
            case .analyst(let name): name
            case .pooled: "pooled (mean log-odds)"
            case .arithmeticMean: "mean of probabilities"
            }
        }
    }

    /// One forecast with its scores.
    public struct Line: Hashable, Sendable {
        /// Whose forecast it is.
        public var forecaster: Forecaster
        /// When it was made (for the pool, the latest forecast in it).
        public var date: CalendarDate
        /// The probability that the question resolves true.
        public var probability: Double
        /// (p − outcome)²; nil while the question is open.
        public var brierScore: Double?
        /// −ln of the probability given to the outcome (`ForecastScores.logScore`); lower is better; nil while open.
        public var logScore: Double?
    }

    /// The question.
    public let question: ForecastQuestion
    /// The resolution, if known by the as-of date.
    public let outcome: Bool?
    /// The pool, when any forecast qualifies.
    public let pool: ForecastPool?
    /// The analysts' forecasts by name, then the pool and the plain mean.
    public let lines: [Line]

    /// The question as known on `asOf` (now when nil). A question resolved after `asOf` was still open then, so a
    /// back-test neither sees its outcome nor scores it. Forecasts count up to the resolution date, or to `asOf`.
    ///
    /// - Precondition: `extremising` is positive.
    public init(_ question: ForecastQuestion, asOf: CalendarDate? = nil, extremising: Double = 1) {
        let resolvedOn = question.resolvedOn.flatMap { date in asOf.map { date <= $0 } ?? true ? date : nil }
        let outcome = resolvedOn == nil ? nil : question.resolution
        let pool = ForecastPool(question.forecasts, onOrBefore: resolvedOn ?? asOf, extremising: extremising)
        func line(_ forecaster: Forecaster, _ date: CalendarDate, _ probability: Double) -> Line {
            let scores = outcome.map { ForecastScores(predictions: [probability], outcomes: [$0]) }
            return Line(forecaster: forecaster, date: date, probability: probability,
                        brierScore: scores?.brierScore, logScore: scores?.logScore)
        }
        var lines: [Line] = []
        if let pool, let latest = pool.forecasts.map(\.date).max() {
            lines = pool.forecasts.map { line(.analyst($0.analyst), $0.date, $0.probability) }
            lines += [line(.pooled, latest, pool.probability), line(.arithmeticMean, latest, pool.arithmeticMean)]
        }
        self.question = question
        self.outcome = outcome
        self.pool = pool
        self.lines = lines
    }
}
