import ArgumentParser
import Entente
import EntenteCore
import EntenteRendering
import Foundation

struct PressureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pressure", abstract: "Western pressure on a state, or shared by two, by year or by month.",
        discussion: """
            Components, each a percentile among system members in the year: Western sanctions in effect (GSDB), \
            contiguous NATO members (COW IGO, to 2014), and the conflictual share of events from Western states \
            (ICEWS, 2002–2014). The index is their mean; a dyad's shared pressure is the smaller of the two.
            With --monthly, raw counts by month: Western GSDB cases in effect (GSDB dates cases by year, so a case \
            counts in every month of its years) and imported GDELT events from Western states against the state, \
            all and conflictual (quad classes 3–4), with the conflictual share; events are empty in months without \
            any imported event. A dyad's shared value of each is the smaller of the two.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A state.") var a: String
    @Argument(help: "A second state, for the dyad's shared pressure.") var b: String?
    @Option(help: ArgumentHelp("First year, or with --monthly YYYY-MM (a year alone starts in January).", valueName: "from"))
    var from = "1985"
    @Option(help: ArgumentHelp("Last year, or with --monthly YYYY-MM (a year alone ends in December).", valueName: "to"))
    var to = "2018"
    @Flag(help: "By month: Western sanctions in effect and GDELT events from Western states against the state.")
    var monthly = false
    @Option(help: ArgumentHelp("Also draw the series as SVG to this file.", valueName: "file.svg")) var chart: String?

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a)
        let z = try b.map(reference.state)
        let index = PressureIndex(database: try global.openDatabase(), reference: reference)
        let (first, last) = (try period(from, "--from", month: 1), try period(to, "--to", month: 12))
        guard first <= last else { throw ValidationError("--from must not be after --to") }
        let report = monthly
            ? PressureIndex.monthlyReport(try index.monthly(from: first, to: last), x, z)
            : PressureIndex.report(try index.compute(from: first, to: last), x, z)
        print(report.render(output.format), terminator: "")
        guard let chart else { return }
        // The x axis counts years, or months as year * 12 + month − 1.
        let axis = report.rows.map { row -> Int in
            switch row[0] {
            case .integer(let year): return Int(year)
            case .text(let month):
                let parts = month.split(separator: "-").compactMap { Int($0) }
                return parts[0] * 12 + parts[1] - 1
            default: return 0
            }
        }
        func series(_ column: String, _ name: String, _ color: String, _ width: Double = 1.5) -> LineChart.Series {
            let position = report.columns.firstIndex(of: column)!
            return LineChart.Series(name: name, values: report.rows.map {
                switch $0[position] {
                case .real(let value): value
                case .integer(let value): Double(value)
                default: nil
                }
            }, color: color, width: width)
        }
        let names = ([x] + (z.map { [$0] } ?? [])).map { reference.crosswalk.countries[$0]?.name ?? $0.description }
        let title = "Western pressure: " + names.joined(separator: " – ")
        let svg: LineChart
        switch (monthly, z == nil) {
        case (false, true):
            svg = LineChart(title: title, x: axis, series: [
                series("pressure", "pressure", "#111", 2.5), series("sanctions", "sanctions", "#d62728"),
                series("bloc", "bloc", "#1f77b4"), series("events", "events", "#9467bd"),
            ], yLabel: "percentile among states", yRange: 0...1, markers: [(1989, "1989"), (2014, "2014")])
        case (false, false):
            svg = LineChart(title: title, x: axis, series: [
                series("shared", "shared (lower)", "#bbb", 6), series("pressure_1", names[0], "#d62728"),
                series("pressure_2", names[1], "#1f77b4"),
            ], yLabel: "percentile among states", yRange: 0...1, markers: [(1989, "1989"), (2014, "2014")])
        case (true, true):
            svg = monthChart(title, axis, [
                series("west_sanctions", "Western sanctions", "#d62728"),
                series("western_conflict_events", "conflictual events", "#9467bd"),
            ])
        case (true, false):
            // Abbreviations: the legend is narrow.
            let short = [x, z].compactMap { $0 }.map { reference.crosswalk.countries[$0]?.abbreviation ?? $0.description }
            svg = monthChart(title, axis, [
                series("west_sanctions_shared", "sanctions, shared", "#f4b6b6", 6),
                series("west_sanctions_1", "sanctions: " + short[0], "#d62728"),
                series("west_sanctions_2", "sanctions: " + short[1], "#1f77b4"),
                series("western_conflict_events_shared", "conflict, shared", "#d9c7ea", 6),
                series("western_conflict_events_1", "conflict: " + short[0], "#9467bd"),
                series("western_conflict_events_2", "conflict: " + short[1], "#17becf"),
            ])
        }
        try OutputFile.write(svg.svg(), to: chart)
    }

    /// A chart of monthly counts from 0: ticks in January (every few years on long spans) or, within two years,
    /// every quarter; Tiananmen (1989-06) and Crimea (2014-03) marked.
    func monthChart(_ title: String, _ axis: [Int], _ lines: [LineChart.Series]) -> LineChart {
        let span = (axis.last ?? 0) - (axis.first ?? 0)
        let step = span <= 24 ? 3 : span <= 12 * 12 ? 12 : span <= 30 * 12 ? 60 : 120
        func label(_ month: Int) -> String { step < 12 ? "\(month / 12)-\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)" : String(month / 12) }
        let highest = lines.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        return LineChart(title: title, x: axis, series: lines, yLabel: "count", yRange: 0...max(1, highest),
                         markers: [(1989 * 12 + 5, "1989-06"), (2014 * 12 + 2, "2014-03")],
                         ticks: axis.filter { $0 % step == 0 }.map { ($0, label($0)) })
    }

    /// `YYYY` (yearly; with --monthly, the month given) or `YYYY-MM` (--monthly only), as a year or YYYYMM.
    func period(_ text: String, _ option: String, month: Int) throws -> Int {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch (parts.count, monthly) {
        case (1, false): if let year = parts[0], year >= 1816 { return year }
        case (1, true): if let year = parts[0], year >= 1816 { return year * 100 + month }
        case (2, true): if let year = parts[0], let month = parts[1], year >= 1816, (1...12).contains(month) { return year * 100 + month }
        default: break
        }
        throw ValidationError("\(option) must be a year from 1816\(monthly ? " or YYYY-MM" : " (YYYY-MM needs --monthly)")")
    }
}
