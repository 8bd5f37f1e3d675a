import EntenteCore
import Foundation
import Testing

@Suite struct ScoreDifferenceTests {
    /// Four rows in two years, worked by hand: the reference says 0.5 everywhere; the challenger is right with
    /// 0.75 twice in 2000, says 0.5 once and is wrong with 0.75 once in 2001. Yearly sums of the loss differences
    /// are 2·ln 2 − 2·ln(4/3) = 0.8109 and ln 2 + ln(1/4) = −0.6931; the gain is their total over 4 rows, and the
    /// standard error is √(2 · s²) / 4 with s² the sample variance of the two sums.
    @Test func gainAndStandardErrorByHand() {
        let third = log(3.0)
        let difference = ScoreDifference(reference: [0, 0, 0, 0], challenger: [third, -third, 0, third],
                                         outcomes: [true, false, true, false], group: [2000, 2000, 2001, 2001])
        let sums = [2 * log(2.0) + 2 * log(0.75), log(2.0) + log(0.25)]
        let mean = (sums[0] + sums[1]) / 2
        let variance = sums.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        #expect(abs(difference.gain - 0.029445758914096) < 1e-12)
        #expect(abs(difference.gain - (sums[0] + sums[1]) / 4) < 1e-15)
        #expect(abs(difference.standardError - (2 * variance).squareRoot() / 4) < 1e-15)
        #expect(abs(difference.standardError - 0.376019349194069) < 1e-12)
        #expect(difference.years == 2)
        #expect(!difference.isClear)
    }

    /// A challenger better in every year by the same amount is clearly better: the years agree, so the error is 0.
    @Test func aGainEveryYearIsClear() {
        let difference = ScoreDifference(reference: [0, 0, 0], challenger: [1, 1, 1], outcomes: [true, true, true], group: [1, 2, 3])
        #expect(difference.gain > 0 && difference.standardError < 1e-15 && difference.isClear)
        let reversed = ScoreDifference(reference: [1, 1, 1], challenger: [0, 0, 0], outcomes: [true, true, true], group: [1, 2, 3])
        #expect(abs(reversed.gain + difference.gain) < 1e-15 && !reversed.isClear)
    }

    /// Forecasts lower in the last bits where nothing happened gain in every year, by rounding alone: no change.
    @Test func roundingIsNoGain() {
        let eta = [-5.0, -5.0, -5.0, -5.0]
        let difference = ScoreDifference(reference: eta, challenger: eta.map { $0 - 1e-12 }, outcomes: [false, false, false, false],
                                         group: [1, 2, 3, 4])
        #expect(difference.gain > 0 && difference.gain < ScoreDifference.negligible && difference.gain > difference.standardError)
        #expect(!difference.isClear)
    }

    /// One year gives no spread to judge by: never clear.
    @Test func oneYearIsNeverClear() {
        let difference = ScoreDifference(reference: [0, 0], challenger: [2, 2], outcomes: [true, true], group: [7, 7])
        #expect(difference.gain > 0 && difference.standardError.isInfinite && !difference.isClear)
    }

    /// The same rows give the same bits every time: the yearly sums are added in year order, not in a dictionary's
    /// order (which differs between instances), so a screening repeated on a cut panel compares equal. Yearly sums
    /// of very different sizes make the order show in the last bits.
    @Test func theSameRowsGiveTheSameBits() {
        let years = (1900..<1980).map(Int32.init)
        let reference = years.indices.map { -Double($0 % 7) * 1.37 }, outcomes = years.indices.map { $0 % 5 == 0 }
        let challenger = years.indices.map { i in reference[i] + pow(10, Double(i % 9) - 7) * (i % 2 == 0 ? 1 : -1) }
        let differences = (0..<40).map { _ in ScoreDifference(reference: reference, challenger: challenger, outcomes: outcomes, group: years) }
        #expect(differences.allSatisfy { $0 == differences[0] })
        func loss(_ eta: Double, _ outcome: Bool) -> Double { -log(max(1e-12, outcome ? 1 / (1 + exp(-eta)) : 1 / (1 + exp(eta)))) }
        let inYearOrder = years.indices.map { loss(reference[$0], outcomes[$0]) - loss(challenger[$0], outcomes[$0]) }.reduce(0, +)
        #expect(abs(differences[0].gain - inYearOrder / Double(years.count)) < 1e-12)
    }
}
