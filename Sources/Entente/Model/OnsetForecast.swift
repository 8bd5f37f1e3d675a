import EntenteCore
import Foundation

/// Where a forecast starts: the dyad's panel values in the last year they describe, the datasets' last year
/// updated with analyst-entered values from the case file.
public struct ForecastOrigin: Sendable {
    /// The year the values describe; the forecast's first year is the next.
    public var year: Int
    /// The last year of the datasets.
    public var dataYear: Int
    /// Panel columns (the dyad's orientation) in `year`.
    public var values: [String: Double]
    /// Case-file entries applied after the data end.
    public var entered: [CovariateEntry]
    /// Columns held at their `dataYear` value because nothing newer is known.
    public var carried: [String]
    /// Columns empty in the base year, filled from their last observed year (named in brackets).
    public var stale: [String]
    /// The year each of those columns was last observed.
    public var observedIn: [String: Int]

    /// The origin for the dyad's rows of a non-directed panel (any years), moved forward through the case file's
    /// entries up to `asOf` (default: the latest entry), or back to `asOf` when it is within the data.
    public init(rows: DyadYearPanel, covariates: [CovariateEntry] = [], asOf: Int? = nil) throws {
        guard let dataYear = rows.year.map(Int.init).max() else { throw ModelError("no panel rows for the dyad") }
        let lastEntry = covariates.map(\.year).max() ?? dataYear
        let target = asOf ?? max(dataYear, lastEntry)
        let base = min(target, dataYear)
        guard let row = rows.year.firstIndex(where: { Int($0) == base }) else {
            throw ModelError("the dyad has no panel row in \(base)")
        }
        var values = Dictionary(uniqueKeysWithValues: rows.columns.map { ($0.name, $0.values[row]) })
        // A dataset that ends before the panel (IGO and MID data end in 2014) leaves the latest years empty: the
        // last observed value stands in, and the briefing says so.
        var stale: [String] = [], observedIn: [String: Int] = [:]
        for column in rows.columns where column.values[row].isNaN {
            let earlier = (0..<rows.count).filter { Int(rows.year[$0]) < base && !column.values[$0].isNaN }
            if let last = earlier.max(by: { rows.year[$0] < rows.year[$1] }) {
                values[column.name] = column.values[last]
                stale.append("\(column.name) (\(rows.year[last]))")
                observedIn[column.name] = Int(rows.year[last])
            }
        }
        let entered = covariates.filter { $0.year > base && $0.year <= target }.sorted { ($0.year, $0.column) < ($1.year, $1.column) }
        for entry in entered { values[entry.column] = entry.value }
        // Years pass without a pact unless the case file enters one; the time terms follow.
        let years = Double(target - base)
        if let last = values[.defenseYears] { Self.setDefenseYears(values[.atop(.defense)] != 1 ? last + years : last, in: &values) }
        let enteredColumns = Set(entered.map(\.column))
        self.year = target
        self.dataYear = dataYear
        self.values = values
        self.entered = entered
        self.carried = (target > base ? values.keys.filter { !enteredColumns.contains($0) && !PanelColumnName.isDefenseYears($0) }.sorted() : [])
        self.stale = stale.sorted()
        self.observedIn = observedIn
    }
}

/// The model's forecast for one dyad: the yearly hazard of a defence-pact onset, the cumulative probability
/// within each horizon with a 90% interval, and what drives and holds back the log-odds.
public struct OnsetForecast: Sendable {
    /// One forecast year.
    public struct Year: Sendable {
        public var year: Int
        /// The onset probability in this year alone (point estimate).
        public var hazard: Double
        /// The probability of an onset by the end of this year: 1 − Π(1 − hazard).
        public var cumulative: Double
        /// The median and the 5% and 95% points of the cumulative probability over coefficient draws.
        public var median: Double
        public var lower: Double
        public var upper: Double
    }

    /// A group of terms' contribution to the first year's log-odds against the system baseline.
    public struct Contribution: Sendable {
        public var label: String
        public var terms: [String]
        /// Σ β_j (x_j − x̄_j): positive pushes towards a pact.
        public var logOdds: Double
        /// The dyad's values and the baseline means, in term order.
        public var values: [Double]
        public var baseline: [Double]
        /// Whether the estimate behind it is distinguishable from zero (p < 0.05; for an ensemble, in the members
        /// holding most of the weight).
        public var clear: Bool
    }

    /// An ensemble member's own forecast beside the pool's.
    public struct MemberForecast: Sendable {
        public var name: String
        /// What the member stands for, in a line.
        public var summary: String
        public var weight: Double
        /// Its cumulative probability within 1…horizon years (point estimate).
        public var cumulative: [Double]
        /// Its own contributions to the first year's log-odds by factor, largest in size first: why members differ.
        public var contributions: [Factor]

        /// One factor's contribution to a member's log-odds.
        public struct Factor: Sendable {
            /// The panel column or derived quantity, as in `Contribution.terms`.
            public var factor: String
            public var label: String
            public var logOdds: Double
        }
    }

    public var origin: ForecastOrigin
    public var years: [Year]
    public var contributions: [Contribution]
    /// The first year's log-odds, and the log-odds at the baseline (every predictor at its mean).
    public var logOdds: Double
    public var baselineLogOdds: Double
    /// Whether a defence pact is already in force at the origin (then an onset cannot happen).
    public var alreadyAllied: Bool
    /// The members' own forecasts when the forecast is an ensemble's (empty for one model).
    public var members: [MemberForecast] = []

    /// The forecast for the `horizon`-th year (1-based).
    public func within(_ horizon: Int) -> Year? { years.indices.contains(horizon - 1) ? years[horizon - 1] : nil }

    /// The contributions pushing towards a pact, largest first.
    public var drivers: [Contribution] { contributions.filter { $0.logOdds > 0 }.sorted { $0.logOdds > $1.logOdds } }
    /// The contributions holding it back, largest first.
    public var barriers: [Contribution] { contributions.filter { $0.logOdds < 0 }.sorted { $0.logOdds < $1.logOdds } }
}

/// A scenario's forecast beside the baseline, both from the same coefficient draws and noise paths.
public struct ScenarioForecast: Sendable {
    public var scenario: Scenario
    public var baseline: [OnsetForecast.Year]
    public var shocked: [OnsetForecast.Year]
    /// The sign of the change in the first shocked year's log-odds at the point estimate: the direction the
    /// scenario's definition implies through the model (0: it touches no term the model uses).
    public var impliedDirection: Int
    /// The share of paths whose cumulative probability at the horizon is higher than the baseline's.
    public var shareHigher: Double
    /// Shocked columns the model does not use.
    public var unused: [String]
}

/// Forecasts and scenarios from a fitted model by simulation: coefficient draws from N(β̂, V) and, where a
/// scenario says so, normal noise around the shocked covariates.
public struct OnsetForecaster: Sendable {
    public let model: AllianceModel
    public var draws: Int
    public var seed: UInt64

    /// A forecaster with `draws` simulated paths, reproducible for `seed`.
    public init(model: AllianceModel, draws: Int = 2_000, seed: UInt64 = 2_026) {
        self.model = model
        self.draws = draws
        self.seed = seed
    }

    /// Plain-language names for the terms of the shipped models.
    public static let labels: [String: String] = [
        PanelColumnName.unAgree.rawValue: "UN voting agreement",
        DerivedQuantity.westSanctionsMin.name: "Western sanctions on both (shared pressure)",
        PanelColumnName.commonSender.rawValue: "sanctioned by the same senders",
        PanelColumnName.commonFoe.rawValue: "a common foe in militarised disputes",
        PanelColumnName.igoShared.rawValue: "shared IGO memberships (SCO and others)",
        PanelColumnName.polityDiff.rawValue: "regime difference",
        PanelColumnName.capRatioLn.rawValue: "capability gap",
        DerivedQuantity.landContiguity.name: "a shared land border",
        DerivedQuantity.majorAny.name: "a major power in the pair",
        PanelColumnName.alliesCommon.rawValue: "allies in common",
        PanelColumnName.defenseYears.rawValue: "years without a defence pact",
        PanelColumnName.capitalDistanceLn.rawValue: "distance between capitals",
        PanelColumnName.triadClosure.rawValue: "ties to common third states",
        PanelColumnName.jointDemocracy.rawValue: "both democracies",
        DerivedQuantity.lowerTie.name: "a lesser treaty tie (consultation, non-aggression, neutrality)",
        SystemRate.Count.dyadOnsets.termBase: "how many new pacts the world has formed lately",
        PanelColumnName.midYears.rawValue: "years since their last militarised dispute",
        PanelColumnName.midOngoing.rawValue: "a militarised dispute between them",
        PanelColumnName.rivalsCommon.rawValue: "strategic rivals in common",
        PanelColumnName.rivalry.rawValue: "rivals of each other",
        DerivedQuantity.westSanctionsMax.name: "Western sanctions on the more sanctioned state",
        DerivedQuantity.majorBoth.name: "both major powers",
        SystemRate.Count.bilateralTreaties.termBase: "how many new two-state defence treaties the world has signed lately",
        PanelColumnName.ucdpTogether.rawValue: "fighting on the same side in a war (UCDP)",
        PanelColumnName.ucdpOpposed.rawValue: "fighting on opposite sides in a war (UCDP)",
        DerivedQuantity.ucdpConflictsMin.name: "both at war (UCDP)",
        DerivedQuantity.gdpLnMin.name: "the size of the smaller economy",
        DerivedQuantity.gdppcGap.name: "the gap in income per head",
        DerivedQuantity.regionalPowerAny.name: "a regional power in the pair",
        DerivedQuantity.terrthreatMax.name: "a territorial threat",
        PanelColumnName.idealDistance.rawValue: "distance between their UN voting positions",
        DerivedQuantity.tradeDepMin.name: "trade dependence (the less dependent side)",
        PanelColumnName.armsTIV.rawValue: "arms transfers between them",
    ]

    /// The forecast for `horizon` years after the origin.
    public func forecast(_ origin: ForecastOrigin, horizon: Int = 10) throws -> OnsetForecast {
        let point = try hazards(origin, horizon: horizon, shocks: [], coefficients: [model.fit.coefficients], noiseSeed: nil)[0]
        let simulated = try hazards(origin, horizon: horizon, shocks: [], coefficients: coefficientDraws, noiseSeed: nil)
        let first = try termValues(origin, horizon: 1, shocks: [], paths: 1, noiseSeed: nil)[0][0]
        return OnsetForecast(origin: origin, years: Self.years(origin.year, point: point, simulated: simulated),
                             contributions: contributions(first), logOdds: model.fit.linearPredictor(first),
                             baselineLogOdds: model.fit.linearPredictor(model.predictorMeans),
                             alreadyAllied: origin.values[.atop(.defense)] == 1)
    }

    /// The scenario's forecast beside the baseline over the scenario's horizon.
    public func scenario(_ scenario: Scenario, origin: ForecastOrigin) throws -> ScenarioForecast {
        let draws = coefficientDraws
        return try ScenarioForecast(scenario, origin: origin, paths: draws.count, used: Set(model.specification.terms.flatMap(Self.inputs)),
                                    seed: seed) { shocks, point, noiseSeed in
            try hazards(origin, horizon: scenario.horizonYears, shocks: shocks, coefficients: point ? [model.fit.coefficients] : draws,
                        noiseSeed: noiseSeed)
        }
    }

    private var coefficientDraws: [[Double]] { model.fit.coefficientDraws(count: draws, seed: seed) }

    /// The panel columns a term reads.
    static func inputs(_ term: ModelTerm) -> [String] {
        ModelTerm.derived.first { $0.name == term.base }?.inputs.map(\.rawValue) ?? [term.base]
    }

    /// Yearly hazards for each coefficient vector (one path per vector; noise, when a shock has it, differs by path).
    private func hazards(_ origin: ForecastOrigin, horizon: Int, shocks: [ScenarioShock], coefficients: [[Double]],
                         noiseSeed: UInt64?) throws -> [[Double]] {
        let terms = try termValues(origin, horizon: horizon, shocks: shocks, paths: coefficients.count, noiseSeed: noiseSeed)
        return zip(terms, coefficients).map { path, beta in
            path.map { row in LogisticRegression.logistic(zip(beta.dropFirst(), row).reduce(beta[0]) { $0 + $1.0 * $1.1 }) }
        }
    }

    /// The model's term values for each path and forecast year: the origin's values with the time terms moving
    /// on and the active shocks applied (plus their noise). Counts stay non-negative.
    private func termValues(_ origin: ForecastOrigin, horizon: Int, shocks: [ScenarioShock], paths: Int,
                            noiseSeed: UInt64?) throws -> [[[Double]]] {
        let panel = origin.paths(horizon: horizon, shocks: shocks, count: paths, noiseSeed: noiseSeed)
        let termColumns = try model.specification.terms.map { try ModelDesign.values(of: $0, in: panel) }
        if let missing = zip(model.specification.terms, termColumns).first(where: { $0.1.contains { $0.isNaN } }) {
            throw ModelError("the dyad has no value for \(missing.0) in \(origin.year)")
        }
        return (0..<paths).map { path in
            (0..<horizon).map { t in termColumns.map { $0[path * horizon + t] } }
        }
    }

    /// Each term group's β(x − x̄); the three time terms form one group.
    private func contributions(_ values: [Double]) -> [OnsetForecast.Contribution] {
        var groups: [(String, [Int])] = []
        for (index, term) in model.specification.terms.enumerated() {
            let key = PanelColumnName.isDefenseYears(term.base) ? PanelColumnName.defenseYears.rawValue : term.description
            if let position = groups.firstIndex(where: { $0.0 == key }) { groups[position].1.append(index) } else { groups.append((key, [index])) }
        }
        return groups.map { key, indices in
            OnsetForecast.Contribution(
                label: Self.labels[key] ?? key, terms: indices.map { model.specification.terms[$0].description },
                logOdds: indices.reduce(0) { $0 + model.fit.coefficients[$1 + 1] * (values[$1] - model.predictorMeans[$1]) },
                values: indices.map { values[$0] }, baseline: indices.map { model.predictorMeans[$0] },
                clear: indices.contains { model.fit.pValues[$0 + 1] < 0.05 })
        }
    }

    static func years(_ origin: Int, point: [Double], simulated: [[Double]]) -> [OnsetForecast.Year] {
        let pointCumulative = cumulativeProbabilities(point)
        let paths = simulated.map(cumulativeProbabilities)
        return point.indices.map { t in
            let values = paths.map { $0[t] }
            return OnsetForecast.Year(year: origin + 1 + t, hazard: point[t], cumulative: pointCumulative[t],
                                      median: Statistics.quantile(values, 0.5) ?? pointCumulative[t],
                                      lower: Statistics.quantile(values, 0.05) ?? pointCumulative[t],
                                      upper: Statistics.quantile(values, 0.95) ?? pointCumulative[t])
        }
    }
}

extension ForecastOrigin {
    /// Sets the years without a defence pact and their square and cube, as the panel computes them.
    static func setDefenseYears(_ years: Double, in values: inout [String: Double]) {
        (values[.defenseYears], values[.defenseYears2], values[.defenseYears3]) = (years, years * years, years * years * years)
    }

    /// The origin's values along `count` paths of `horizon` years (path-major): the years without a pact moving on,
    /// the shocks active in each year applied (with their noise, different on each path, when `noiseSeed` is
    /// given). Counts stay non-negative.
    func paths(horizon: Int, shocks: [ScenarioShock], count: Int, noiseSeed: UInt64?) -> DyadYearPanel {
        let columns = values.keys.sorted()
        var data = columns.map { _ in [Double]() }
        var generator = SeededGenerator(seed: noiseSeed ?? 0)
        let firstYear = year + 1
        for _ in 0..<count {
            for t in 0..<horizon {
                var values = self.values
                if let time = values[.defenseYears], values[.atop(.defense)] != 1 { ForecastOrigin.setDefenseYears(time + Double(t + 1), in: &values) }
                for shock in shocks where shock.isActive(in: firstYear + t, firstForecastYear: firstYear, horizonYears: horizon) {
                    guard let base = values[shock.column] else { continue }
                    var value = shock.apply(to: base)
                    if let sd = shock.sd, noiseSeed != nil { value += sd * Statistics.standardNormal(using: &generator) }
                    values[shock.column] = base >= 0 ? max(0, value) : value
                }
                for (index, name) in columns.enumerated() { data[index].append(values[name] ?? .nan) }
            }
        }
        var panel = DyadYearPanel(directed: false)
        panel.year = Array(repeating: Int32(year), count: count * horizon)
        panel.ccode1 = Array(repeating: 0, count: count * horizon)
        panel.ccode2 = Array(repeating: 0, count: count * horizon)
        panel.columns = zip(columns, data).map { PanelColumn(name: $0, kind: .real, values: $1) }
        return panel
    }
}

extension ScenarioForecast {
    /// A scenario against the baseline from one model's hazards: `hazards(shocks, point, noiseSeed)` gives the
    /// yearly hazards of every path (one path for the point estimate), the same parameter draws with and without
    /// the shocks.
    init(_ scenario: Scenario, origin: ForecastOrigin, paths: Int, used: Set<String>, seed: UInt64,
         hazards: ([ScenarioShock], _ point: Bool, _ noiseSeed: UInt64?) throws -> [[Double]]) throws {
        let horizon = scenario.horizonYears
        let baseline = try hazards([], false, nil)
        let shocked = try hazards(scenario.shocks, false, seed &+ 1)
        let basePoint = try hazards([], true, nil)[0]
        let shockedPoint = try hazards(scenario.shocks, true, nil)[0]
        // The first year any shock is in force, for the implied direction.
        let firstShocked = (0..<horizon).first { t in
            scenario.shocks.contains { $0.isActive(in: origin.year + 1 + t, firstForecastYear: origin.year + 1, horizonYears: horizon) }
        }
        let difference = firstShocked.map { shockedPoint[$0] - basePoint[$0] } ?? 0
        let higher = zip(baseline, shocked).filter { cumulativeProbabilities($1).last! > cumulativeProbabilities($0).last! }.count
        self.init(scenario: scenario, baseline: OnsetForecaster.years(origin.year, point: basePoint, simulated: baseline),
                  shocked: OnsetForecaster.years(origin.year, point: shockedPoint, simulated: shocked),
                  impliedDirection: abs(difference) < 1e-15 ? 0 : (difference > 0 ? 1 : -1),
                  shareHigher: Double(higher) / Double(max(1, paths)),
                  unused: scenario.shocks.map(\.column).filter { !used.contains($0) })
    }
}
