import EntenteCore
import EntenteRendering
import Foundation

/// Western pressure on each state of a dyad in one year, and the pressure both share (the smaller).
public struct PressurePoint: Sendable, Codable, Equatable {
    public var year: Int
    public var first: Double?
    public var second: Double?
    public var shared: Double?

    /// A year's pressure.
    public init(year: Int, first: Double?, second: Double?, shared: Double?) {
        self.year = year
        self.first = first
        self.second = second
        self.shared = shared
    }
}

/// Everything a briefing is made from, gathered from a database or from the shipped snapshot.
public struct BriefingInputs: Sendable {
    /// The dyad, lower COW code first (the panel's orientation), and the two names.
    public var first: CountryCode
    public var second: CountryCode
    public var firstName: String
    public var secondName: String
    public var model: AllianceModel
    /// Where the model came from (a model file, the snapshot, or a fit as of a year).
    public var modelSource: String
    /// The ensemble the forecast comes from; nil forecasts from `model` alone (a saved model file).
    public var ensemble: EnsembleForecaster?
    /// The ensemble's back-test record, when the snapshot carries one.
    public var backtest: BacktestSummary?
    /// The same members trained on bilateral defence treaties only, when available (`Snapshot.bilateralEnsemble`).
    public var bilateralEnsemble: EnsembleForecaster?
    /// Their backtest, when available (`Snapshot.bilateralBacktest`).
    public var bilateralBacktest: BacktestSummary?
    /// The dyad's non-directed panel rows (at least the origin year).
    public var rows: DyadYearPanel
    public var alignment: [AlignmentIndex.Year]
    public var pressure: [PressurePoint]
    /// The pressure test's plain-language summary and its verdicts, when it could be run.
    public var pressureTest: [String]
    public var caseFile: CaseFile?
    /// The year the briefing is written as of (a back-test), or nil for the latest evidence.
    public var asOf: Int?
    /// Where the data came from, for the appendix.
    public var dataSource: String
    /// Dataset citations by dataset id, for the appendix.
    public var citations: [String: String]
    /// The dyad's yearly panel values by year (empty where only the latest rows are known), for testing the
    /// article's claims.
    public var history: [Int: [String: Double]] = [:]
    /// The historical pairs most like this one as the data last measured it, when they could be found (from an
    /// imported database, or the snapshot for watch-list dyads).
    public var referenceClass: ReferenceClass?

    /// Inputs for a briefing.
    public init(first: CountryCode, second: CountryCode, firstName: String, secondName: String, model: AllianceModel,
                modelSource: String, rows: DyadYearPanel, alignment: [AlignmentIndex.Year], pressure: [PressurePoint],
                pressureTest: [String], caseFile: CaseFile?, asOf: Int?, dataSource: String, citations: [String: String]) {
        self.first = first
        self.second = second
        self.firstName = firstName
        self.secondName = secondName
        self.model = model
        self.modelSource = modelSource
        self.rows = rows
        self.alignment = alignment
        self.pressure = pressure
        self.pressureTest = pressureTest
        self.caseFile = caseFile
        self.asOf = asOf
        self.dataSource = dataSource
        self.citations = citations
    }
}

/// A briefing on one dyad: the forecast with its drivers and barriers, scenarios, signposts, the pressure test,
/// and what happened after the as-of year when it is a back-test.
public struct Briefing: Sendable {
    public var inputs: BriefingInputs
    public var origin: ForecastOrigin
    public var forecast: OnsetForecast
    /// The forecast from the last year of the shared data, without the case file's later entries: the same origin
    /// for every pair, so that pairs can be set side by side (the watch list). `forecast` itself when the case
    /// file adds no later years.
    public var dataForecast: OnsetForecast
    public var scenarios: [ScenarioForecast]
    /// The forecast of a bilateral defence treaty (the two alone, not joining a bloc) from the same origin; nil
    /// without the bilateral members or when a pact is in force.
    public var bilateralForecast: OnsetForecast?
    public var signposts: SignpostService?
    /// ATOP ties that began after the as-of year (back-tests): year and provision.
    public var afterwards: [(year: Int, provision: String)]
    /// The coefficient draws behind the intervals and scenarios.
    public var draws: Int

    /// Builds the briefing: the forecast from the origin year, each case-file scenario, and the signposts
    /// updated from the model's 10-year probability as the prior.
    public init(_ inputs: BriefingInputs, draws: Int = 2_000) throws {
        self.inputs = inputs
        self.draws = draws
        let origin = try ForecastOrigin(rows: inputs.rows, covariates: inputs.caseFile?.covariates ?? [], asOf: inputs.asOf)
        self.origin = origin
        if let ensemble = inputs.ensemble {
            forecast = try ensemble.forecast(origin, horizon: 10, draws: draws)
            scenarios = try (inputs.caseFile?.scenarios ?? []).map { try ensemble.scenario($0, origin: origin, draws: draws) }
        } else {
            let forecaster = OnsetForecaster(model: inputs.model, draws: draws)
            forecast = try forecaster.forecast(origin, horizon: 10)
            scenarios = try (inputs.caseFile?.scenarios ?? []).map { try forecaster.scenario($0, origin: origin) }
        }
        if origin.year > origin.dataYear {
            let shared = try ForecastOrigin(rows: inputs.rows, covariates: [], asOf: inputs.asOf)
            dataForecast = try inputs.ensemble?.forecast(shared, horizon: 10, draws: draws)
                ?? OnsetForecaster(model: inputs.model, draws: draws).forecast(shared, horizon: 10)
        } else {
            dataForecast = forecast
        }
        if !forecast.alreadyAllied, let bilateral = inputs.bilateralEnsemble {
            bilateralForecast = try bilateral.forecast(origin, horizon: 10, draws: draws)
        }
        signposts = Self.signposts(inputs, forecast)
        var afterwards: [(Int, String)] = []
        if let asOf = inputs.asOf {
            for provision in PanelColumnName.Provision.allCases {
                guard let onsets = inputs.rows.column(.atopOnset(provision))?.values else { continue }
                for row in 0..<inputs.rows.count where Int(inputs.rows.year[row]) > asOf && onsets[row] == 1 {
                    afterwards.append((Int(inputs.rows.year[row]), provision.rawValue))
                }
            }
        }
        self.afterwards = afterwards.sorted { $0 < $1 }
    }

    /// The signposts updated from the model's 10-year probability as the prior.
    private static func signposts(_ inputs: BriefingInputs, _ forecast: OnsetForecast) -> SignpostService? {
        guard let file = inputs.caseFile, let ten = forecast.within(10) else { return nil }
        let prior = min(max(ten.cumulative, 1e-6), 1 - 1e-6)
        let asOf = inputs.asOf.map { CalendarDate(year: $0, month: 12, day: 31) }
        return SignpostService(file: file, options: SignpostService.Options(prior: prior, asOf: asOf))
    }

    /// The same briefing read against another case file (the bundled one with a team's evidence and forecasts
    /// added): the signposts and the evidence log change; the forecast and scenarios, which rest on the data,
    /// the model and the case file's covariates and scenarios, do not, so they are not recomputed.
    public func reading(_ file: CaseFile) -> Briefing {
        var briefing = self
        briefing.inputs.caseFile = file
        briefing.signposts = Self.signposts(briefing.inputs, forecast)
        return briefing
    }

    var dyadName: String { "\(inputs.firstName)–\(inputs.secondName)" }

    /// The headline numbers, for the terminal.
    public var headline: String {
        var lines = ["\(dyadName): probability of a defence-pact onset, from \(origin.year) (90% interval)"]
        if forecast.alreadyAllied {
            lines.append("  a defence pact is already in force in \(origin.year): no onset forecast")
            return lines.joined(separator: "\n")
        }
        for horizon in [1, 5, 10] {
            if let year = forecast.within(horizon) {
                lines.append(String(format: "  within %2d year%@ (by %d): %5.2f%%  [%.2f%% – %.2f%%]", horizon, horizon == 1 ? " " : "s",
                                    year.year, 100 * year.cumulative, 100 * year.lower, 100 * year.upper))
            }
        }
        if !forecast.alreadyAllied {
            lines.append(String(format: "  a typical pair at risk: %.2f%% within 10 years", 100 * baseRate(within: 10)))
        }
        if let signposts {
            lines.append(String(format: "  signposts seen so far move the 10-year chance from %.2f%% to %.2f%%",
                                100 * signposts.update.prior, 100 * signposts.update.posterior))
        }
        for scenario in scenarios {
            if let last = scenario.shocked.last, let base = scenario.baseline.last {
                lines.append(String(format: "  scenario %@: %.2f%% by %d (baseline %.2f%%)", scenario.scenario.name, 100 * last.cumulative, last.year, 100 * base.cumulative))
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Charts

    /// The alignment index with its band and components.
    public var alignmentChart: String? {
        inputs.alignment.isEmpty ? nil : AlignmentIndex.chart(inputs.alignment, title: "Alignment index: \(dyadName)")
    }

    /// Shared Western pressure against the alignment composite, with the 1989 and 2014 episodes.
    public var pressureChart: String? {
        guard !inputs.pressure.isEmpty else { return nil }
        let years = Array(Set(inputs.pressure.map(\.year) + inputs.alignment.map(\.year))).sorted()
        let pressure = Dictionary(uniqueKeysWithValues: inputs.pressure.map { ($0.year, $0) })
        let alignment = Dictionary(uniqueKeysWithValues: inputs.alignment.map { ($0.year, $0.composite) })
        return LineChart(title: "Western pressure and alignment: \(dyadName)", x: years,
                         series: [LineChart.Series(name: "pressure on \(inputs.firstName)", values: years.map { pressure[$0]?.first }, color: "#e08a2b", width: 2, dash: "7 4"),
                                  LineChart.Series(name: "pressure on \(inputs.secondName)", values: years.map { pressure[$0]?.second }, color: "#8e44ad", width: 2, dash: "2 3"),
                                  LineChart.Series(name: "pressure on both", values: years.map { pressure[$0]?.shared }, color: "#c62828", width: 3.5),
                                  LineChart.Series(name: "alignment index", values: years.map { alignment[$0] ?? nil }, color: "#1f4e9a", width: 2.5)],
                         yLabel: "index, 0–100%", yRange: 0...1, markers: [(1989, "1989"), (2014, "2014")], valueFormat: .percent).svg()
    }

    /// The cumulative probability by year with its 90% band.
    public var forecastChart: String {
        let years = forecast.years
        return LineChart(title: "Probability of a defence pact by year: \(dyadName)", x: years.map(\.year),
                         series: [LineChart.Series(name: "chance of a pact by then", values: years.map(\.cumulative), color: "#1f4e9a", width: 2.5)],
                         yLabel: "probability", band: (years.map(\.lower), years.map(\.upper), "#9fb7e0", "plausible range (90%)"),
                         valueFormat: .percent).svg()
    }

    /// Each scenario's median path beside the baseline's.
    public var scenarioChart: String? {
        guard let baseline = scenarios.first?.baseline else { return nil }
        let palette = ["#c62828", "#e08a2b", "#2e7d32", "#8e44ad", "#00838f", "#6d4c41"]
        let dashes = ["8 4", "2 3", "10 3 2 3", nil, "5 5", "1 2"]
        var series = [LineChart.Series(name: "baseline", values: baseline.map(\.cumulative), color: "#333333", width: 3)]
        for (index, scenario) in scenarios.enumerated() {
            series.append(LineChart.Series(name: scenario.scenario.name, values: scenario.shocked.map(\.cumulative), color: palette[index % palette.count],
                                           width: 2, dash: dashes[index % dashes.count]))
        }
        return LineChart(title: "Scenarios: chance of a defence pact", x: baseline.map(\.year),
                         series: series, yLabel: "probability", valueFormat: .percent).svg()
    }

    /// From a typical pair's ten-year probability to this dyad's, one factor at a time, in percentage points.
    public var driverChart: String {
        let ordered = forecast.contributions.sorted { abs($0.logOdds) > abs($1.logOdds) }
        let total = ordered.reduce(0) { $0 + $1.logOdds }
        var applied = 0.0
        var steps: [WaterfallChart.Step] = []
        for contribution in ordered {
            let before = withoutContribution(total - applied)
            applied += contribution.logOdds
            steps.append(WaterfallChart.Step(label: contribution.label, amount: 100 * (withoutContribution(total - applied) - before)))
        }
        return WaterfallChart(title: "Ten-year chance: typical pair to \(dyadName)", startLabel: "typical pair",
                              start: 100 * withoutContribution(total), steps: steps, endLabel: dyadName,
                              unit: "percentage points of the ten-year chance").svg()
    }
}
