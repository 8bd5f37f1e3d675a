import EntenteCore
import Foundation

/// A recalibration of a member's log-odds, p = σ(a + b·η), fitted on the member's out-of-sample forecasts
/// inside the training window (the identity until then).
public struct Recalibration: Sendable, Codable, Equatable {
    public var intercept: Double
    public var slope: Double

    public static let identity = Recalibration(intercept: 0, slope: 1)

    /// The probability for log-odds `eta`.
    @inline(__always) public func probability(_ eta: Double) -> Double { LogisticRegression.logistic(intercept + slope * eta) }

    /// The intercept and slope of a logistic regression of the outcomes on the log-odds; the identity when the
    /// fit fails or the slope is not positive (the forecasts rank worse than chance: no recalibration can help).
    public static func fit(logOdds: [Double], outcomes: [Bool]) -> Recalibration {
        let design = RegressionDesign(predictors: ["eta"], outcome: outcomes.map { $0 ? 1 : 0 }, values: logOdds)
        guard let fit = try? LogisticRegression.fit(design), fit.coefficients[1] > 0 else { return .identity }
        return Recalibration(intercept: fit.coefficients[0], slope: fit.coefficients[1])
    }
}

/// One member fitted on training rows with one configuration: its transform, the logistic fit on the
/// standardised design, and its recalibration.
public struct MemberFit: Sendable, Codable {
    public var member: String
    public var configuration: MemberConfiguration
    public var trainYears: ClosedRange<Int>
    /// The source terms the member used (names as `ForecastTerm.description`), the system rate included when the
    /// configuration has it.
    public var terms: [String]
    public var transform: TermTransform
    public var fit: LogisticFit
    public var recalibration: Recalibration

    /// The source-term indices a member uses under a configuration.
    static func termIndices(_ member: EnsembleMember, _ configuration: MemberConfiguration, source: PredictorSource,
                            panelTerms: [ForecastTerm]) throws -> [Int] {
        var wanted = panelTerms
        if let term = configuration.systemTerm { wanted.append(term) }
        return try wanted.map { term in
            guard let index = source.terms.firstIndex(of: term) else { throw ModelError("the source lacks the term \(term)") }
            return index
        }
    }

    /// Fits `member` on the table rows `rows` (its training years). Columns that separate the outcome in the fit
    /// itself, or are collinear with others, are dropped and the fit repeated (at most four times), each named in
    /// `transform.dropped`.
    public static func fit(_ member: EnsembleMember, panelTerms: [ForecastTerm], configuration: MemberConfiguration,
                           source: PredictorSource, table: ReadingTable, rows: [Int], trainYears: ClosedRange<Int>,
                           clustered: Bool) throws -> MemberFit {
        let terms = try termIndices(member, configuration, source: source, panelTerms: panelTerms)
        let names = source.terms.map(\.description)
        var transform = TermTransform.fit(table: table, rows: rows, terms: terms, names: names)
        let options = LogisticOptions(l2Penalty: configuration.l2Penalty, minimumEvents: TermTransform.minimumEvents, maxIterations: 100)
        var attempt = 0
        while true {
            attempt += 1
            let design = transform.design(table: table, rows: rows, source: source, clustered: clustered)
            let fit: LogisticFit
            do throws(LogisticDiagnostic) {
                fit = try LogisticRegression.fit(design, options: options)
            } catch {
                switch error {
                case .separation(let columns) where attempt < 4 && !columns.contains("(Intercept)"):
                    transform.drop(columns, reason: "separation in the fit (coefficients ran off)")
                    continue
                case .collinear(let columns) where attempt < 4 && !columns.contains("(Intercept)"):
                    transform.drop(columns, reason: "collinear with the intercept and earlier columns")
                    continue
                default:
                    throw ModelError("\(member.name) (\(configuration)) on \(trainYears.lowerBound)-\(trainYears.upperBound): \(error)")
                }
            }
            return MemberFit(member: member.name, configuration: configuration, trainYears: trainYears,
                             terms: terms.map { names[$0] }, transform: transform, fit: fit, recalibration: .identity)
        }
    }

    /// Writes the design this member was fitted on (its training rows, standardised columns) as `model fit
    /// --from-design` reads it, so that any logistic regression can be fitted on the same matrix and compared.
    public func writeDesign(to path: String, table: ReadingTable, source: PredictorSource) throws {
        let rows = table.indices(in: trainYears)
        let design = transform.design(table: table, rows: rows, source: source, clustered: false)
        try design.writeCSV(to: path, outcome: source.outcome.rawValue, keys: rows.map { row in
            let panelRow = table.rows[row]
            return (source.ccode1[panelRow], source.ccode2[panelRow], table.years[row])
        })
    }

    /// The log-odds (before recalibration) of table row `row`.
    @inline(__always) public func logOdds(table: ReadingTable, row: Int) -> Double {
        var eta = fit.coefficients[0]
        for (j, column) in transform.columns.enumerated() {
            eta += fit.coefficients[j + 1] * column.apply(table.values[column.term][row])
        }
        return eta
    }

    /// The recalibrated probability of table row `row`.
    public func probability(table: ReadingTable, row: Int) -> Double { recalibration.probability(logOdds(table: table, row: row)) }

    /// The design vectors for years 1…`horizon` after an origin: the origin table's row with the clock moved on
    /// (every other term held at the origin).
    public func designPath(table: ReadingTable, row: Int, source: PredictorSource, horizon: Int) -> [[Double]] {
        let first = transform.apply(table: table, row: row)
        guard let clock = source.terms.firstIndex(of: .clock) else { return Array(repeating: first, count: horizon) }
        let originRow = table.rows[row]
        return (1...horizon).map { ahead in
            guard ahead > 1 else { return first }
            let reading = source.reading(clock, anchor: originRow, forecastYear: Int(source.year[originRow]) + ahead).value
            var x = first
            for (j, column) in transform.columns.enumerated() where column.term == clock { x[j] = column.apply(reading) }
            return x
        }
    }

    /// Yearly hazards along a design path for coefficients `beta` (the fit's or a draw).
    public func hazards(_ path: [[Double]], beta: [Double]) -> [Double] {
        path.map { x in recalibration.probability(zip(beta.dropFirst(), x).reduce(beta[0]) { $0 + $1.0 * $1.1 }) }
    }

    /// Each column's contribution to the first year's log-odds against the training mean (0 on the standardised
    /// scale): β_j·z_j, before recalibration's slope.
    public func contributions(table: ReadingTable, row: Int) -> [(name: String, logOdds: Double)] {
        transform.columns.enumerated().map { j, column in
            (column.name, fit.coefficients[j + 1] * column.apply(table.values[column.term][row]))
        }
    }
}

/// 1 − Π(1 − hᵢ) for each prefix of yearly hazards.
public func cumulativeProbabilities(_ hazards: [Double]) -> [Double] {
    var survival = 1.0
    return hazards.map { hazard in
        survival *= 1 - hazard
        return 1 - survival
    }
}
