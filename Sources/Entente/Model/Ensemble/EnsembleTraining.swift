import EntenteCore
import Foundation

/// A block of the inner validation: fit on the years up to `fitThrough`, forecast `testYears`.
public struct InnerBlock: Sendable, Codable, Hashable {
    public var fitThrough: Int
    public var testYears: ClosedRange<Int>
}

/// Forward-chaining blocks of years inside a training window: every choice a model makes (penalty, the system
/// rate, recalibration, the ensemble's weights) is made on these, so nothing after the window is ever seen.
public enum InnerValidation {
    /// Years of the window the blocks cover, and the length of each block.
    public static let span = 25
    public static let step = 5

    /// The blocks for a window ending `trainThrough`: origins on the grid of multiples of `step` from
    /// `trainThrough − span` to `trainThrough − 1` (and no earlier than `earliestFit`), each tested on the years
    /// after it up to `step` later and never past `trainThrough`. On a fixed grid, backtests at neighbouring
    /// origins share the same fits.
    public static func blocks(trainThrough: Int, earliestFit: Int, span: Int = span, step: Int = step) -> [InnerBlock] {
        let first = Int((Double(max(trainThrough - span, earliestFit)) / Double(step)).rounded(.up)) * step
        return stride(from: first, to: trainThrough, by: step).map { origin in
            InnerBlock(fitThrough: origin, testYears: (origin + 1)...min(origin + step, trainThrough))
        }
    }
}

/// Trains the ensemble at any origin from one panel: each member's configuration, terms, recalibration and weight
/// from the inner blocks, then each member refitted on the whole window. Inner fits are kept, so a backtest over
/// neighbouring origins fits each block once. Independent fits run side by side on the machine's cores (each is
/// deterministic, so the results do not depend on their order); the kept fits are guarded by a lock, so one trainer
/// may serve several callers; set `progress` before sharing it.
public final class EnsembleTrainer: @unchecked Sendable {
    public let source: PredictorSource
    /// Every dyad-year at risk, in year order, read for its own year.
    public let table: ReadingTable
    public let members: [EnsembleMember]
    /// Each member's terms on this panel (optional terms the panel lacks left out).
    public let memberTerms: [[ForecastTerm]]
    /// Each member's candidate terms on this panel (`TermScreening`); empty when the trainer does not screen.
    public let memberCandidates: [[ForecastTerm]]
    /// Each member's own lagged terms on the other scale (ln(1 + x) for a linear term, linear for a logged one),
    /// which the screening tries in their place; empty when the trainer does not screen.
    public let memberRescaled: [[ForecastTerm]]
    public let grid: [MemberConfiguration]
    /// Progress messages (the command line shows them).
    public var progress: (String) -> Void = { _ in }

    private struct Key: Hashable { var member: Int, configuration: Int, fitThrough: Int, terms: [ForecastTerm] }
    private var cache: [Key: [Double]] = [:]
    private var failures: [Key: String] = [:]
    private let lock = NSLock()
    private let progressLock = NSLock()

    /// A trainer for `members` (one outcome) on the non-directed `panel`. With `screening` (the default) each
    /// member's terms are screened on the inner blocks (`TermScreening`); without, every member keeps its own.
    public init(panel: DyadYearPanel, members: [EnsembleMember], grid: [MemberConfiguration] = MemberConfiguration.grid,
                screening: Bool = true) throws {
        guard let outcome = members.first?.outcome, members.allSatisfy({ $0.outcome == outcome }) else {
            throw ModelError("an ensemble needs members, all with one outcome")
        }
        guard !grid.isEmpty else { throw ModelError("an empty configuration grid") }
        self.members = members
        self.grid = grid
        memberTerms = members.map { $0.terms(for: panel) }
        memberCandidates = members.map { screening ? $0.candidates(for: panel) : [] }
        memberRescaled = memberTerms.map { terms in screening ? terms.filter { $0.kind == .lagged }.map(\.onTheOtherScale) : [] }
        var union: [ForecastTerm] = []
        for term in Array(memberTerms.joined()) + Array(memberCandidates.joined()) + Array(memberRescaled.joined())
            + grid.compactMap(\.systemTerm).sorted(by: { ($0.base, $0.window ?? 0) < ($1.base, $1.window ?? 0) })
        where !union.contains(term) { union.append(term) }
        source = try PredictorSource(panel: panel, terms: union, outcome: outcome)
        let first = members.map(\.firstYear).min()!
        table = ReadingTable(source: source, rows: source.atRiskRows(in: first...source.lastYear))
    }

    /// Optional terms each member goes without on this panel.
    public var missingOptional: [[String]] {
        zip(members, memberTerms).map { member, terms in member.optionalTerms.filter { !terms.contains($0) }.map(\.description) }
    }

    /// The inner blocks of a window, the rows each tests, and their outcomes and years pooled.
    private struct InnerRows {
        var blocks: [InnerBlock]
        var rows: [[Int]]
        var outcomes: [Bool]
        var years: [Int32]
    }

    /// The ensemble trained on the years up to `trainThrough`. `clustered` gives the final fits dyad-clustered
    /// covariances (for coefficient draws); backtests, which need point forecasts only, leave it off.
    public func train(through trainThrough: Int, clustered: Bool = false) throws -> EnsembleModel {
        let earliest = members.map(\.firstYear).max()! + InnerValidation.step
        var blocks = InnerValidation.blocks(trainThrough: trainThrough, earliestFit: earliest)
        // Every member and configuration on every block; a block any fit fails on is left out for all, so every
        // member is scored on the same rows.
        fitInnerBlocks(blocks.flatMap { block in
            members.indices.flatMap { m in
                grid.indices.map { Key(member: m, configuration: $0, fitThrough: block.fitThrough, terms: memberTerms[m]) }
            }
        })
        let failures = lock.withLock { self.failures }
        blocks.removeAll { block in
            members.indices.contains { m in
                grid.indices.contains { failures[Key(member: m, configuration: $0, fitThrough: block.fitThrough, terms: memberTerms[m])] != nil }
            }
        }
        guard !blocks.isEmpty else {
            throw ModelError("no inner block could be fitted for every member before \(trainThrough): "
                + (failures.values.first ?? "no years to validate on"))
        }
        let inner = innerRows(blocks)
        var choices: [Choice] = []
        for m in members.indices {
            let configurationScores = grid.indices.map { c in
                MixtureWeights.logScore(weights: [1], forecasts: [pooledLogOdds(m, c, memberTerms[m], inner)!.map(LogisticRegression.logistic)],
                                        outcomes: inner.outcomes)
            }
            let best = configurationScores.indices.min { configurationScores[$0] < configurationScores[$1] }!
            choices.append(Choice(configuration: best, screening: memberCandidates[m].isEmpty ? nil : screen(m, configuration: best, inner),
                                  scores: zip(grid, configurationScores).map { EnsembleModel.ConfigurationScore(configuration: $0, logScore: $1) }))
        }
        return try finish(through: trainThrough, inner: inner, choices: choices, clustered: clustered)
    }

    /// What the inner blocks chose for a member: a configuration (an index into `grid`), its terms, and every
    /// configuration's score.
    private struct Choice {
        var configuration: Int
        var screening: TermScreening?
        var scores: [EnsembleModel.ConfigurationScore]
    }

    /// Member `m`'s terms under `choice`: those its screening kept, else its own.
    private func terms(_ m: Int, _ choice: Choice) -> [ForecastTerm] {
        choice.screening.map(terms(named:)) ?? memberTerms[m]
    }

    /// The inner rows of `blocks`.
    private func innerRows(_ blocks: [InnerBlock]) -> InnerRows {
        let blockRows = blocks.map { table.indices(in: $0.testYears) }
        return InnerRows(blocks: blocks, rows: blockRows, outcomes: blockRows.joined().map { table.outcomes[$0] },
                         years: blockRows.joined().map { table.years[$0] })
    }

    /// `model` trained again, following its record: each member's configuration and terms as the record chose
    /// them, on its inner blocks, then the recalibrations, the weights and the final fits computed afresh. None
    /// of the choosing is repeated (the other configurations, the screening's trials), so this costs a few fits
    /// per member; what it gives equals `model` when `model` was trained on this trainer's data.
    public func refit(following model: EnsembleModel, clustered: Bool = false) throws -> EnsembleModel {
        guard model.members.map(\.name) == members.map(\.name) else {
            throw ModelError("the record's members (\(model.members.map(\.name).joined(separator: ", "))) are not this trainer's")
        }
        let choices = try zip(members, model.members).map { member, record in
            guard let c = grid.firstIndex(of: record.fit.configuration) else {
                throw ModelError("\(member.name): the configuration \(record.fit.configuration) is not on this trainer's grid")
            }
            if let screening = record.screening, let unknown = screening.terms.first(where: { name in !source.terms.contains { $0.description == name } }) {
                throw ModelError("\(member.name): the term \(unknown) is not among this trainer's")
            }
            return Choice(configuration: c, screening: record.screening, scores: record.configurationScores)
        }
        let inner = innerRows(model.blocks)
        fitInnerBlocks(inner.blocks.flatMap { block in
            members.indices.map { m in
                Key(member: m, configuration: choices[m].configuration, fitThrough: block.fitThrough,
                    terms: terms(m, choices[m]))
            }
        })
        return try finish(through: model.trainThrough, inner: inner, choices: choices, clustered: clustered)
    }

    /// The ensemble from the members' choices: each member's recalibration on its pooled inner forecasts, the
    /// weights, and each member refitted on the whole window.
    private func finish(through trainThrough: Int, inner: InnerRows, choices: [Choice], clustered: Bool) throws -> EnsembleModel {
        var recalibrations: [Recalibration] = [], calibrated: [[Double]] = []
        for m in members.indices {
            guard let eta = pooledLogOdds(m, choices[m].configuration, terms(m, choices[m]), inner) else {
                throw ModelError("\(members[m].name): an inner block could not be fitted with the chosen terms")
            }
            let recalibration = Recalibration.fit(logOdds: eta, outcomes: inner.outcomes)
            recalibrations.append(recalibration)
            calibrated.append(eta.map(recalibration.probability))
        }
        let weights = MixtureWeights.fit(forecasts: calibrated, outcomes: inner.outcomes)
        let kept = members.indices.map { terms($0, choices[$0]) }, configurations = choices.map { grid[$0.configuration] }

        let first = members.map(\.firstYear).min()!
        let trainRows = table.indices(in: first...trainThrough)
        let trainEvents = trainRows.reduce(0) { $0 + (table.outcomes[$1] ? 1 : 0) }
        let fits = inParallel(members.indices.map { m in
            { @Sendable [self, kept, configurations] in
                report("fitting \(members[m].name) on \(members[m].firstYear)-\(trainThrough)")
                let years = members[m].firstYear...trainThrough
                return try MemberFit.fit(members[m], panelTerms: kept[m],
                                         configuration: configurations[m], source: source, table: table,
                                         rows: table.indices(in: years), trainYears: years, clustered: clustered)
            }
        })
        var trained: [EnsembleModel.Member] = []
        for m in members.indices {
            var fit = try fits[m].get()
            fit.recalibration = recalibrations[m]
            trained.append(EnsembleModel.Member(
                name: members[m].name, summary: members[m].summary, weight: weights[m], fit: fit,
                innerLogScore: MixtureWeights.logScore(weights: [1], forecasts: [calibrated[m]], outcomes: inner.outcomes),
                configurationScores: choices[m].scores, missingOptional: missingOptional[m], screening: choices[m].screening))
        }
        return EnsembleModel(trainThrough: trainThrough, firstYear: first, trainRows: trainRows.count, trainEvents: trainEvents,
                             blocks: inner.blocks, innerRows: inner.outcomes.count, innerEvents: inner.outcomes.filter { $0 }.count,
                             innerLogScore: MixtureWeights.logScore(weights: weights, forecasts: calibrated, outcomes: inner.outcomes),
                             members: trained)
    }

    /// Member `m`'s inner log-odds with `terms` under configuration `c`, pooled over the blocks (fitting what is
    /// not kept yet); nil when a block's fit fails.
    private func pooledLogOdds(_ m: Int, _ c: Int, _ terms: [ForecastTerm], _ inner: InnerRows) -> [Double]? {
        var pooled: [Double] = []
        for (block, rows) in zip(inner.blocks, inner.rows) {
            let key = Key(member: m, configuration: c, fitThrough: block.fitThrough, terms: terms)
            fitInnerBlock(key)
            guard let logOdds = lock.withLock({ cache[key] }) else { return nil }
            pooled += logOdds.prefix(rows.count)
        }
        return pooled
    }

    /// Screens member `m`'s terms under configuration `c` (`TermScreening`'s rule).
    private func screen(_ m: Int, configuration c: Int, _ inner: InnerRows) -> TermScreening {
        let own = memberTerms[m]
        // A term goes onto the log scale only where the training years show a non-negative count, not a 0/1 flag.
        let windowRows = table.indices(in: members[m].firstYear...(inner.blocks.last?.testYears.upperBound ?? members[m].firstYear))
        let rescaled: [(own: ForecastTerm, other: ForecastTerm)] = zip(own.filter { $0.kind == .lagged }, memberRescaled[m]).filter { term, other in
            guard other.logOnePlus else { return true }
            let column = table.values[source.terms.firstIndex(of: term)!]
            let observed = windowRows.lazy.map { column[$0] }.filter { !$0.isNaN }
            return observed.allSatisfy { $0 >= 0 } && observed.contains { $0 != 0 && $0 != 1 }
        }
        report("screening \(members[m].name): \(own.count - 1) terms without, \(memberCandidates[m].count) candidates with, "
            + "\(rescaled.count) on the other scale")
        let reference = pooledLogOdds(m, c, own, inner)!
        func compare(_ terms: [ForecastTerm]) -> ScoreDifference? {
            pooledLogOdds(m, c, terms, inner).map { ScoreDifference(reference: reference, challenger: $0, outcomes: inner.outcomes, group: inner.years) }
        }
        var trials: [TermScreening.Trial] = [], accepted: [(trial: Int, terms: [ForecastTerm], difference: ScoreDifference)] = []
        let changes = own.filter { $0 != .clock }.map { term in (TermScreening.Trial.Change.drop, term, own.filter { $0 != term }) }
            + memberCandidates[m].map { (TermScreening.Trial.Change.add, $0, own + [$0]) }
            + rescaled.map { term, other in (TermScreening.Trial.Change.rescale, other, own.map { $0 == term ? other : $0 }) }
        fitInnerBlocks(changes.flatMap { _, _, terms in
            inner.blocks.map { Key(member: m, configuration: c, fitThrough: $0.fitThrough, terms: terms) }
        })
        for (change, term, terms) in changes {
            let difference = compare(terms)
            let clear = difference?.isClear ?? false
            if clear, let difference { accepted.append((trials.count, terms, difference)) }
            trials.append(TermScreening.Trial(change: change, term: term.description, difference: difference, accepted: clear))
        }
        let dropped = Set(trials.filter { $0.accepted && $0.change == .drop }.map(\.term))
        let added = Set(trials.filter { $0.accepted && $0.change == .add }.map(\.term))
        let other = Dictionary(uniqueKeysWithValues: rescaled.filter { _, other in
            trials.contains { $0.accepted && $0.change == .rescale && $0.term == other.description }
        })
        var final = own.filter { !dropped.contains($0.description) }.map { other[$0] ?? $0 }
            + memberCandidates[m].filter { added.contains($0.description) }
        var combinedRejected = false
        // Changes that each help may not help together: the combination must beat the best change alone.
        if accepted.count > 1, let best = accepted.max(by: { $0.difference.gain < $1.difference.gain }),
           (compare(final)?.gain ?? -.infinity) < best.difference.gain {
            final = best.terms
            combinedRejected = true
            for i in trials.indices { trials[i].accepted = i == best.trial }
        }
        return TermScreening(trials: trials, terms: final.map(\.description), combinedRejected: combinedRejected)
    }

    /// The source's terms named by a screening, in its order.
    private func terms(named screening: TermScreening) -> [ForecastTerm] {
        screening.terms.map { name in source.terms.first { $0.description == name }! }
    }

    /// Fits the inner blocks `keys` not kept yet, side by side.
    private func fitInnerBlocks(_ keys: [Key]) {
        let missing = lock.withLock { keys.filter { cache[$0] == nil && failures[$0] == nil } }
        _ = inParallel(missing.map { key in { @Sendable [self] in fitInnerBlock(key) } })
    }

    /// Runs `work` on the machine's cores, each result in its place.
    private func inParallel<T: Sendable>(_ work: [@Sendable () throws -> T]) -> [Result<T, any Error>] {
        let results = ResultSlots<T>(count: work.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { i in results.set(i, Result { try work[i]() }) }
        return results.values
    }

    /// A progress message, one at a time whichever thread sends it.
    private func report(_ message: String) {
        progressLock.withLock { progress(message) }
    }

    /// Fits member `key.member` with configuration `key.configuration` and `key.terms` through `key.fitThrough`
    /// and keeps the log-odds of the `InnerValidation.step` years after it (or the reason it failed).
    private func fitInnerBlock(_ key: Key) {
        guard lock.withLock({ cache[key] == nil && failures[key] == nil }) else { return }
        let member = members[key.member]
        let years = member.firstYear...key.fitThrough
        report("inner fit: \(member.name), \(grid[key.configuration]), \(years.lowerBound)-\(years.upperBound)")
        do {
            let fit = try MemberFit.fit(member, panelTerms: key.terms, configuration: grid[key.configuration],
                                        source: source, table: table, rows: table.indices(in: years), trainYears: years, clustered: false)
            let test = table.indices(in: (key.fitThrough + 1)...(key.fitThrough + InnerValidation.step))
            let logOdds = test.map { fit.logOdds(table: table, row: $0) }
            lock.withLock { cache[key] = logOdds }
        } catch {
            lock.withLock { failures[key] = "\(error)" }
        }
    }
}

/// Results written from several threads, each to its own slot.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { slots[index] = result } }
    var values: [Result<T, any Error>] { lock.withLock { slots.map { $0! } } }
}

/// The ensemble trained through a year: its members' fits, weights and inner scores.
public struct EnsembleModel: Sendable, Codable {
    /// A configuration's mean log score on the inner blocks (before recalibration).
    public struct ConfigurationScore: Sendable, Codable {
        public var configuration: MemberConfiguration
        public var logScore: Double
    }

    public struct Member: Sendable, Codable {
        public var name: String
        public var summary: String
        /// The member's weight in the pool, from the inner blocks' log scores.
        public var weight: Double
        public var fit: MemberFit
        /// The mean log score of the member's recalibrated inner forecasts.
        public var innerLogScore: Double
        public var configurationScores: [ConfigurationScore]
        /// Optional terms the panel lacked.
        public var missingOptional: [String]
        /// How the inner blocks changed the member's terms (nil when the trainer did not screen).
        public var screening: TermScreening?
    }

    public var trainThrough: Int
    /// The earliest member's first year: the training base rate covers `firstYear…trainThrough`.
    public var firstYear: Int
    public var trainRows: Int
    public var trainEvents: Int
    public var blocks: [InnerBlock]
    public var innerRows: Int
    public var innerEvents: Int
    /// The pool's mean log score on the inner blocks.
    public var innerLogScore: Double
    public var members: [Member]

    /// The indices of the source terms some member's transform reads.
    public var usedTermIndices: Set<Int> { Set(members.flatMap { $0.fit.transform.columns.map(\.term) }) }

    /// The training base rate: onsets per dyad-year at risk over the window.
    public var baseRate: Double { Double(trainEvents) / Double(max(1, trainRows)) }

    /// Each member's probability for table row `row`, and the pool's.
    public func probabilities(table: ReadingTable, row: Int) -> (ensemble: Double, members: [Double]) {
        let each = members.map { $0.fit.probability(table: table, row: row) }
        return (zip(members, each).reduce(0) { $0 + $1.0.weight * $1.1 }, each)
    }

    /// The cumulative probability of an onset within each of 1…`horizon` years after an origin row of `table`
    /// (built with `ReadingTable(source:originRows:ahead: 1)`): the pool's and each member's, covariates held at the
    /// origin and the clock moving on.
    public func cumulative(table: ReadingTable, row: Int, source: PredictorSource, horizon: Int) -> (ensemble: [Double], members: [[Double]]) {
        let each = members.map { member in
            cumulativeProbabilities(member.fit.hazards(member.fit.designPath(table: table, row: row, source: source, horizon: horizon),
                                                       beta: member.fit.fit.coefficients))
        }
        let pooled = (0..<horizon).map { t in zip(members, each).reduce(0) { $0 + $1.0.weight * $1.1[t] } }
        return (pooled, each)
    }
}
