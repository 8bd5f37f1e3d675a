import ArgumentParser
import Entente
import EntenteCore
import Foundation

extension PressureTest.Frequency: ExpressibleByArgument {}

struct PressureTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pressure-test",
        abstract: "Does Western pressure on either state raise their cooperation? Lead–lag and Granger tests, both directions.",
        discussion: """
            Each pressure series (cause) is tested against each cooperation series (response): Granger F tests at \
            lags 1…N, cause → response and the reverse, and cross-correlations of the cause leading and lagging by \
            up to N. Yearly causes: the pressure index on each state and shared, Western GSDB sanctions on each; \
            responses: UN voting agreement, ATOP level, arms transfers (log TIV), trade dependence, ICEWS \
            cooperative share, alignment composite. Monthly causes: Western conflictual GDELT events against each \
            state and shared; responses: the dyad's cooperative events and their share. p_holm adjusts each pair's \
            smallest p for all forward tests (Holm). Levels of trending series give spurious results: the verdict \
            says when, and --difference tests first differences. Beside the tests, each series' mean over the 3 \
            years after 1989 and 2014 (36 months after 1989-06 and 2014-03) less its mean over the 3 before.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "First state (COW number, ISO3, COW abbreviation or name).") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: "year or month.") var by: PressureTest.Frequency = .year
    @Option(help: ArgumentHelp("The largest lag (default 3 by year, 6 by month).", valueName: "n")) var maxLag: Int?
    @Flag(help: "Test first differences instead of levels.") var difference = false
    @Option(help: "First year (default 1985; by month, the first imported event).") var from: Int?
    @Option(help: "Last year (default 2018; by month, the last imported event).") var to: Int?
    @Option(help: ArgumentHelp("Also draw shared pressure and the alignment composite (yearly) as SVG to this file.",
                               valueName: "file.svg"))
    var chart: String?

    func validate() throws {
        if let maxLag, maxLag < 1 { throw ValidationError("--max-lag must be at least 1") }
        if let from, let to, from > to { throw ValidationError("--from must not be after --to") }
        if let from, from < 1816 { throw ValidationError("--from must be 1816 or later") }
        if chart != nil && by == .month { throw ValidationError("--chart draws the yearly series; for months use `entente pressure A B --monthly --chart`") }
    }

    func run() throws {
        let started = Date()
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        guard x != z else { throw ValidationError("the test needs two different states") }
        // Stages are shown once the work has lasted a second, so quick runs and piped output stay quiet.
        let result = try PressureTest(database: try global.openDatabase(), reference: reference).run(
            x, z, options: PressureTest.Options(frequency: by, maxLag: maxLag, difference: difference, firstYear: from, lastYear: to)
        ) { stage in
            let elapsed = Date().timeIntervalSince(started)
            if elapsed > 1 { FileHandle.standardError.write(Data(String(format: "%.1f s: %@…\n", elapsed, stage).utf8)) }
        }
        switch output.format {
        case .table:
            print(result.summary + "\n")
            guard result.note == nil else { break }
            print(PressureTest.report(result, detail: false).render(.table))
            for (index, pair) in result.pairs.enumerated() { print("\(index + 1). \(pair.verdict)") }
            print("\nEpisodes: each series' mean after less its mean before.")
            print(PressureTest.episodeReport(result).render(.table), terminator: "")
        case .csv, .json:
            print(PressureTest.report(result).render(output.format), terminator: "")
            if let note = result.note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        }
        if let chart, let svg = PressureTest.chart(result, title: "Western pressure and alignment: "
                                                        + [x, z].map { reference.crosswalk.countries[$0]?.name ?? $0.description }.joined(separator: " – ")) {
            try OutputFile.write(svg, to: chart)
            FileHandle.standardError.write(Data("chart written to \(chart)\n".utf8))
        }
        let elapsed = Date().timeIntervalSince(started)
        if elapsed > 1 {
            FileHandle.standardError.write(Data(String(format: "%d F tests in %.1f s\n", result.testsRun, elapsed).utf8))
        }
    }
}
