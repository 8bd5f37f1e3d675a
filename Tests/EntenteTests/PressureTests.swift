import Entente
import EntenteCore
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PressureTests {
    @Test func theArticlesEpisodesShowAsRisingPressure() throws {
        let table = try PressureIndex(database: TestData.database(), reference: TestData.reference).compute(from: 1985, to: 2016)
        let china = table[CountryCode(710)]!, russia = table[CountryCode(365)]!
        // Tiananmen: Western sanctions on China in 1989 (GSDB), none in force in 1988.
        #expect(china[1988]!.raw["west_sanctions"] == 0 && china[1989]!.raw["west_sanctions"]! > 0)
        #expect(china[1989]!.index! > china[1988]!.index!)
        // Crimea: Western sanctions on Russia from 2014.
        #expect(russia[2014]!.raw["west_sanctions"]! > russia[2013]!.raw["west_sanctions"]!)
        #expect(russia[2014]!.sanctions! > russia[2013]!.sanctions!)
        for state in table.values {
            for year in state.values {
                for part in [year.index, year.sanctions, year.bloc, year.events].compactMap({ $0 }) { #expect((0...1).contains(part)) }
            }
        }
        let report = PressureIndex.report(table, CountryCode(710), CountryCode(365))
        #expect(report.columns == ["year", "pressure_1", "pressure_2", "shared", "west_sanctions_1", "west_sanctions_2"])
        for row in report.rows {
            if case .real(let p) = row[1], case .real(let q) = row[2], case .real(let shared) = row[3] { #expect(shared == min(p, q)) }
        }
    }
}
