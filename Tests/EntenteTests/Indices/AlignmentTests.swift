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

    static let monthly: Result<[MonthlyAlignment.Month], any Error> = Result {
        try MonthlyAlignment(database: TestData.database(), reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 2012, to: 2016, replicates: 200)
    }

    @Test func theMonthlyBandContainsThePointEstimate() throws {
        let months = try Self.monthly.get()
        var withData = 0
        for month in months {
            guard let composite = month.composite else {
                #expect(month.lower == nil && month.upper == nil)
                continue
            }
            withData += 1
            let (lower, upper) = try (#require(month.lower), #require(month.upper))
            #expect(lower <= composite && composite <= upper, "\(month.month): \(lower)…\(upper) around \(composite)")
            for (name, value) in [("diplomatic", month.diplomatic), ("military", month.military), ("economic", month.economic)] {
                guard let value else { #expect(month.componentBands[name] == nil); continue }
                #expect(month.componentBands[name]!.contains(value), "\(month.month) \(name)")
            }
        }
        #expect(withData == 60, "military and economic parts every month of 2012–2016")
        let report = MonthlyAlignment.report(months)
        #expect(Array(report.columns.prefix(4)) == ["month", "composite", "lower", "upper"])
        let chart = MonthlyAlignment.chart(months, title: "China – Russia by month")
        #expect(chart.contains("data-name=\"composite\"") && chart.contains("class=\"band\"") && chart.contains(">2014-03<"))
    }

    @Test func aSingleRollCallLeavesTheDiplomaticPartNoRoomToMove() throws {
        // March 2014 has one roll call (resolution 68/262 on Ukraine's territorial integrity).
        let march = try #require(Self.monthly.get().first { $0.month == 201_403 })
        #expect(march.unVotes == 1)
        let diplomatic = try #require(march.diplomatic)
        #expect(march.componentBands["diplomatic"] == diplomatic...diplomatic)
        // The composite still moves: the components present are resampled.
        #expect(try #require(march.lower) < #require(march.upper))
        // December, with dozens of roll calls, does move.
        let december = try #require(Self.monthly.get().first { $0.month == 201_412 })
        #expect(december.componentBands["diplomatic"].map { $0.lowerBound < $0.upperBound } == true)
    }

    @Test func theMonthlyBandIsReproducibleForASeed() throws {
        let service = MonthlyAlignment(database: try TestData.database(), reference: TestData.reference)
        let first = try service.series(CountryCode(2), CountryCode(365), from: 2014, to: 2014, replicates: 100, seed: 7)
        let again = try service.series(CountryCode(2), CountryCode(365), from: 2014, to: 2014, replicates: 100, seed: 7)
        let other = try service.series(CountryCode(2), CountryCode(365), from: 2014, to: 2014, replicates: 100, seed: 8)
        #expect(first.map(\.lower) == again.map(\.lower) && first.map(\.upper) == again.map(\.upper))
        #expect(first.map(\.componentBands) == again.map(\.componentBands))
        #expect(first.map(\.upper) != other.map(\.upper), "another seed, other replicates")
        // A month's band does not depend on the span asked for: each month has its own generator.
        let wider = try service.series(CountryCode(2), CountryCode(365), from: 2013, to: 2015, replicates: 100, seed: 7)
        #expect(wider.filter { $0.month / 100 == 2014 }.map(\.lower) == first.map(\.lower))
    }

    /// November 1993 (four roll calls), recomputed here the slow way: every pair's agreement on the drawn roll calls
    /// listed one by one, the dyad placed with `Statistics.percentileRank`, then the components drawn.
    @Test func oneMonthsBandEqualsAnIndependentResampling() throws {
        let replicates = 100, seed: UInt64 = 20_011
        let month = try #require(MonthlyAlignment(database: TestData.database(), reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 1993, to: 1993, replicates: replicates, seed: seed)
            .first { $0.month == 199_311 })
        var ballots: [Int: [Int: String]] = [:]  // state → rcid → vote
        for row in try TestData.rows("""
            SELECT v.country_ccode, v.rcid, v.vote FROM un_votes v JOIN un_roll_calls r ON r.rcid = v.rcid
            WHERE r.date LIKE '1993-11-%' AND v.vote IN ('yes', 'abstain', 'no') AND v.country_ccode IS NOT NULL
            """) {
            ballots[Int(row[0].text)!, default: [:]][Int(row[1].text)!] = row[2].text
        }
        let rcids = Set(ballots.values.flatMap(\.keys)).sorted()
        #expect(rcids.count == 4 && month.unVotes == 4)
        let states = ballots.keys.sorted()
        func agreement(_ x: Int, _ z: Int, _ drawn: [Int]) -> Double? {
            let both = drawn.filter { ballots[x]![$0] != nil && ballots[z]![$0] != nil }
            return both.isEmpty ? nil : Double(both.filter { ballots[x]![$0] == ballots[z]![$0] }.count) / Double(both.count)
        }
        func diplomatic(_ drawn: [Int]) -> Double? {
            var shares: [Double] = []
            for (index, x) in states.enumerated() { for z in states[(index + 1)...] { if let share = agreement(x, z, drawn) { shares.append(share) } } }
            return agreement(710, 365, drawn).flatMap { Statistics.percentileRank($0, inSorted: shares.sorted()) }
        }
        #expect(diplomatic(rcids) == month.diplomatic, "the point estimate")
        let fixed = [month.military, month.economic].compactMap { $0 }
        var generator = SeededGenerator(seed: seed ^ 199_311)
        var composites: [Double] = [], diplomatics: [Double] = []
        for _ in 0..<replicates {
            let drawn = rcids.map { _ in rcids[Int.random(in: 0..<rcids.count, using: &generator)] }
            // No GDELT events in 1993: nothing is drawn for the event part.
            let part = diplomatic(drawn)
            if let part { diplomatics.append(part) }
            let parts = (fixed + [part].compactMap { $0 }).sorted()
            var sum = 0.0
            for _ in parts { sum += parts[Int.random(in: 0..<parts.count, using: &generator)] }
            composites.append(sum / Double(parts.count))
        }
        func close(_ x: Double?, _ y: Double?) -> Bool { abs(x! - y!) < 1e-12 }
        #expect(close(month.lower, Statistics.quantile(composites, 0.05)) && close(month.upper, Statistics.quantile(composites, 0.95)))
        let band = try #require(month.componentBands["diplomatic"])
        #expect(close(band.lowerBound, Statistics.quantile(diplomatics, 0.05)) && close(band.upperBound, Statistics.quantile(diplomatics, 0.95)))
    }
}
