import EntenteCore
import Foundation

/// Terms read for a set of dyad-years: one column per term of a `PredictorSource`, NaN where missing after
/// carrying forward. Built once and shared by every member and fit that uses these rows.
public struct ReadingTable: Sendable {
    /// The panel rows, and the year each row's values are for.
    public let rows: [Int]
    public let years: [Int32]
    /// The outcome of each row (false where not yet known, as for forecast origins).
    public let outcomes: [Bool]
    /// Values by term, then row.
    public let values: [[Double]]
    /// Rows whose value was carried forward from an older year, by term.
    public let carried: [Int]
    /// Whether the rows are in year order.
    public let sortedByYear: Bool

    /// The fitted and tested dyad-years: `rows` read for their own year.
    public init(source: PredictorSource, rows: [Int]) {
        self.init(source: source, rows: rows, readings: { source.readings(forRow: $0) },
                  year: { Int32(source.year[$0]) }, outcome: { source.onset[$0] })
    }

    /// Forecast origins: `rows` (the origin year) read for the year `ahead` after it; outcomes unknown.
    public init(source: PredictorSource, originRows rows: [Int], ahead: Int) {
        self.init(source: source, rows: rows, readings: { source.readings(fromOrigin: $0, ahead: ahead) },
                  year: { source.year[$0] + Int32(ahead) }, outcome: { _ in false })
    }

    private init(source: PredictorSource, rows: [Int], readings: (Int) -> [PredictorSource.Reading],
                 year: (Int) -> Int32, outcome: (Int) -> Bool) {
        let k = source.terms.count
        var values = (0..<k).map { _ in [Double](repeating: .nan, count: rows.count) }
        var carried = [Int](repeating: 0, count: k)
        for (i, row) in rows.enumerated() {
            for (j, reading) in readings(row).enumerated() {
                values[j][i] = reading.value
                if reading.age > 0, !reading.value.isNaN { carried[j] += 1 }
            }
        }
        self.rows = rows
        let years = rows.map(year)
        self.years = years
        outcomes = rows.map(outcome)
        self.values = values
        self.carried = carried
        sortedByYear = zip(years, years.dropFirst()).allSatisfy { $0 <= $1 }
    }

    public var count: Int { rows.count }

    /// Indices of the rows whose year is in `years` (a binary search when the rows are in year order, as
    /// `PredictorSource.atRiskRows` gives them).
    public func indices(in years: ClosedRange<Int>) -> [Int] {
        guard sortedByYear else { return self.years.indices.filter { years.contains(Int(self.years[$0])) } }
        func firstIndex(atLeast year: Int) -> Int {
            var low = 0, high = self.years.count
            while low < high {
                let mid = (low + high) / 2
                if Int(self.years[mid]) < year { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return Array(firstIndex(atLeast: years.lowerBound)..<firstIndex(atLeast: years.upperBound + 1))
    }


}

/// A term's fitted transform: missing values filled with the training median (and flagged by an indicator column
/// when the training rows have any), values clamped to the training range, then standardised. Fitted on the
/// training rows alone and applied unchanged to any row, so nothing outside training moves the range.
public struct TermTransform: Sendable, Codable, Equatable {
    /// One column of the design.
    public struct Column: Sendable, Codable, Equatable {
        public enum Role: String, Sendable, Codable {
            /// The term's value, filled, clamped and standardised.
            case value
            /// 1 where the term is missing (after carrying forward), standardised.
            case missing
        }
        /// The term's index in the source's terms.
        public var term: Int
        public var name: String
        public var role: Role
        /// The training median, standing in for a missing value.
        public var fill: Double
        /// The training range values are clamped to.
        public var lower: Double
        public var upper: Double
        /// Mean and standard deviation over the training rows, after filling and clamping.
        public var mean: Double
        public var scale: Double

        /// The design value for a term value `x` (NaN: missing).
        @inline(__always) public func apply(_ x: Double) -> Double {
            switch role {
            case .value: ((x.isNaN ? fill : min(max(x, lower), upper)) - mean) / scale
            case .missing: ((x.isNaN ? 1 : 0) - mean) / scale
            }
        }

        /// The unstandardised value the column holds for `x`: filled and clamped (or the indicator).
        public func bounded(_ x: Double) -> Double {
            apply(x) * scale + mean
        }
    }

    /// A term or column left out, and why (reported with every fit).
    public struct Dropped: Sendable, Codable, Equatable {
        public var name: String
        public var reason: String
    }

    public var columns: [Column]
    public var dropped: [Dropped]

    /// Events needed on each side of a column's most common value (`fit`'s quasi-separation rule).
    public static let minimumEvents = 5

    /// Fits the transform of `terms` (indices into `names` and the table's columns) on the table rows `rows`.
    ///
    /// Rules, in order, each reported in `dropped`: a term observed in no training row is dropped; a column
    /// constant over the training rows is dropped; an indicator identical to an earlier one (the dyad's first
    /// year leaves every lagged term missing at once) is dropped; and a column whose most common value covers
    /// half the training rows or more must have at least `minimumEvents` events both at that value and away
    /// from it, else it (quasi-)separates the outcome and is dropped.
    public static func fit(table: ReadingTable, rows: [Int], terms: [Int], names: [String]) -> TermTransform {
        var columns: [Column] = [], dropped: [Dropped] = []
        var indicators: [[Bool]] = []
        let outcomes = rows.map { table.outcomes[$0] }
        for term in terms {
            let x = rows.map { table.values[term][$0] }
            let observed = x.filter { !$0.isNaN }.sorted()
            guard let lower = observed.first, let upper = observed.last else {
                dropped.append(Dropped(name: names[term], reason: "no value in the training years"))
                continue
            }
            let median = observed.count % 2 == 1 ? observed[observed.count / 2]
                : (observed[observed.count / 2 - 1] + observed[observed.count / 2]) / 2
            var candidates = [Column(term: term, name: names[term], role: .value, fill: median, lower: lower, upper: upper, mean: 0, scale: 1)]
            if observed.count < x.count {
                let flags = x.map(\.isNaN)
                if indicators.contains(flags) {
                    dropped.append(Dropped(name: "missing(\(names[term]))", reason: "the same rows as an earlier missing indicator"))
                } else {
                    indicators.append(flags)
                    candidates.append(Column(term: term, name: "missing(\(names[term]))", role: .missing, fill: 0, lower: 0, upper: 1, mean: 0, scale: 1))
                }
            }
            for var column in candidates {
                let bounded = x.map { column.apply($0) }
                let mean = bounded.reduce(0, +) / Double(max(1, bounded.count))
                let variance = bounded.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, bounded.count))
                guard variance > 1e-24 else {
                    dropped.append(Dropped(name: column.name, reason: "constant in the training years"))
                    continue
                }
                if let reason = separation(bounded, outcomes) {
                    dropped.append(Dropped(name: column.name, reason: reason))
                    continue
                }
                column.mean = mean
                column.scale = variance.squareRoot()
                columns.append(column)
            }
        }
        return TermTransform(columns: columns, dropped: dropped)
    }

    /// Why a column (quasi-)separates the outcome, or nil: fewer than `minimumEvents` events at its most common
    /// value or away from it, when that value covers at least half the rows.
    public static func separation(_ values: [Double], _ outcomes: [Bool]) -> String? {
        let sorted = values.sorted()
        var mode = sorted.first ?? 0, best = 0, run = 0
        for (index, value) in sorted.enumerated() {
            run = index > 0 && sorted[index - 1] == value ? run + 1 : 1
            if run > best { (best, mode) = (run, value) }
        }
        guard best * 2 >= values.count else { return nil }
        var atEvents = 0, events = 0
        for (value, event) in zip(values, outcomes) where event {
            events += 1
            if value == mode { atEvents += 1 }
        }
        let away = events - atEvents
        guard away < minimumEvents || atEvents < minimumEvents else { return nil }
        return "quasi-separation: \(atEvents) events at its most common value (\(best) rows) and \(away) elsewhere "
            + "(\(values.count - best) rows); at least \(minimumEvents) needed on each side"
    }

    /// The design values of table row `row`.
    public func apply(table: ReadingTable, row: Int) -> [Double] {
        columns.map { $0.apply(table.values[$0.term][row]) }
    }

    /// The regression design of `rows` of `table`, with the dyad as the cluster when `clustered`.
    public func design(table: ReadingTable, rows: [Int], source: PredictorSource, clustered: Bool) -> RegressionDesign {
        let width = columns.count
        var values = [Double](repeating: 0, count: rows.count * width)
        for (j, column) in columns.enumerated() {
            let x = table.values[column.term]
            for (i, row) in rows.enumerated() { values[i * width + j] = column.apply(x[row]) }
        }
        let clusters: [Int64]? = clustered ? rows.map { row in
            let panelRow = table.rows[row]
            return Int64(source.ccode1[panelRow]) << 16 | Int64(source.ccode2[panelRow])
        } : nil
        return RegressionDesign(predictors: columns.map(\.name), outcome: rows.map { table.outcomes[$0] ? 1 : 0 },
                                values: values, clusters: clusters)
    }

    /// Leaves out the columns named.
    public mutating func drop(_ names: [String], reason: String) {
        for name in names where columns.contains(where: { $0.name == name }) {
            columns.removeAll { $0.name == name }
            dropped.append(Dropped(name: name, reason: reason))
        }
    }
}
