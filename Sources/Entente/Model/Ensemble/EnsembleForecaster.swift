import EntenteCore
import Foundation

/// The ensemble as the briefing uses it: the trained members, the terms their transforms index, and the system's
/// counts for the years its system-rate terms read, so that it can forecast from a briefing's origin (the panel's
/// values, moved on through the case file's entries) without the panel it was trained on. Codable: the snapshot
/// ships one trained through the data's last year.
public struct EnsembleForecaster: Sendable, Codable {
    public var model: EnsembleModel
    /// The predictor source's terms: `TermTransform.Column.term` indexes them.
    public var terms: [ForecastTerm]
    /// New pacts and dyad-years at risk in the years before `dataYear` + 1 that the system rate reads.
    public var system: SystemRate
    /// The last year of the data the model was trained on.
    public var dataYear: Int

    /// The forecaster for `model`, trained by `trainer` through `model.trainThrough`.
    public init(model: EnsembleModel, trainer: EnsembleTrainer) {
        self.model = model
        terms = trainer.source.terms
        dataYear = model.trainThrough
        let window = terms.compactMap(\.window).max() ?? 0
        system = trainer.source.system.restricted(to: (model.trainThrough - window + 1)...model.trainThrough,
                                                  counting: Set(terms.filter { $0.kind == .systemRate }.map(\.systemCount)))
    }

    /// The terms some member reads, in `terms`' order. A screened-out candidate stays in `terms` (the transforms
    /// index the trainer's whole source) but is never read, so an origin need not carry it.
    public var usedTerms: [ForecastTerm] {
        let used = model.usedTermIndices
        return terms.indices.filter(used.contains).map { terms[$0] }
    }

    /// The pool's forecast from `origin`: the cumulative probability within each year of the horizon (the
    /// weighted mean of the members'), its interval from coefficient draws pooled across members in proportion
    /// to their weights, each member's own figure, and the pooled contribution of each factor to the first
    /// year's log-odds.
    public func forecast(_ origin: ForecastOrigin, horizon: Int = 10, draws: Int = 2_000, seed: UInt64 = 2_026) throws -> OnsetForecast {
        let pointPanel = origin.paths(horizon: horizon, shocks: [], count: 1, noiseSeed: nil)
        let values = try termValues(pointPanel, origin: origin)
        let (pooled, memberPaths) = pointPaths(values, horizon: horizon)
        let simulated = try pooledHazards(origin, horizon: horizon, shocks: [], draws: draws, seed: seed, noiseSeed: nil)
        let first = pooled.first ?? 0
        let baseline = model.members.reduce(0) { $0 + $1.weight * $1.fit.recalibration.probability($1.fit.fit.coefficients[0]) }
        let (pooledContributions, memberContributions) = contributions(values)
        return OnsetForecast(
            origin: origin, years: OnsetForecaster.years(origin.year, point: Self.hazards(pooled), simulated: simulated),
            contributions: pooledContributions, logOdds: Self.logit(first), baselineLogOdds: Self.logit(baseline),
            alreadyAllied: origin.values[.atop(.defense)] == 1,
            members: zip(model.members, zip(memberPaths, memberContributions)).map { member, pair in
                OnsetForecast.MemberForecast(name: member.name, summary: member.summary, weight: member.weight, cumulative: pair.0,
                                             contributions: pair.1)
            })
    }

    /// What a system-rate term reads for a forecast from an origin: the world's new ties and dyad-years at risk
    /// over its window, beside the rate of a typical training row.
    public struct SystemReading: Sendable {
        public var term: ForecastTerm
        public var years: ClosedRange<Int>
        public var events: Int
        public var atRisk: Int
        /// The rate at the training rows' mean log-odds, in the member that weighs most among those reading the term.
        public var typicalRate: Double
        /// Whether the rate is at or below the lowest the training rows saw, where the model holds it.
        public var atTrainingFloor: Bool

        /// New ties per dyad-year at risk over `years`.
        public var rate: Double { Double(events) / Double(atRisk) }
    }

    /// The system-rate terms some member reads, as they stand for a forecast from `originYear` (held at the data's
    /// last year beyond it, as `forecast` holds them).
    public func systemReadings(originYear: Int) -> [SystemReading] {
        let before = min(originYear, dataYear) + 1
        return terms.indices.compactMap { index -> SystemReading? in
            let term = terms[index]
            guard term.kind == .systemRate, let window = term.window,
                  let counts = system.counts(before: before, window: window, counting: term.systemCount),
                  let column = model.members.sorted(by: { $0.weight > $1.weight }).lazy
                    .compactMap({ $0.fit.transform.columns.first { $0.term == index && $0.role == .value } }).first
            else { return nil }
            let logit = system.logitRate(before: before, window: window, counting: term.systemCount)
            return SystemReading(term: term, years: (before - window)...(before - 1), events: counts.events, atRisk: counts.atRisk,
                                 typicalRate: LogisticRegression.logistic(column.mean), atTrainingFloor: logit <= column.lower)
        }
    }

    /// A scenario's forecast beside the baseline, both from the same pooled draws.
    public func scenario(_ scenario: Scenario, origin: ForecastOrigin, draws: Int = 2_000, seed: UInt64 = 2_026) throws -> ScenarioForecast {
        let used = Set(usedTerms.filter { $0.kind == .lagged }.flatMap { OnsetForecaster.inputs(ModelTerm($0.base, logOnePlus: false)) } + [PanelColumnName.defenseYears.rawValue])
        return try ScenarioForecast(scenario, origin: origin, paths: draws, used: used, seed: seed) { shocks, point, noiseSeed in
            if point {
                let values = try termValues(origin.paths(horizon: scenario.horizonYears, shocks: shocks, count: 1, noiseSeed: nil), origin: origin)
                return [Self.hazards(pointPaths(values, horizon: scenario.horizonYears).pooled)]
            }
            return try pooledHazards(origin, horizon: scenario.horizonYears, shocks: shocks, draws: draws, seed: seed, noiseSeed: noiseSeed)
        }
    }

    /// The point forecast on a one-path values table: each member's cumulative probabilities at its fitted
    /// coefficients, and their weighted mean.
    private func pointPaths(_ values: [[Double]], horizon: Int) -> (pooled: [Double], members: [[Double]]) {
        let members = model.members.map { member in
            cumulativeProbabilities(hazards(member.fit, values, row: 0, count: horizon, beta: member.fit.fit.coefficients))
        }
        return ((0..<horizon).map { t in zip(model.members, members).reduce(0) { $0 + $1.0.weight * $1.1[t] } }, members)
    }

    /// Simulated yearly hazards: member m gives its share of the `draws` paths (largest remainders of wₘ · draws),
    /// each with its own coefficient draw; path p of the shocked values serves the p-th simulated path whatever
    /// member it falls to, so baseline and scenario share their draws.
    private func pooledHazards(_ origin: ForecastOrigin, horizon: Int, shocks: [ScenarioShock], draws: Int, seed: UInt64,
                               noiseSeed: UInt64?) throws -> [[Double]] {
        let values = try termValues(origin.paths(horizon: horizon, shocks: shocks, count: draws, noiseSeed: noiseSeed), origin: origin)
        var paths: [[Double]] = []
        for (m, count) in Self.shares(model.members.map(\.weight), total: draws).enumerated() where count > 0 {
            let member = model.members[m]
            for beta in member.fit.fit.coefficientDraws(count: count, seed: seed &+ UInt64(m)) {
                paths.append(hazards(member.fit, values, row: paths.count * horizon, count: horizon, beta: beta))
            }
        }
        return paths
    }

    /// Whole numbers of paths in proportion to `weights`, summing to `total` (largest remainders).
    static func shares(_ weights: [Double], total: Int) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { sum > 0 ? $0 / sum * Double(total) : 0 }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { exact[$0] - Double(counts[$0]) > exact[$1] - Double(counts[$1]) }
        for index in order.prefix(max(0, total - counts.reduce(0, +))) { counts[index] += 1 }
        return counts
    }

    /// Each source term's value on each row of a paths panel, as `PredictorSource` reads it for the year after the
    /// origin: the origin's own values (the year before the first forecast year), ln(1 + years without a pact) moving
    /// on, and the system rate of the years before the first forecast year (at most the data's last: later years
    /// hold it there, as the other values are held). A value last observed more than `PredictorSource.carryYears`
    /// before the origin's data year is missing, as in training.
    private func termValues(_ panel: DyadYearPanel, origin: ForecastOrigin) throws -> [[Double]] {
        let oldest = min(origin.year, origin.dataYear) - PredictorSource.carryYears
        let used = model.usedTermIndices
        return try terms.indices.map { index in
            let term = terms[index]
            guard used.contains(index) else { return Array(repeating: .nan, count: panel.count) }
            switch term.kind {
            case .lagged:
                let modelTerm = ModelTerm(term.base, logOnePlus: term.logOnePlus)
                if OnsetForecaster.inputs(modelTerm).contains(where: { origin.observedIn[$0].map { $0 < oldest } ?? false }) {
                    return Array(repeating: .nan, count: panel.count)
                }
                return try ModelDesign.values(of: modelTerm, in: panel)
            case .clock:
                guard let years = panel.column(.defenseYears)?.values else { throw ModelError("the origin lacks \(PanelColumnName.defenseYears)") }
                return years.map { $0.isNaN ? .nan : log1p(max(0, $0)) }
            case .systemRate:
                let rate = system.logitRate(before: min(origin.year, dataYear) + 1, window: term.window ?? 5, counting: term.systemCount)
                return Array(repeating: rate, count: panel.count)
            }
        }
    }

    /// A member's yearly hazards on `count` rows of the values from `row`, for coefficients `beta`.
    private func hazards(_ fit: MemberFit, _ values: [[Double]], row: Int, count: Int, beta: [Double]) -> [Double] {
        (row..<(row + count)).map { r in
            var eta = beta[0]
            for (j, column) in fit.transform.columns.enumerated() { eta += beta[j + 1] * column.apply(values[column.term][r]) }
            return fit.recalibration.probability(eta)
        }
    }

    /// Each factor's pooled contribution to the first year's log-odds: Σₘ wₘ · bₘ · βₘⱼ · zⱼ over the member columns
    /// (value and missing indicator) of one source term, where bₘ is the member's recalibration slope and zⱼ the
    /// standardised value (0 at the training mean). The typical pair's value is the training mean of the
    /// heaviest member using the term; a factor is clear when members holding most of its weight estimate its
    /// value column at p < 0.05. Also each member's own contributions (bₘ · βₘⱼ · zⱼ by factor), largest first.
    private func contributions(_ values: [[Double]]) -> (pooled: [OnsetForecast.Contribution], members: [[OnsetForecast.MemberForecast.Factor]]) {
        var order: [String] = []
        var total: [String: Double] = [:], clearWeight: [String: Double] = [:], usedWeight: [String: Double] = [:]
        var typical: [String: (weight: Double, value: Double)] = [:], shown: [String: Double] = [:]
        var members: [[OnsetForecast.MemberForecast.Factor]] = []
        for member in model.members {
            let fit = member.fit
            var seen: Set<String> = [], own: [String: Double] = [:]
            for (j, column) in fit.transform.columns.enumerated() {
                let term = terms[column.term]
                let key = term.kind == .clock ? PanelColumnName.defenseYears.rawValue : term.base
                if !order.contains(key) { order.append(key) }
                let x = values[column.term][0]
                let contribution = fit.recalibration.slope * fit.fit.coefficients[j + 1] * column.apply(x)
                total[key, default: 0] += member.weight * contribution
                own[key, default: 0] += contribution
                guard column.role == .value else { continue }
                if term.kind != .systemRate {
                    // A count read back from ln(1 + x) is shown as the whole number it was.
                    let raw = term.logOnePlus ? expm1(x) : x
                    shown[key] = abs(raw - raw.rounded()) < 1e-9 ? raw.rounded() : raw
                }
                if seen.insert(key).inserted { usedWeight[key, default: 0] += member.weight }
                if fit.fit.pValues[j + 1] < 0.05 { clearWeight[key, default: 0] += member.weight }
                if term.kind != .systemRate, member.weight > typical[key]?.weight ?? -1 {
                    typical[key] = (member.weight, term.logOnePlus ? expm1(column.mean) : column.mean)
                }
            }
            members.append(own.map { .init(factor: $0.key, label: Self.label($0.key), logOdds: $0.value) }.sorted { abs($0.logOdds) > abs($1.logOdds) })
        }
        let pooled = order.map { key in
            OnsetForecast.Contribution(
                label: Self.label(key), terms: [key], logOdds: total[key] ?? 0, values: [shown[key] ?? .nan],
                baseline: [typical[key]?.value ?? .nan], clear: (clearWeight[key] ?? 0) > (usedWeight[key] ?? 0) / 2)
        }
        return (pooled, members)
    }

    private static func label(_ key: String) -> String { OnsetForecaster.labels[key] ?? key }

    /// The yearly hazards whose compounding gives `cumulative`.
    static func hazards(_ cumulative: [Double]) -> [Double] {
        var previous = 0.0
        return cumulative.map { value in
            defer { previous = value }
            return previous >= 1 ? 0 : 1 - (1 - value) / (1 - previous)
        }
    }

    private static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-15), 1 - 1e-15)
        return log(q / (1 - q))
    }
}
