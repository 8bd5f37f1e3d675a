import ArgumentParser
import Entente
import EntenteCore
import Foundation

struct ReplicateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replicate", abstract: "Re-run published alliance-formation designs on the ATOP panel and say which findings hold.",
        discussion: """
            Lai & Reiter (2000): new ties of any ATOP provision among all pairs, 1870-1992 (trade data begin in \
            1870) and 1946-1992, with joint democracy, Polity difference, a MID foe in common (common threat), \
            ln distance between capitals, ln(1 + trade) and controls. Gibler & Wolford (2006): joint democracy with \
            defence-pact formation and with defence-pact presence as the outcome, 1816-2000. A directional finding \
            holds when our coefficient has the published sign at p < 0.05 (dyad-clustered errors); a null finding \
            when p >= 0.05.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let started = Date()
        let panel = try PanelBuilder(database: try global.openDatabase(), reference: try ReferenceData())
            .build(PanelRequest(firstYear: 1815, lastYear: AllianceModelService.outcomeLastYear))
        let results = try Replication.run(panel: panel) { message in
            FileHandle.standardError.write(Data(String(format: "[%5.1f s] %@\n", Date().timeIntervalSince(started), message).utf8))
        }
        print(Replication.report(results).render(output.format), terminator: "")
        if output.format == .table {
            print("\n\(results.filter(\.holds).count) of \(results.count) published findings hold on the ATOP panel.")
            var cited: Set<String> = []
            for result in results where cited.insert(result.finding.study).inserted {
                print("\(result.finding.study): \(result.finding.citation)")
            }
        }
    }
}
