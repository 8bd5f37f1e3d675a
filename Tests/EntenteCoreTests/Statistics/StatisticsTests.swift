import EntenteCore
import Testing

@Suite struct StatisticsTests {
    @Test func quantilesMatchNumpyLinearInterpolation() {
        // numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.5, 0.95]) = [1.2, 3.0, 8.8]
        let values: [Double] = [10, 3, 1, 4, 2]
        #expect(abs(Statistics.quantile(values, 0.05)! - 1.2) < 1e-12)
        #expect(Statistics.quantile(values, 0.5) == 3)
        #expect(abs(Statistics.quantile(values, 0.95)! - 8.8) < 1e-12)
        #expect(Statistics.quantile([], 0.5) == nil)
    }

    @Test func midRankPercentilesPlaceTiesInTheMiddle() {
        let sorted: [Double] = [0, 0, 0, 0, 1, 2, 3, 4]
        #expect(Statistics.percentileRank(0, inSorted: sorted) == 0.25)
        #expect(Statistics.percentileRank(2, inSorted: sorted) == (5 + 0.5) / 8)
        #expect(Statistics.percentileRank(9, inSorted: sorted) == 1)
        #expect(Statistics.percentileRank(-1, inSorted: sorted) == 0)
    }

    @Test func meanAndStandardDeviation() {
        // statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]) = 2.138089935299395
        let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(values) == 5)
        #expect(abs(Statistics.standardDeviation(values)! - 2.138089935299395) < 1e-12)
    }

    @Test func theSeededGeneratorRepeatsForASeed() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }
}
