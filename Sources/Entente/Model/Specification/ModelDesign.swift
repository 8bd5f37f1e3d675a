import EntenteCore
import EntenteFormats
import Foundation

/// The rows of a dyad-year panel a model uses, as a regression design, with the keys of each row and an account
/// of the rows left out.
public struct ModelDesign: Sendable {
    public var specification: ModelSpecification
    /// Outcome, predictors (in the specification's order) and the dyad of each row as its cluster.
    public var regression: RegressionDesign
    public var ccode1: [Int32]
    public var ccode2: [Int32]
    public var year: [Int32]
    /// Whether the outcome's provision was in force the year before (persistence; not-new ties).
    public var tiedBefore: [Bool]
    /// Rows of the years asked that were not at risk (the tie already existed the year before).
    public var notAtRisk: Int
    /// Rows left out for a missing value, by the first term found missing.
    public var missing: [(term: String, rows: Int)]

    /// The design for `specification` from a non-directed `panel`. Onset outcomes keep only the dyad-years at
    /// risk unless `atRiskOnly` is false (validation on all dyad-years).
    public init(panel: DyadYearPanel, specification: ModelSpecification, atRiskOnly: Bool? = nil) throws {
        guard !panel.directed else { throw ModelError("models are fitted on the non-directed panel") }
        self.specification = specification
        let atRiskOnly = atRiskOnly ?? specification.outcome.isOnset
        let outcome = try Self.outcomeValues(panel, specification.outcome)
        let inForce = try Self.inForceValues(panel, specification.outcome)
        let continuing = try Self.continuingValues(panel, specification.outcome)
        let predictors = try specification.terms.map { try Self.values(of: $0, in: panel) }

        var rowOf: [UInt64: Int] = [:]
        rowOf.reserveCapacity(panel.count)
        for row in 0..<panel.count {
            rowOf[PanelBuilder.key(Int(panel.ccode1[row]), Int(panel.ccode2[row]), Int(panel.year[row]))] = row
        }
        var values: [Double] = [], outcomes: [Double] = [], clusters: [Int64] = []
        var ccode1: [Int32] = [], ccode2: [Int32] = [], year: [Int32] = [], tiedBefore: [Bool] = []
        var notAtRisk = 0
        var missing = [Int](repeating: 0, count: predictors.count)
        var row = 0
        rows: while row < panel.count {
            defer { row += 1 }
            let y = Int(panel.year[row])
            guard y >= specification.firstYear, y <= specification.lastYear else { continue }
            let a = Int(panel.ccode1[row]), b = Int(panel.ccode2[row])
            // A pair new to the panel may continue a tie (a successor state's): then it was tied the year before.
            let before = rowOf[PanelBuilder.key(a, b, y - 1)].map { inForce[$0] == 1 } ?? continuing[row]
            if atRiskOnly && before {
                notAtRisk += 1
                continue
            }
            for (index, column) in predictors.enumerated() where column[row].isNaN {
                missing[index] += 1
                continue rows
            }
            for column in predictors { values.append(column[row]) }
            // A new tie of any provision is one in force now and absent the year before.
            outcomes.append(specification.outcome == .anyOnset ? (outcome[row] == 1 && !before ? 1 : 0) : outcome[row])
            clusters.append(Int64(a) << 16 | Int64(b))
            ccode1.append(Int32(a))
            ccode2.append(Int32(b))
            year.append(Int32(y))
            tiedBefore.append(before)
        }
        regression = RegressionDesign(predictors: specification.terms.map(\.description), outcome: outcomes,
                                      values: values, clusters: specification.clusterByDyad ? clusters : nil)
        self.ccode1 = ccode1
        self.ccode2 = ccode2
        self.year = year
        self.tiedBefore = tiedBefore
        self.notAtRisk = notAtRisk
        self.missing = zip(specification.terms, missing).filter { $1 > 0 }.map { ($0.description, $1) }
    }

    /// The rows whose year satisfies `keep`.
    public func rows(where keep: (Int) -> Bool) -> ModelDesign {
        var copy = self
        copy.select(year.indices.filter { keep(Int(year[$0])) })
        return copy
    }

    /// Keeps the rows at `selected`, in that order.
    mutating func select(_ selected: [Int]) {
        let width = regression.predictors.count
        regression = RegressionDesign(
            predictors: regression.predictors, outcome: selected.map { regression.outcome[$0] },
            values: selected.flatMap { regression.values[($0 * width)..<(($0 + 1) * width)] },
            clusters: regression.clusters.map { clusters in selected.map { clusters[$0] } })
        ccode1 = selected.map { ccode1[$0] }
        ccode2 = selected.map { ccode2[$0] }
        year = selected.map { year[$0] }
        tiedBefore = selected.map { tiedBefore[$0] }
    }

    /// The predictor values of row `row`.
    public func predictors(_ row: Int) -> [Double] {
        let width = regression.predictors.count
        return Array(regression.values[(row * width)..<((row + 1) * width)])
    }

    /// Writes the design as CSV, outcome first and then the predictors, exactly the rows and values the fit
    /// uses; and beside it (`FILE.keys.csv`) the dyad and year of each row in the same order, for clustering.
    public func exportCSV(to path: String) throws {
        try regression.writeCSV(to: path, outcome: specification.outcome.panelColumn?.rawValue ?? specification.outcome.rawValue,
                                keys: (0..<regression.count).map { (ccode1[$0], ccode2[$0], year[$0]) })
    }

    /// Where `exportCSV` writes the keys of a design written to `path`.
    public static func keysPath(_ path: String) -> String {
        (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".keys.csv"
    }

    /// A term's value in every panel row.
    static func values(of term: ModelTerm, in panel: DyadYearPanel) throws -> [Double] {
        var values: [Double]
        if let column = panel.column(term.base) {
            values = column.values
        } else if let derived = ModelTerm.derived.first(where: { $0.name == term.base }) {
            let inputs = try derived.inputs.map { name in
                guard let column = panel.column(name) else { throw ModelError("the panel lacks \(name), which \(derived.name) needs") }
                return column.values
            }
            values = (0..<panel.count).map { row in derived.value(inputs.map { $0[row] }) }
        } else {
            throw ModelError("unknown predictor \(term.base): use a panel column (entente panel --describe) or one of "
                + ModelTerm.derived.map(\.name).joined(separator: ", "))
        }
        if term.logOnePlus {
            values = values.map { $0 > -1 ? log1p($0) : .nan }
        }
        return values
    }

    static func outcomeValues(_ panel: DyadYearPanel, _ outcome: AllianceOutcome) throws -> [Double] {
        if let name = outcome.panelColumn {
            guard let column = panel.column(name) else { throw ModelError("the panel lacks the outcome column \(name)") }
            return column.values
        }
        return try inForceValues(panel, outcome)
    }

    /// 1 where the outcome's provision (any provision for `any-alliance`) is in force.
    static func inForceValues(_ panel: DyadYearPanel, _ outcome: AllianceOutcome) throws -> [Double] {
        let columns = try provisionColumns(panel, outcome, PanelColumnName.atop)
        return (0..<panel.count).map { row in columns.contains { $0[row] == 1 } ? 1 : 0 }
    }

    /// Whether one of the outcome's provisions is in force without being an onset: a tie that continues one of the
    /// year before, which the panel's onset columns recognise even where the pair had no dyad-year then.
    private static func continuingValues(_ panel: DyadYearPanel, _ outcome: AllianceOutcome) throws -> [Bool] {
        let inForce = try provisionColumns(panel, outcome, PanelColumnName.atop), onset = try provisionColumns(panel, outcome, PanelColumnName.atopOnset)
        return (0..<panel.count).map { row in zip(inForce, onset).contains { $0[row] == 1 && $1[row] == 0 } }
    }

    /// The panel's columns `name(provision)` of the outcome's provision (all five for the any-provision outcomes).
    private static func provisionColumns(_ panel: DyadYearPanel, _ outcome: AllianceOutcome,
                                         _ name: (PanelColumnName.Provision) -> PanelColumnName) throws -> [[Double]] {
        try (outcome.provision.map { [$0] } ?? PanelColumnName.Provision.allCases).map { provision in
            guard let column = panel.column(name(provision)) else { throw ModelError("the panel lacks \(name(provision))") }
            return column.values
        }
    }
}

extension RegressionDesign {
    /// Writes the design as CSV, outcome first and then the predictors, exactly the rows and values a fit uses;
    /// and beside it (`ModelDesign.keysPath`) the dyad and year of each row in the same order, for clustering.
    public func writeCSV(to path: String, outcome: String, keys: [(ccode1: Int32, ccode2: Int32, year: Int32)]) throws {
        var text = ([outcome] + predictors).joined(separator: ",") + "\n"
        let width = predictors.count
        for row in 0..<count {
            text += String(Int(self.outcome[row]))
            for j in 0..<width { text += "," + values[row * width + j].description }
            text += "\n"
        }
        try OutputFile.write(text, to: path)
        var lines = "ccode1,ccode2,year\n"
        for key in keys { lines += "\(key.ccode1),\(key.ccode2),\(key.year)\n" }
        try OutputFile.write(lines, to: ModelDesign.keysPath(path))
    }

    /// Reads a design CSV as `model fit --export-design` writes it (header; outcome first, then predictors), with
    /// clusters from the `.keys.csv` beside it when present, so any such matrix can be fitted and compared.
    public static func read(csv path: String) throws -> RegressionDesign {
        func rows(_ path: String) throws -> (header: [String], rows: [[Double]]) {
            let reader = DelimitedReader(path: path, input: try openInput(path: path).input)
            guard try reader.nextRecord() else { throw FormatError(path: path, line: 1, reason: "the file is empty") }
            let header = try (0..<reader.fieldCount).map { try reader.string($0) }
            var rows: [[Double]] = []
            while try reader.nextRecord() {
                guard reader.fieldCount == header.count else {
                    throw FormatError(path: path, line: reader.line, reason: "\(reader.fieldCount) fields, the header has \(header.count)")
                }
                rows.append(try (0..<header.count).map { index in
                    let text = try reader.string(index)
                    guard let value = Double(text) else {
                        throw FormatError(path: path, line: reader.line, column: header[index], value: text, reason: "not a number")
                    }
                    return value
                })
            }
            return (header, rows)
        }
        let design = try rows(path)
        guard design.header.count >= 2 else { throw FormatError(path: path, line: 1, reason: "need an outcome and at least one predictor") }
        for (index, row) in design.rows.enumerated() where row[0] != 0 && row[0] != 1 {
            throw FormatError(path: path, line: index + 2, column: design.header[0], value: "\(row[0])", reason: "the outcome must be 0 or 1")
        }
        var clusters: [Int64]?
        let keysPath = ModelDesign.keysPath(path)
        if FileManager.default.fileExists(atPath: keysPath) {
            let keys = try rows(keysPath)
            guard keys.rows.count == design.rows.count, keys.header.count >= 2 else {
                throw FormatError(path: keysPath, line: 1, reason: "\(keys.rows.count) key rows for \(design.rows.count) design rows")
            }
            clusters = keys.rows.map { Int64($0[0]) << 16 | Int64($0[1]) }
        }
        return RegressionDesign(predictors: Array(design.header.dropFirst()), outcome: design.rows.map { $0[0] },
                                values: design.rows.flatMap { $0.dropFirst() }, clusters: clusters)
    }
}
