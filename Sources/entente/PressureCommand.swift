import ArgumentParser
import Entente
import EntenteCore
import Foundation

struct PressureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pressure", abstract: "Western pressure on a state, or shared by two, by year.",
        discussion: """
            Components, each a percentile among system members in the year: Western sanctions in effect (GSDB), \
            contiguous NATO members (COW IGO, to 2014), and the conflictual share of events from Western states \
            (ICEWS, 2002–2014). The index is their mean; a dyad's shared pressure is the smaller of the two.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A state.") var a: String
    @Argument(help: "A second state, for the dyad's shared pressure.") var b: String?
    @Option(help: "First year.") var from = 1985
    @Option(help: "Last year.") var to = 2018
    @Option(help: ArgumentHelp("Also draw the series as SVG to this file.", valueName: "file.svg")) var chart: String?

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a)
        let z = try b.map(reference.state)
        let table = try PressureIndex(database: try global.openDatabase(), reference: reference).compute(from: from, to: to)
        let report = PressureIndex.report(table, x, z)
        print(report.render(output.format), terminator: "")
        if let chart {
            let years = report.rows.compactMap { row -> Int? in if case .integer(let y) = row[0] { Int(y) } else { nil } }
            func series(_ column: Int, _ name: String, _ color: String, _ width: Double = 1.5) -> LineChart.Series {
                LineChart.Series(name: name, values: report.rows.map { if case .real(let v) = $0[column] { v } else { nil } },
                                 color: color, width: width)
            }
            let names = ([x] + (z.map { [$0] } ?? [])).map { reference.crosswalk.countries[$0]?.name ?? $0.description }
            let lines = z == nil
                ? [series(1, "pressure", "#111", 2.5), series(2, "sanctions", "#d62728"), series(3, "bloc", "#1f77b4"), series(4, "events", "#9467bd")]
                : [series(3, "shared (lower)", "#bbb", 6), series(1, names[0], "#d62728"), series(2, names[1], "#1f77b4")]
            let svg = LineChart(title: "Western pressure: " + names.joined(separator: " – "), x: years, series: lines,
                                yLabel: "percentile among states", yRange: 0...1, markers: [(1989, "1989"), (2014, "2014")]).svg()
            try svg.write(toFile: chart, atomically: true, encoding: .utf8)
        }
    }
}
