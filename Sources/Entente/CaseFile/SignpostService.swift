import EntenteCore
import EntenteRendering
import Foundation

/// Signposts and judgement for one case file: the evidence items linked to signposts in date order, the Bayesian
/// update of a prior along them, coherence warnings, and each question's pooled and scored forecasts, as reports.
public struct SignpostService: Sendable {
    /// How to read the case file.
    public struct Options: Sendable, Hashable {
        /// The probability of a defence pact within ten years before the evidence: the model's forecast.
        public var prior: Double
        /// Ignore evidence, forecasts and resolutions after this date (for back-tests); nil reads everything.
        public var asOf: CalendarDate?
        /// The extremising factor applied to the pooled log-odds (1 leaves the mean as it is).
        public var extremising: Double
        /// Count every sighting of a signpost rather than the first only.
        public var countRepeats: Bool

        /// Options; the defaults read the whole file with `SignpostService.defaultPrior`.
        public init(prior: Double = SignpostService.defaultPrior, asOf: CalendarDate? = nil, extremising: Double = 1,
                    countRepeats: Bool = false) {
            self.prior = prior
            self.asOf = asOf
            self.extremising = extremising
            self.countRepeats = countRepeats
        }
    }

    /// The prior when none is given, until the briefing supplies the model's forecast: a round figure for a rare
    /// event over ten years.
    public static let defaultPrior = 0.10

    /// The case file read.
    public let file: CaseFile
    /// How it was read.
    public let options: Options
    /// The update of the prior along the evidence log.
    public let update: SignpostUpdate
    /// What the coherence check found.
    public let warnings: [SignpostWarning]
    /// Every question as known on the as-of date.
    public let questions: [QuestionForecasts]

    /// Reads `file`.
    ///
    /// - Precondition: the prior lies in (0, 1) and the extremising factor is positive.
    public init(file: CaseFile, options: Options = Options()) {
        self.file = file
        self.options = options
        update = SignpostUpdate(prior: options.prior, signposts: file.signposts,
                                observations: file.signpostObservations(asOf: options.asOf), countRepeats: options.countRepeats)
        warnings = update.coherenceWarnings()
        questions = file.questions.map { QuestionForecasts($0, asOf: options.asOf, extremising: options.extremising) }
    }

    /// Ids of the signposts seen.
    public var signpostsSeen: [String] {
        file.signposts.map(\.id).filter { !update.sightings(of: $0).isEmpty }
    }

    /// One line: the prior, the posterior and how much of the file they rest on.
    public var headline: String {
        let asOf = options.asOf.map { "; evidence to \($0)" } ?? ""
        return "Prior \(Self.show(update.prior)) → posterior \(Self.show(update.posterior)): \(signpostsSeen.count) of "
            + "\(file.signposts.count) signposts seen, \(update.steps.count) evidence records\(asOf)"
    }

    /// Each signpost: its probabilities and likelihood ratio, whether it was seen, when first, and on how many items.
    public var signpostReport: ReportTable {
        ReportTable(columns: ["signpost", "title", "p_if_alliance", "p_if_no_alliance", "lr", "observed", "first_seen", "evidence"],
                    rows: file.signposts.map { signpost in
            let sightings = update.sightings(of: signpost.id)
            return [.text(signpost.id), .text(signpost.title), .real(signpost.pIfAlliance), .real(signpost.pIfNoAlliance),
                    .real(signpost.likelihoodRatio), .text(sightings.isEmpty ? "no" : "yes"),
                    sightings.first.map { .text($0.observation.date.description) } ?? .null, .integer(Int64(sightings.count))]
        })
    }

    /// The evidence log as the update reads it: the prior, then each record with its factor and the probability after.
    public var trajectoryReport: ReportTable {
        let titles = Dictionary(file.evidence.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        func text(_ value: String?) -> FieldValue { value.map { .text($0) } ?? .null }
        let prior: [FieldValue] = [.null, .null, .null, .null, .null, .null, .text("prior"), .null,
                                   .real(update.priorLogOdds), .real(update.prior)]
        return ReportTable(columns: ["date", "signpost", "evidence", "title", "kind", "direction", "step", "factor", "log_odds", "probability"],
                           rows: [prior] + update.steps.map { step in
            let record = step.observation
            let role = switch (record.observed, step.counted) {
            case (true, true): "seen"
            case (true, false): "corroboration"
            case (false, true): "not seen"
            case (false, false): "not seen, no change"
            }
            return [.text(record.date.description), .text(record.signpost), text(record.evidence),
                    text(record.evidence.flatMap { titles[$0] }), text(record.kind?.rawValue), text(record.direction?.rawValue),
                    .text(role), .real(exp(step.logFactor)), .real(step.logOdds), .real(step.probability)]
        })
    }

    /// The coherence warnings, one a row.
    public var warningReport: ReportTable {
        ReportTable(columns: ["warning", "signposts", "message"], rows: warnings.map {
            [.text($0.kind.rawValue), .text($0.signposts.joined(separator: " ")), .text($0.message)]
        })
    }

    /// Each question's analysts, pool and plain mean, with scores once resolved; a question without forecasts has
    /// one row.
    public var questionReport: ReportTable {
        var rows: [[FieldValue]] = []
        for question in questions {
            let resolution: FieldValue = .text(question.outcome.map { String($0) } ?? "open")
            let head: [FieldValue] = [.text(question.question.id), .text(question.question.closes.description), resolution]
            if question.lines.isEmpty { rows.append(head + [.null, .null, .null, .null, .null]) }
            for line in question.lines {
                var name = line.forecaster.description
                if line.forecaster == .pooled && options.extremising != 1 { name += " × \(Self.show(options.extremising))" }
                rows.append(head + [.text(name), .text(line.date.description), .real(line.probability),
                                    line.brierScore.map(FieldValue.real) ?? .null, line.logScore.map(FieldValue.real) ?? .null])
            }
        }
        return ReportTable(columns: ["question", "closes", "resolution", "forecaster", "date", "probability", "brier", "log_score"],
                           rows: rows)
    }

    /// Everything as text: titled tables; CSV tables separated by a blank line; or one JSON object holding the
    /// figures and each table as an array.
    public func render(_ format: OutputFormat) -> String {
        let sections = [("signposts", signpostReport), ("trajectory", trajectoryReport), ("warnings", warningReport),
                        ("questions", questionReport)]
        switch format {
        case .table:
            return headline + "\n" + sections.map { name, table in
                "\n" + name.prefix(1).uppercased() + name.dropFirst() + "\n" + table.render(.table)
            }.joined()
        case .csv:
            return sections.map { $0.1.render(.csv) }.joined(separator: "\n")
        case .json:
            let figures: [(String, String)] = [
                ("prior", "\(update.prior)"), ("posterior", "\(update.posterior)"),
                ("prior_log_odds", "\(update.priorLogOdds)"), ("posterior_log_odds", "\(update.posteriorLogOdds)"),
                ("as_of", options.asOf.map { ReportTable.jsonString($0.description) } ?? "null"),
                ("extremising", "\(options.extremising)"), ("count_repeats", "\(options.countRepeats)"),
                ("signposts_seen", "[" + signpostsSeen.map(ReportTable.jsonString).joined(separator: ", ") + "]"),
            ]
            let members = figures.map { "\(ReportTable.jsonString($0)): \($1)" }
                + sections.map { "\(ReportTable.jsonString($0)): " + $1.render(.json).trimmingCharacters(in: .newlines) }
            return "{\n" + members.joined(separator: ",\n") + "\n}\n"
        }
    }

    /// The trajectory chart as SVG, running to the as-of date (or the file's revision date, if earlier).
    public func chart(title: String) -> String {
        update.svg(title: title, through: options.asOf.map { min($0, file.updated) } ?? file.updated)
    }

    /// A probability or factor to four significant digits.
    static func show(_ value: Double) -> String { String(format: "%.4g", value) }
}
