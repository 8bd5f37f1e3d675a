import ArgumentParser
import Entente
import EntenteCore
import Foundation

struct PanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel", abstract: "Build a dyad-year panel of COW system members with covariates joined.",
        discussion: "Columns are documented by `entente panel --describe`. Every dataset the panel reads must be imported first (`entente import all --from DIR`).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Years, FIRST-LAST.", valueName: "years")) var years = "1816-2018"
    @Flag(exclusivity: .exclusive, help: "Directed (both orders) or non-directed (ccode1 < ccode2, the default).")
    var direction: Direction = .nondirected
    @Option(help: ArgumentHelp("Only these covariates, comma-separated (keys always).", valueName: "names")) var columns: String?
    @Option(help: ArgumentHelp("Write CSV to this file instead of printing.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("Only rows of this dyad (two states, comma-separated: CHN,RUS).", valueName: "a,b")) var dyad: String?
    @Flag(help: "Print the codebook: every column's meaning, source, years and missing-value rule.") var describe = false
    @Flag(help: "The dyad-month view instead: GDELT events each way and monthly UN agreement, for dyads with data.")
    var monthly = false

    enum Direction: String, EnumerableFlag {
        case directed, nondirected
    }

    func run() throws {
        if describe {
            print(PanelCodebook.report.render(output.format), terminator: "")
            return
        }
        let parts = years.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1], parts[0] >= 1816 else {
            throw ValidationError("--years must be FIRST-LAST, from 1816 on")
        }
        let reference = try ReferenceData()
        let pair = try dyad.map(reference.dyad)
        if monthly {
            let table = try DyadMonthPanel(database: try global.openDatabase())
                .build(from: parts[0] * 100 + 1, to: parts[1] * 100 + 12, dyad: pair)
            let text = table.render(out == nil ? output.format : .csv)
            if let out { try OutputFile.write(text, to: out) } else { print(text, terminator: "") }
            return
        }
        let started = Date()
        var panel = try PanelBuilder(database: try global.openDatabase(), reference: reference)
            .build(PanelRequest(firstYear: parts[0], lastYear: parts[1], directed: direction == .directed))
        if let columns {
            let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = names.filter { panel.column($0) == nil }
            guard unknown.isEmpty else { throw ValidationError("unknown column(s): \(unknown.joined(separator: ", ")); see --describe") }
            panel = panel.selecting(names)
        }
        if let (a, b) = pair {
            panel = panel.filtered { x, z, _ in (x == a.rawValue && z == b.rawValue) || (!panel.directed && x == b.rawValue && z == a.rawValue) }
        }
        let built = Date().timeIntervalSince(started)
        if let out {
            let file = try OutputFile(out)
            try PanelWriter.writeCSV(panel, to: file.handle)
            try file.commit()
            FileHandle.standardError.write(Data(String(format: "%d rows, %d columns, built in %.2f s, written to %@\n",
                                                       panel.count, panel.columns.count + 3, built, out).utf8))
        } else if output.format == .csv {
            try PanelWriter.writeCSV(panel, to: FileHandle.standardOutput)
        } else {
            print(panel.report.render(output.format), terminator: "")
        }
    }
}
