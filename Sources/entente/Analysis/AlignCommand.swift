import ArgumentParser
import Entente
import EntenteCore
import Foundation

struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align", abstract: "The alignment index of two states by year, with its components and a 90% band.",
        discussion: """
            Each indicator (UN S-score and ideal-point closeness; ATOP alliance level and arms transfers; trade \
            dependence; ICEWS cooperative share) is placed as a percentile among all dyads in its year; components \
            average their indicators, the composite averages the components present. composite_own_z compares each \
            year with the dyad's own history. The band comes from 500 seeded bootstrap replicates (roll calls and \
            components resampled). Raw indicator values are printed beside the index.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "First state (COW number, ISO3, COW abbreviation or name).") var a: String
    @Argument(help: "Second state.") var b: String
    @Option(help: "First year.") var from = AlignmentIndex.standardFirstYear
    @Option(help: "Last year.") var to = AllianceModelService.outcomeLastYear
    @Option(help: ArgumentHelp("Also draw the series, band and components as SVG to this file.", valueName: "file.svg"))
    var chart: String?
    @Flag(help: "By month: UN roll calls and imported GDELT events of each month, yearly military and economic parts; the band from 500 seeded replicates (the month's roll calls, the dyad's events, the components).")
    var monthly = false

    func run() throws {
        let reference = try ReferenceData()
        let x = try reference.state(a), z = try reference.state(b)
        func names(_ x: CountryCode, _ z: CountryCode) -> String {
            [x, z].map { reference.crosswalk.countries[$0]?.name ?? $0.description }.joined(separator: " – ")
        }
        guard from <= to, from >= 1816 else { throw ValidationError("--from must not be after --to, and from 1816 on") }
        if monthly {
            let months = try MonthlyAlignment(database: try global.openDatabase(), reference: reference).series(x, z, from: from, to: to)
            print(MonthlyAlignment.report(months).render(output.format), terminator: "")
            if let chart {
                try OutputFile.write(MonthlyAlignment.chart(months, title: "Alignment by month: \(names(x, z))"), to: chart)
                FileHandle.standardError.write(Data("chart written to \(chart)\n".utf8))
            }
            return
        }
        let index = AlignmentIndex(database: try global.openDatabase(), reference: reference)
        let years = try index.series(x, z, from: from, to: to)
        print(AlignmentIndex.report(years).render(output.format), terminator: "")
        if let chart {
            try OutputFile.write(AlignmentIndex.chart(years, title: "Alignment: \(names(x, z))"), to: chart)
            FileHandle.standardError.write(Data("chart written to \(chart)\n".utf8))
        }
    }
}
