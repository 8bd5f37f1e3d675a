import Entente
import EntenteCore
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct AlignmentTests {
    static let chinaRussia: Result<[AlignmentIndex.Year], any Error> = Result {
        try AlignmentIndex(database: TestData.database(), reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 1950, to: 2018, replicates: 200)
    }

    @Test func componentsArePercentilesAndTheCompositeTheirMean() throws {
        let years = try Self.chinaRussia.get()
        #expect(years.count == 69)
        for year in years {
            let parts = [year.diplomatic, year.military, year.economic, year.event].compactMap { $0 }
            #expect(parts.allSatisfy { (0...1).contains($0) })
            if let composite = year.composite {
                #expect(abs(composite - parts.reduce(0, +) / Double(parts.count)) < 1e-12)
                #expect(year.lower! <= year.upper!)
            }
        }
    }

    @Test func rawValuesTraceToTheSources() throws {
        let years = try Self.chinaRussia.get()
        let y1955 = years.first { $0.year == 1955 }!
        #expect(y1955.raw["atop_level"] == 3, "the 1950 treaty is a defence pact")
        #expect(years.first { $0.year == 1985 }!.raw["atop_level"] == 0)
        #expect(years.first { $0.year == 2001 }!.raw["atop_level"] == 2, "non-aggression and consultation")
        // un_sscore of 2014 from the votes: 76 common roll calls (see PanelTests for the direct computation).
        let y2014 = years.first { $0.year == 2014 }!
        #expect(abs(y2014.raw["un_sscore"]! - 0.631578947368421) < 1e-12)
    }

    @Test func theBandIsReproducibleForASeed() throws {
        let index = AlignmentIndex(database: try TestData.database(), reference: TestData.reference)
        let first = try index.series(CountryCode(710), CountryCode(365), from: 2012, to: 2014, replicates: 100, seed: 7)
        let again = try index.series(CountryCode(710), CountryCode(365), from: 2012, to: 2014, replicates: 100, seed: 7)
        #expect(first.map(\.lower) == again.map(\.lower) && first.map(\.upper) == again.map(\.upper))
        let chart = AlignmentIndex.chart(first, title: "China – Russia")
        #expect(chart.contains("data-name=\"composite\"") && chart.contains("class=\"band\""))
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct MonthlyAlignmentTests {
    @Test func monthsCombineTheMonthsVotesWithTheYearsParts() throws {
        let months = try MonthlyAlignment(database: TestData.database(), reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 2014, to: 2014)
        #expect(months.count == 12)
        let yearly = try AlignmentIndex(database: TestData.database(), reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 2014, to: 2014, replicates: 0)[0]
        let view = try DyadMonthPanel(database: TestData.database()).build(from: 201_401, to: 201_412, dyad: (CountryCode(710), CountryCode(365)))
        for month in months {
            #expect(month.military == yearly.military && month.economic == yearly.economic)
            let parts = [month.diplomatic, month.military, month.economic, month.event].compactMap { $0 }
            #expect(month.composite.map { abs($0 - parts.reduce(0, +) / Double(parts.count)) < 1e-12 } ?? parts.isEmpty)
            let label = "2014-\(month.month % 100 < 10 ? "0" : "")\(month.month % 100)"
            if let row = view.rows.first(where: { $0[2] == .text(label) }), case .real(let agree) = row[10] {
                #expect(month.unAgree == agree, "\(label): the same month's votes as the dyad-month view")
                #expect(month.diplomatic.map { (0...1).contains($0) } == true)
            } else {
                #expect(month.unAgree == nil && month.diplomatic == nil)
            }
        }
    }
}
