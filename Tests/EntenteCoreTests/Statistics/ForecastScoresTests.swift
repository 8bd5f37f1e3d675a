import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

/// Reference values printed by Tests/Scripts/scoring_reference.py with numpy 2.4.6, scipy 1.17.1,
/// statsmodels 0.15.0, scikit-learn 1.9.1, pandas 3.1.1: scikit-learn's `roc_auc_score` (checked there against
/// scipy's Mann–Whitney U), `average_precision_score`, `brier_score_loss`, `log_loss` and `calibration_curve`,
/// pandas' `qcut`, statsmodels' `proportion_confint(method="wilson")`. Tolerance 1e-12 relative (1e-15 absolute
/// for interval ends at zero, which statsmodels leaves at ±1e-17).
@Suite struct ForecastScoresTests {
    @Test func scoresMatchScikitLearnWithTies() {
        let scores = ForecastScores(predictions: ForecastFixtures.commonPredictions, outcomes: ForecastFixtures.commonOutcomes)
        #expect(scores.count == 160)
        #expect(scores.events == 49)
        #expect(scores.baseRate == 49.0 / 160)
        #expect(isClose(scores.rocAUC, 0.7704541275969847))
        #expect(isClose(scores.averagePrecision, 0.5700670622269561))
        #expect(isClose(scores.brierScore, 0.17402562500000002))
        #expect(isClose(scores.logScore, 0.7258696712818066))
    }

    @Test func rareEventScoresMatchScikitLearn() {
        let scores = ForecastScores(predictions: ForecastFixtures.rarePredictions, outcomes: ForecastFixtures.rareOutcomes)
        #expect(scores.count == 200)
        #expect(scores.events == 6)
        #expect(isClose(scores.rocAUC, 0.945446735395189))
        #expect(isClose(scores.averagePrecision, 0.6775045537340618))
        #expect(isClose(scores.brierScore, 0.027957603850000002))
        #expect(isClose(scores.logScore, 0.11360100041620395))
    }

    @Test func equalCountBinsAreThoseOfPandasQcut() {
        let bins = ForecastScores(predictions: ForecastFixtures.commonPredictions, outcomes: ForecastFixtures.commonOutcomes).calibration
        let lower: [Double] = [
            0.0, 0.069, 0.11800000000000001, 0.17, 0.21, 0.26, 0.31, 0.3930000000000003, 0.47, 0.5319999999999999
        ]
        let upper: [Double] = [
            0.069, 0.11800000000000001, 0.17, 0.21, 0.26, 0.31, 0.3930000000000003, 0.47, 0.5319999999999999, 1.0
        ]
        let count: [Int] = [
            16, 16, 19, 17, 14, 16, 14, 17, 15, 16
        ]
        let events: [Int] = [
            0, 1, 4, 4, 4, 3, 4, 9, 8, 12
        ]
        let meanPredicted: [Double] = [
            0.03, 0.08625000000000001, 0.15210526315789474, 0.1935294117647059, 0.24214285714285716, 0.295,
            0.35642857142857143, 0.4358823529411765, 0.5, 0.70875
        ]
        let wilsonLower: [Double] = [
            0.0, 0.011119344764642547, 0.0850767663291625, 0.09555044322080111, 0.11721378644576921,
            0.06591599071428139, 0.11721378644576921, 0.30963235060004424, 0.30116980025498397, 0.5050168346449122
        ]
        let wilsonUpper: [Double] = [
            0.19360768053443655, 0.28328737570298945, 0.4333427844381418, 0.4726179811956498, 0.5464908432989319,
            0.43008880961974144, 0.5464908432989319, 0.7383489355759056, 0.7519046463426261, 0.8981793250878696
        ]
        expectBins(bins, lower: lower, upper: upper, count: count, events: events, meanPredicted: meanPredicted,
                   wilsonLower: wilsonLower, wilsonUpper: wilsonUpper)
    }

    @Test func aBlockOfTiesStaysInOneBin() {
        // The 0.0012 ties are a third of the forecasts, wider than a decile: they stay whole, and qcut's duplicate
        // edges go, leaving 8 bins.
        let bins = ForecastScores(predictions: ForecastFixtures.rarePredictions, outcomes: ForecastFixtures.rareOutcomes).calibration
        let lower: [Double] = [
            0.0002, 0.0011, 0.0012, 0.0019, 0.0029800000000000065, 0.0042, 0.006540000000000003,
            0.012959999999999996
        ]
        let upper: [Double] = [
            0.0011, 0.0012, 0.0019, 0.0029800000000000065, 0.0042, 0.006540000000000003, 0.012959999999999996,
            0.0756
        ]
        let count: [Int] = [
            22, 69, 11, 18, 21, 19, 20, 20
        ]
        let events: [Int] = [
            0, 0, 0, 0, 1, 0, 0, 5
        ]
        let meanPredicted: [Double] = [
            0.0007227272727272728, 0.0012, 0.0015727272727272727, 0.0024444444444444444, 0.003642857142857143,
            0.005431578947368421, 0.009925, 0.025515
        ]
        let wilsonLower: [Double] = [
            0.0, 0.0, 0.0, 1.3877787807814457e-17, 0.008455987809826385, 1.3877787807814457e-17, 0.0,
            0.11186170140766563
        ]
        let wilsonUpper: [Double] = [
            0.14865487460862095, 0.05273725818905175, 0.2588329669680318, 0.1758792236466577, 0.2266936007412257,
            0.16817922405261632, 0.1611251580528194, 0.4687008776187441
        ]
        expectBins(bins, lower: lower, upper: upper, count: count, events: events, meanPredicted: meanPredicted,
                   wilsonLower: wilsonLower, wilsonUpper: wilsonUpper)
    }

    @Test func equalWidthBinsMatchScikitLearnsCalibrationCurve() {
        let bins = ForecastScores(predictions: ForecastFixtures.commonPredictions, outcomes: ForecastFixtures.commonOutcomes,
                                  binning: .equalWidth(10)).calibration
        let lower: [Double] = [
            0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9
        ]
        let count: [Int] = [
            30, 33, 32, 18, 26, 8, 7, 2, 2, 2
        ]
        let events: [Int] = [
            1, 6, 9, 5, 14, 5, 5, 1, 2, 1
        ]
        let meanPredicted: [Double] = [
            0.05466666666666667, 0.1621212121212121, 0.2571875, 0.35111111111111115, 0.4580769230769231, 0.54,
            0.6485714285714286, 0.75, 0.81, 0.98
        ]
        #expect(bins.map(\.count) == count)
        #expect(bins.map(\.events) == events)
        for (index, bin) in bins.enumerated() {
            #expect(isClose(bin.lower, lower[index], absolute: 1e-15))
            #expect(isClose(bin.upper, lower[index] + 0.1, absolute: 1e-15))
            #expect(isClose(bin.meanPredicted, meanPredicted[index]), "bin \(index)")
        }
    }

    @Test func wilsonIntervalsMatchStatsmodels() {
        // (events, count, lower, upper)
        let cases: [(Int, Int, Double, Double)] = [
            (0, 50, 0.0, 0.07134759913335874),
            (3, 1000, 0.0010207838811386195, 0.008783014053503176),
            (17, 40, 0.28509392559950375, 0.5780493145800893),
            (40, 40, 0.9123783988027134, 1.0),
            (1, 1, 0.2065493143772374, 1.0),
        ]
        for (events, count, lower, upper) in cases {
            let interval = ForecastScores.wilsonInterval(events: events, count: count)
            #expect(isClose(interval?.lowerBound, lower, absolute: 1e-15), "\(events) of \(count)")
            #expect(isClose(interval?.upperBound, upper, absolute: 1e-15), "\(events) of \(count)")
        }
        #expect(ForecastScores.wilsonInterval(events: 0, count: 0) == nil)
    }

    @Test func edgeCasesGiveNilNeverNaN() {
        let empty = ForecastScores(predictions: [], outcomes: [])
        #expect(empty.count == 0 && empty.events == 0)
        #expect(empty.baseRate == nil && empty.rocAUC == nil && empty.averagePrecision == nil)
        #expect(empty.brierScore == nil && empty.logScore == nil)
        #expect(empty.calibration.isEmpty)

        // One class only: no ranking to score; average precision needs an event.
        let noEvents = ForecastScores(predictions: [0.1, 0.2, 0.2], outcomes: [false, false, false])
        #expect(noEvents.rocAUC == nil && noEvents.averagePrecision == nil)
        #expect(isClose(noEvents.brierScore, (0.01 + 0.04 + 0.04) / 3))
        let allEvents = ForecastScores(predictions: [0.1, 0.9], outcomes: [true, true])
        #expect(allEvents.rocAUC == nil)
        #expect(allEvents.averagePrecision == 1)

        // All predictions tied: AUC one half, average precision the base rate, a single bin.
        let tied = ForecastScores(predictions: [0.3, 0.3, 0.3, 0.3], outcomes: [true, false, false, true])
        #expect(tied.rocAUC == 0.5)
        #expect(tied.averagePrecision == 0.5)
        #expect(tied.calibration.count == 1)
        #expect(tied.calibration.first.map { ($0.lower, $0.upper, $0.count) } ?? (0, 0, 0) == (0.3, 0.3, 4))
    }

    @Test func theLogScoreClipsCertaintyAtMachineEpsilon() {
        // sklearn.metrics.log_loss([0, 1], [1.0, 0.0]) = 36.04365338911715 = −ln(2.220446049250313e-16)
        let scores = ForecastScores(predictions: [1, 0], outcomes: [false, true])
        #expect(isClose(scores.logScore, 36.04365338911715))
        #expect(scores.brierScore == 1)
        #expect(scores.rocAUC == 0)
    }

    @Test(.timeLimit(.minutes(1))) func aMillionForecastsScoreInOneSort() {
        // A million forecasts on 2,000 levels (ties everywhere), events about 1 in 1,000. The reference is
        // computed here another way: per event, from a histogram of the non-events' levels.
        var generator = SeededGenerator(seed: 2024)
        let levels = 2000
        var predictions: [Double] = [], outcomes: [Bool] = []
        predictions.reserveCapacity(1_000_000)
        outcomes.reserveCapacity(1_000_000)
        var nonEventsAt = [Int](repeating: 0, count: levels), eventsAt = nonEventsAt
        for _ in 0..<1_000_000 {
            let level = Int(generator.next() % UInt64(levels))
            let happened = Double(generator.next() % 1_000_000) < 2 * Double(level) / Double(levels) * 1000
            predictions.append(Double(level) / Double(levels) * 0.002)
            outcomes.append(happened)
            if happened { eventsAt[level] += 1 } else { nonEventsAt[level] += 1 }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let scores = ForecastScores(predictions: predictions, outcomes: outcomes)
        let elapsed = clock.now - start
        print("ForecastScores on 1,000,000 forecasts: \(elapsed)")

        let events = eventsAt.reduce(0, +), nonEvents = 1_000_000 - events
        var below = [Int](repeating: 0, count: levels)
        for level in 1..<levels { below[level] = below[level - 1] + nonEventsAt[level - 1] }
        var wins = 0.0
        for level in 0..<levels {
            for _ in 0..<eventsAt[level] { wins += Double(below[level]) + Double(nonEventsAt[level]) / 2 }
        }
        // Average precision from the top level down, each level one threshold.
        var flagged = 0, caught = 0, precisionSum = 0.0
        for level in stride(from: levels - 1, through: 0, by: -1) {
            flagged += eventsAt[level] + nonEventsAt[level]
            caught += eventsAt[level]
            precisionSum += Double(eventsAt[level]) * Double(caught) / Double(flagged)
        }
        #expect(scores.count == 1_000_000 && scores.events == events)
        #expect(isClose(scores.rocAUC, wins / (Double(events) * Double(nonEvents))))
        #expect(isClose(scores.averagePrecision, precisionSum / Double(events)))
        #expect(scores.calibration.count == 10)
        #expect(scores.calibration.map(\.count).reduce(0, +) == 1_000_000)
    }

    private func expectBins(_ bins: [CalibrationBin], lower: [Double], upper: [Double], count: [Int], events: [Int],
                            meanPredicted: [Double], wilsonLower: [Double], wilsonUpper: [Double],
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bins.map(\.count) == count, sourceLocation: sourceLocation)
        #expect(bins.map(\.events) == events, sourceLocation: sourceLocation)
        guard bins.count == count.count else { return }
        for (index, bin) in bins.enumerated() {
            #expect(isClose(bin.lower, lower[index]), "bin \(index)", sourceLocation: sourceLocation)
            #expect(isClose(bin.upper, upper[index]), "bin \(index)", sourceLocation: sourceLocation)
            #expect(isClose(bin.meanPredicted, meanPredicted[index]), "bin \(index)", sourceLocation: sourceLocation)
            #expect(isClose(bin.interval.lowerBound, wilsonLower[index], absolute: 1e-15), "bin \(index)",
                    sourceLocation: sourceLocation)
            #expect(isClose(bin.interval.upperBound, wilsonUpper[index], absolute: 1e-15), "bin \(index)",
                    sourceLocation: sourceLocation)
        }
    }
}
