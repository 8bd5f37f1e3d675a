import EntenteCore
import EntenteRendering
import EntenteStore
import Foundation

/// The pressure test: the article's historical claim — Western pressure on China or Russia (sanctions, hostile
/// blocs) was followed by deeper China–Russia ties, after 1989 and 2014 — as lead–lag and Granger tests of
/// "Western pressure on either state raises their mutual cooperation", for any dyad.
///
/// Every pair of a pressure series (the cause) and a cooperation series (the response) gets Granger F tests at
/// lags 1…p in both directions, the cross-correlations of the cause leading and lagging the response, and a
/// verdict in words. The family of forward tests (pairs × lags) is Holm-adjusted. Yearly, the causes are the
/// pressure index on each state and shared (``PressureIndex``) and the Western GSDB sanctions on each; the
/// responses are UN voting agreement, the ATOP level, arms transfers (log 1 + TIV), trade dependence, the ICEWS
/// cooperative share and the alignment composite (``AlignmentIndex``). Monthly, the causes are Western conflictual
/// GDELT events (quad classes 3–4) against each state and shared, the responses the dyad's cooperative events
/// (quad classes 1–2, both directions) and their share of its events. Beside the tests, each series' mean over the
/// three years after 1989 and 2014 (36 months after 1989-06 and 2014-03) less its mean over the three before.
public struct PressureTest: Sendable {
    public let database: EntenteDatabase
    public let reference: ReferenceData

    /// Creates the service.
    public init(database: EntenteDatabase, reference: ReferenceData) {
        self.database = database
        self.reference = reference
    }

    /// The time step of the series.
    public enum Frequency: String, CaseIterable, Sendable {
        case year, month
    }

    /// What to test.
    public struct Options: Sendable {
        public var frequency: Frequency
        /// The largest Granger lag and cross-correlation shift; nil for 3 yearly, 6 monthly.
        public var maxLag: Int?
        /// Test first differences instead of levels, which guards against the spurious results of trending levels.
        public var difference: Bool
        /// The first and last years; by month, January of the first to December of the last. nil: 1985 and 2018
        /// yearly, the span of the imported events monthly.
        public var firstYear: Int?
        public var lastYear: Int?
        /// The level at which a test counts as significant.
        public var alpha: Double

        /// Options; the defaults test yearly levels.
        public init(frequency: Frequency = .year, maxLag: Int? = nil, difference: Bool = false,
                    firstYear: Int? = nil, lastYear: Int? = nil, alpha: Double = 0.05) {
            self.frequency = frequency
            self.maxLag = maxLag
            self.difference = difference
            self.firstYear = firstYear
            self.lastYear = lastYear
            self.alpha = alpha
        }

        /// The lag order in effect.
        public var lags: Int { maxLag ?? (frequency == .year ? 3 : 6) }
    }

    /// A series on the result's periods.
    public struct Series: Sendable {
        /// A short key for tables, such as `pressure_RUS` or `un_agree`.
        public var name: String
        /// Words for verdicts, such as "Western pressure on Russia".
        public var label: String
        /// Levels, one per period (nil where missing); the tests difference them when asked.
        public var values: [Double?]
    }

    /// The Granger tests of one direction at lags 1…p.
    public struct Direction: Sendable {
        /// The lags that could be tested.
        public var results: [GrangerResult]
        /// Why the others could not.
        public var failures: [GrangerError]

        /// The lag with the smallest p-value.
        public var best: GrangerResult? { results.min { $0.pValue < $1.pValue } }
    }

    /// One cause against one response.
    public struct Pair: Sendable {
        public var cause: Series
        public var response: Series
        /// Cause → response: the hypothesis.
        public var forward: Direction
        /// Response → cause, always tested beside it.
        public var reverse: Direction
        /// The correlation of the cause k periods earlier with the response, k in −p…p (positive k: the cause leads).
        public var crossCorrelations: [LaggedCorrelation]
        /// The Holm-adjusted p-value of the forward direction's smallest p, over every forward test of the result.
        public var adjustedPValue: Double?
        /// The labels of the two series that trend, when levels are tested (empty with differences).
        public var trending: [String]
        /// The finding in words.
        public var verdict: String

        /// The cross-correlation at lag k.
        public func correlation(at k: Int) -> Double? { crossCorrelations.first { $0.lag == k }?.correlation }
    }

    /// An episode of pressure and each series' change around it.
    public struct Episode: Sendable {
        /// "1989", or "1989-06" by month.
        public var label: String
        /// The year, or YYYYMM.
        public var period: Int
        /// Per series name: the mean over the window after less the mean over the window before.
        public var changes: [String: WindowChange]
    }

    /// Everything the test found.
    public struct Result: Sendable {
        public var a: CountryCode
        public var b: CountryCode
        public var options: Options
        /// Years, or YYYYMM by month, in order.
        public var periods: [Int]
        public var causes: [Series]
        public var responses: [Series]
        /// Every cause with every response; empty when the test was not possible (see `note`).
        public var pairs: [Pair]
        public var episodes: [Episode]
        /// Every Granger F test computed, both directions.
        public var testsRun: Int
        /// The forward tests, the family of the Holm adjustment.
        public var hypothesisTests: Int
        /// Why no test ran, when none did.
        public var note: String?
        /// The findings in a few sentences, for a briefing.
        public var summary: String
    }

    /// Months with events the dyad needs before a monthly test is worth running.
    public static let minimumMonths = 24

    /// Runs the test for `a`–`b`. `progress` hears each stage as it starts.
    public func run(_ a: CountryCode, _ b: CountryCode, options: Options = Options(),
                    progress: ((String) -> Void)? = nil) throws -> Result {
        let data = options.frequency == .year
            ? try yearly(a, b, options, progress)
            : try monthly(a, b, options, progress)
        let episodes = Self.episodes(options.frequency).compactMap { episode -> Episode? in
            guard let index = data.periods.firstIndex(of: episode.period) else { return nil }
            let window = options.frequency == .year ? 3 : 36
            var changes: [String: WindowChange] = [:]
            for series in data.causes + data.responses {
                changes[series.name] = TimeSeries.windowChange(series.values, at: index, window: window)
            }
            return Episode(label: episode.label, period: episode.period, changes: changes)
        }
        var result = Result(a: a, b: b, options: options, periods: data.periods, causes: data.causes,
                            responses: data.responses, pairs: [], episodes: episodes, testsRun: 0, hypothesisTests: 0,
                            note: data.note, summary: "")
        if data.note == nil {
            progress?("Granger tests")
            test(&result)
        }
        result.summary = summary(result)
        return result
    }

    // MARK: - Series

    private typealias Collected = (periods: [Int], causes: [Series], responses: [Series], note: String?)

    private func name(_ code: CountryCode) -> String { reference.crosswalk.countries[code]?.name ?? code.description }
    private func abbreviation(_ code: CountryCode) -> String { reference.crosswalk.countries[code]?.abbreviation ?? code.description }

    private func yearly(_ a: CountryCode, _ b: CountryCode, _ options: Options, _ progress: ((String) -> Void)?) throws -> Collected {
        let first = options.firstYear ?? PressureIndex.standardFirstYear, last = options.lastYear ?? AllianceModelService.outcomeLastYear
        progress?("building the panel \(first)–\(last)")
        // One panel serves the pressure and alignment indices: it is the costly part.
        let panel = try PanelBuilder(database: database, reference: reference)
            .build(PanelRequest(firstYear: first, lastYear: last, directed: false))
        progress?("pressure and alignment indices")
        let pressure = try PressureIndex(database: database, reference: reference).compute(from: first, to: last, panel: panel)
        let alignment = try AlignmentIndex(database: database, reference: reference)
            .series(a, b, from: first, to: last, replicates: 0, panel: panel)
        let byYear = Dictionary(uniqueKeysWithValues: alignment.map { ($0.year, $0) })
        let years = Array(first...last)
        let low = min(a, b).rawValue, high = max(a, b).rawValue
        func column(_ name: PanelColumnName) -> [Double?] {
            let values = panel.column(name)!.values
            return years.map { year in panel.row(low, high, year).flatMap { values[$0].isNaN ? nil : values[$0] } }
        }
        func pressureOn(_ state: CountryCode) -> [Double?] { years.map { pressure[state]?[$0]?.index } }
        let (pa, pb) = (pressureOn(a), pressureOn(b))
        let shared = zip(pa, pb).map { x, z -> Double? in if let x, let z { min(x, z) } else { nil } }
        let dyad = "\(name(a))–\(name(b))"
        let causes = [
            Series(name: "pressure_\(abbreviation(a))", label: "Western pressure on \(name(a))", values: pa),
            Series(name: "pressure_\(abbreviation(b))", label: "Western pressure on \(name(b))", values: pb),
            Series(name: "pressure_shared", label: "Western pressure shared by \(name(a)) and \(name(b))", values: shared),
            Series(name: "west_sanctions_\(abbreviation(a))", label: "the number of Western sanctions on \(name(a))",
                   values: column(.westSanctions.side(a.rawValue == low ? .first : .second))),
            Series(name: "west_sanctions_\(abbreviation(b))", label: "the number of Western sanctions on \(name(b))",
                   values: column(.westSanctions.side(b.rawValue == low ? .first : .second))),
        ]
        func raw(_ key: String) -> [Double?] { years.map { byYear[$0]?.raw[key] } }
        let responses = [
            Series(name: "un_agree", label: "\(dyad) UN voting agreement", values: column(.unAgree)),
            Series(name: "atop_level", label: "the \(dyad) ATOP alliance level", values: raw("atop_level")),
            Series(name: "arms_tiv_log1p", label: "the \(dyad) arms transfer volume (log TIV)", values: raw("arms_tiv").map { $0.map(log1p) }),
            Series(name: "trade_dependence", label: "\(dyad) trade dependence", values: raw("trade_dependence")),
            Series(name: "icews_cooperation", label: "the \(dyad) ICEWS cooperative share", values: raw("icews_cooperation")),
            Series(name: "alignment", label: "the \(dyad) alignment composite", values: years.map { byYear[$0]?.composite }),
        ]
        return (years, causes, responses, nil)
    }

    private func monthly(_ a: CountryCode, _ b: CountryCode, _ options: Options, _ progress: ((String) -> Void)?) throws -> Collected {
        let dyad = "\(name(a))–\(name(b))"
        func notPossible(_ months: Int) -> Collected {
            ([], [], [], "monthly test not possible: \(months) month\(months == 1 ? "" : "s") with \(dyad) events "
                + "(at least \(Self.minimumMonths) are needed); run `entente events sync` or `entente events import` to import more")
        }
        progress?("monthly series")
        guard try database.hasTable("event_dyad_day") else { return notPossible(0) }
        guard let span = try EventDyadDay.monthSpan(in: database) else { return notPossible(0) }
        let first = options.firstYear.map { $0 * 100 + 1 } ?? span.lowerBound
        let last = options.lastYear.map { $0 * 100 + 12 } ?? span.upperBound
        let months = PressureIndex.months(from: first, to: last)
        let pressure = try PressureIndex(database: database, reference: reference).monthly(from: first, to: last)
        let events = try EventSeries(database: database)
            .sums(from: a, to: b, by: .month, undirected: true, from: first * 100 + 1, to: last * 100 + 31)
        var dyadEvents: [Int: (cooperative: Int, all: Int)] = [:]
        for month in events { dyadEvents[month.period] = (month.quadClasses[0] + month.quadClasses[1], month.events) }
        let withEvents = dyadEvents.values.filter { $0.all > 0 }.count
        guard withEvents >= Self.minimumMonths else { return notPossible(withEvents) }
        // A month is covered when any event at all was imported for it; there, a dyad without events has 0.
        func conflict(_ state: CountryCode) -> [Double?] { months.map { pressure[state]?[$0]?.conflictEvents.map(Double.init) } }
        let covered = months.map { pressure[a]?[$0]?.westernEvents != nil }
        let (ca, cb) = (conflict(a), conflict(b))
        let shared = zip(ca, cb).map { x, z -> Double? in if let x, let z { min(x, z) } else { nil } }
        let causes = [
            Series(name: "western_conflict_\(abbreviation(a))", label: "the number of Western conflictual events against \(name(a))", values: ca),
            Series(name: "western_conflict_\(abbreviation(b))", label: "the number of Western conflictual events against \(name(b))", values: cb),
            Series(name: "western_conflict_shared", label: "the smaller of the numbers of Western conflictual events against \(name(a)) and \(name(b))", values: shared),
        ]
        let responses = [
            Series(name: "cooperative_events", label: "the number of \(dyad) cooperative events",
                   values: months.indices.map { covered[$0] ? Double(dyadEvents[months[$0]]?.cooperative ?? 0) : nil }),
            Series(name: "cooperative_share", label: "the \(dyad) cooperative share of events",
                   values: months.map { month in dyadEvents[month].flatMap { $0.all > 0 ? Double($0.cooperative) / Double($0.all) : nil } }),
        ]
        return (months, causes, responses, nil)
    }

    /// The article's episodes: Tiananmen and Crimea.
    static func episodes(_ frequency: Frequency) -> [(period: Int, label: String)] {
        frequency == .year ? [(1989, "1989"), (2014, "2014")] : [(198_906, "1989-06"), (201_403, "2014-03")]
    }

    // MARK: - Tests

    private func test(_ result: inout Result) {
        let lags = result.options.lags
        func tested(_ series: Series) -> [Double?] { result.options.difference ? TimeSeries.differences(series.values) : series.values }
        func direction(response: [Double?], cause: [Double?]) -> Direction {
            var direction = Direction(results: [], failures: [])
            for lag in 1...lags {
                do { direction.results.append(try GrangerTest.test(response: response, cause: cause, lag: lag)) }
                catch { direction.failures.append(error) }
            }
            return direction
        }
        for cause in result.causes {
            for response in result.responses {
                let x = tested(cause), y = tested(response)
                let trending = result.options.difference ? [] : [cause, response].filter { series in
                    TimeSeries.linearTrend(series.values).map { $0.pValue < result.options.alpha } ?? false
                }.map(\.label)
                result.pairs.append(Pair(cause: cause, response: response, forward: direction(response: y, cause: x),
                                         reverse: direction(response: x, cause: y),
                                         crossCorrelations: LeadLag.crossCorrelations(response: y, cause: x, maxLag: lags),
                                         adjustedPValue: nil, trending: trending, verdict: ""))
            }
        }
        let family = result.pairs.indices.flatMap { pair in result.pairs[pair].forward.results.map { (pair, $0.pValue) } }
        let adjusted = MultipleTesting.holm(family.map(\.1))
        for (index, (pair, _)) in family.enumerated() {
            result.pairs[pair].adjustedPValue = min(result.pairs[pair].adjustedPValue ?? 1, adjusted[index])
        }
        result.hypothesisTests = family.count
        result.testsRun = result.pairs.reduce(0) { $0 + $1.forward.results.count + $1.reverse.results.count }
        for index in result.pairs.indices {
            result.pairs[index].verdict = Self.verdict(result.pairs[index], lags: lags, family: family.count, alpha: result.options.alpha)
        }
    }

    // MARK: - Words

    static func formatF(_ f: Double) -> String { String(format: "%.2f", f) }
    static func formatP(_ p: Double) -> String { p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", p) }
    static func formatR(_ r: Double) -> String { String(format: "%.2f", r).replacingOccurrences(of: "-", with: "−") }

    private static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// One pair's finding: the hypothesis' direction, its sign, the reverse, and a warning about trending levels.
    static func verdict(_ pair: Pair, lags: Int, family: Int, alpha: Double) -> String {
        let cause = pair.cause.label, response = pair.response.label
        let range = lags == 1 ? "lag 1" : "lags 1–\(lags)"
        var sentences: [String] = []
        if let best = pair.forward.best {
            let statistics = "F = \(formatF(best.fStatistic)), \(formatP(best.pValue)), n = \(best.observations)"
            if best.pValue < alpha {
                var sentence = "\(capitalised(cause)) Granger-causes \(response) at lag \(best.lag) (\(statistics))"
                if let adjusted = pair.adjustedPValue {
                    sentence += adjusted < alpha
                        ? " and survives the Holm adjustment for \(family) tests (adjusted \(formatP(adjusted)))"
                        : ", but not after the Holm adjustment for \(family) tests (adjusted \(formatP(adjusted)))"
                }
                if let r = pair.correlation(at: best.lag) {
                    sentence += r > 0
                        ? "; the lagged correlation is positive (r = \(formatR(r))), the direction the hypothesis says"
                        : "; but the lagged correlation is negative (r = \(formatR(r))): more pressure went with less cooperation"
                }
                sentences.append(sentence + ".")
            } else {
                sentences.append("\(capitalised(cause)) does not Granger-cause \(response) at \(range) "
                                 + "(smallest p at lag \(best.lag): \(statistics)).")
            }
        } else if let failure = pair.forward.failures.first {
            sentences.append("\(capitalised(cause)) → \(response) is not testable (\(failure)).")
        }
        if let reverse = pair.reverse.best {
            sentences.append(reverse.pValue < alpha
                ? "The reverse holds: \(response) Granger-causes \(cause) at lag \(reverse.lag) "
                    + "(F = \(formatF(reverse.fStatistic)), \(formatP(reverse.pValue)))."
                : "The reverse does not hold (smallest \(formatP(reverse.pValue)), lag \(reverse.lag)).")
        } else {
            sentences.append("The reverse is not testable.")
        }
        if !pair.forward.results.isEmpty && !pair.forward.failures.isEmpty {
            sentences.append("Not testable: " + pair.forward.failures.map(\.description).joined(separator: "; ") + ".")
        }
        if !pair.trending.isEmpty {
            sentences.append("In levels, \(pair.trending.joined(separator: " and ")) trend\(pair.trending.count == 1 ? "s" : ""), "
                             + "which can make Granger results spurious: rerun with --difference.")
        }
        return sentences.joined(separator: " ")
    }

    private func summary(_ result: Result) -> String {
        let dyad = "\(name(result.a))–\(name(result.b))"
        let periods = result.periods.isEmpty ? "" : " " + [result.periods.first!, result.periods.last!].map {
            result.options.frequency == .year ? String($0) : EventPeriod.month.label($0)
        }.joined(separator: "–")
        let alpha = result.options.alpha
        var sentences = ["\(dyad), \(result.options.frequency == .year ? "yearly" : "monthly")\(periods), "
                         + "\(result.options.difference ? "first differences" : "levels"), lags 1–\(result.options.lags)."]
        if let note = result.note { return (sentences + [Self.capitalised(note) + "."]).joined(separator: " ") }
        let significant = result.pairs.filter { ($0.forward.best?.pValue ?? 1) < alpha }
        let surviving = significant.filter { ($0.adjustedPValue ?? 1) < alpha }
        let positive = significant.filter { pair in pair.forward.best.flatMap { pair.correlation(at: $0.lag) }.map { $0 > 0 } ?? false }
        let reverse = result.pairs.filter { ($0.reverse.best?.pValue ?? 1) < alpha }
        sentences.append("Western pressure Granger-causes cooperation at p < \(alpha) in \(significant.count) of \(result.pairs.count) "
                         + "pairs, \(surviving.count) after the Holm adjustment for \(result.hypothesisTests) tests; "
                         + "in \(positive.count) of those \(significant.count) the lagged correlation is positive, as the hypothesis says.")
        sentences.append("The reverse (cooperation → pressure) holds in \(reverse.count) pair\(reverse.count == 1 ? "" : "s"); "
                         + "\(result.testsRun) F tests were run in all.")
        let trending = result.pairs.filter { !$0.trending.isEmpty }.count
        if trending > 0 {
            sentences.append("\(trending) pairs involve a trending series in levels, where Granger tests can mislead: rerun with --difference.")
        }
        if let composite = result.responses.last {
            let changes = result.episodes.compactMap { episode in
                episode.changes[composite.name]?.change.map { "\(String(format: "%+.3f", $0)) after \(episode.label)" }
            }
            if !changes.isEmpty {
                let window = result.options.frequency == .year ? "3 years" : "36 months"
                sentences.append("\(Self.capitalised(composite.label)), mean of the \(window) after less the \(window) before: "
                                 + changes.joined(separator: ", ") + ".")
            }
        }
        return sentences.joined(separator: " ")
    }

    // MARK: - Reports

    /// One row per pair: the forward test at its best lag with the Holm-adjusted p, the reverse, the lagged
    /// correlation, each series' episode changes and the verdict; `detail` adds the full cross-correlations
    /// (columns `r(-p)` … `r(+p)`) and the verdict, which do not fit a terminal table.
    public static func report(_ result: Result, detail: Bool = true) -> ReportTable {
        func real(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        func integer(_ value: Int?) -> FieldValue { value.map { .integer(Int64($0)) } ?? .null }
        let lags = result.options.lags
        var columns = ["cause", "response", "lag", "f", "p", "n", "p_holm", "reverse_lag", "reverse_f", "reverse_p", "r_at_lag"]
        if detail { columns += (-lags...lags).map { "r(\($0 > 0 ? "+" : "")\($0))" } }
        columns += result.episodes.flatMap { ["cause_change_\($0.label)", "response_change_\($0.label)"] }
        if detail { columns += ["trending", "verdict"] }
        let rows = result.pairs.map { pair -> [FieldValue] in
            let best = pair.forward.best, reverse = pair.reverse.best
            var row: [FieldValue] = [.text(pair.cause.name), .text(pair.response.name), integer(best?.lag), real(best?.fStatistic),
                                     real(best?.pValue), integer(best?.observations), real(pair.adjustedPValue), integer(reverse?.lag),
                                     real(reverse?.fStatistic), real(reverse?.pValue), real(best.flatMap { pair.correlation(at: $0.lag) })]
            if detail { row += pair.crossCorrelations.map { real($0.correlation) } }
            row += result.episodes.flatMap { [real($0.changes[pair.cause.name]?.change), real($0.changes[pair.response.name]?.change)] }
            if detail { row += [.text(pair.trending.joined(separator: "; ")), .text(pair.verdict)] }
            return row
        }
        return ReportTable(columns: columns, rows: rows)
    }

    /// One row per series: its mean before and after each episode and the change.
    public static func episodeReport(_ result: Result) -> ReportTable {
        func real(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        let columns = ["series", "role"] + result.episodes.flatMap { ["before_\($0.label)", "after_\($0.label)", "change_\($0.label)"] }
        let rows = (result.causes.map { ($0, "cause") } + result.responses.map { ($0, "response") }).map { series, role in
            [.text(series.name), .text(role)] + result.episodes.flatMap { episode -> [FieldValue] in
                let change = episode.changes[series.name]
                return [real(change?.before), real(change?.after), real(change?.change)]
            }
        }
        return ReportTable(columns: columns, rows: rows)
    }

    /// The yearly shared pressure and alignment composite on one chart, 1989 and 2014 marked; nil by month.
    public static func chart(_ result: Result, title: String) -> String? {
        guard result.options.frequency == .year,
              let shared = result.causes.first(where: { $0.name == "pressure_shared" }),
              let composite = result.responses.first(where: { $0.name == "alignment" }) else { return nil }
        return LineChart(title: title, x: result.periods, series: [
            LineChart.Series(name: "shared pressure", values: shared.values, color: "#d62728", width: 2.5),
            LineChart.Series(name: "alignment composite", values: composite.values, color: "#111", width: 2.5),
        ], yLabel: "percentile", yRange: 0...1, markers: episodes(.year).map { ($0.period, $0.label) }).svg()
    }
}
