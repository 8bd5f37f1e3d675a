import Foundation

/// How a calibration table groups forecasts.
public enum CalibrationBinning: Sendable, Hashable {
    /// Up to `n` bins between the type-7 quantiles of the predicted probabilities, each holding about as many
    /// forecasts: the bins of pandas' `qcut(p, n, duplicates="drop")` and R's
    /// `cut(p, quantile(p, 0:n / n), include.lowest = TRUE)`. Bins are (lower, upper], the first also holding its
    /// lower edge, so equal predictions always share a bin; a block of ties wider than a bin merges quantiles and
    /// leaves fewer bins.
    case equalCount(Int)
    /// `n` bins of equal width over [0, 1], (k/n, (k + 1)/n] with the first also holding 0, as scikit-learn's
    /// `calibration_curve(strategy="uniform")` draws them (as of 1.9); empty bins are left out.
    case equalWidth(Int)
}

/// One row of a calibration table: the forecasts whose predicted probability falls in a bin, and how often the
/// event happened among them.
public struct CalibrationBin: Sendable, Hashable {
    /// The bin's lower edge on the predicted probability. Bins are (lower, upper], the first also holding its
    /// lower edge.
    public let lower: Double
    /// The bin's upper edge.
    public let upper: Double
    /// Forecasts in the bin.
    public let count: Int
    /// Forecasts in the bin whose event happened.
    public let events: Int
    /// The mean predicted probability in the bin.
    public let meanPredicted: Double
    /// The Wilson score 95% interval for the observed rate.
    public let interval: ClosedRange<Double>

    /// The share of the bin's forecasts whose event happened.
    public var observedRate: Double { Double(events) / Double(count) }

    /// A bin recorded elsewhere (a snapshot's validation), restored to draw or compare.
    public init(lower: Double, upper: Double, count: Int, events: Int, meanPredicted: Double, interval: ClosedRange<Double>) {
        (self.lower, self.upper, self.count, self.events, self.meanPredicted, self.interval) = (lower, upper, count, events, meanPredicted, interval)
    }
}

/// Scores for probability forecasts of a binary event (an alliance onset) against what happened, for
/// out-of-sample validation: discrimination (ROC AUC, average precision), accuracy (Brier, log score), and a
/// calibration table with a reliability chart.
///
/// The forecasts are sorted once, positives and negatives apart, and merged into blocks of equal predictions;
/// every rank-based score and the bins come from those blocks, so a million forecasts take one O(n log n) sort.
public struct ForecastScores: Sendable, Hashable {
    /// The number of forecasts.
    public let count: Int
    /// The number of forecasts whose event happened.
    public let events: Int
    /// The area under the ROC curve: the probability that a random event outranks a random non-event, ties
    /// counting half (the Mann–Whitney statistic with mid-ranks). Nil unless both outcomes occur.
    public let rocAUC: Double?
    /// The area under the precision–recall curve as scikit-learn's `average_precision_score` defines it:
    /// Σ (Rₖ − Rₖ₋₁) Pₖ over the distinct predicted values from the highest down, a step function with no
    /// interpolation, tied forecasts entering together. Nil when no event occurs.
    public let averagePrecision: Double?
    /// The mean squared difference between the prediction and the outcome (0 or 1). Nil for no forecasts.
    public let brierScore: Double?
    /// The mean negative log-likelihood (natural log) of the outcomes, predictions first clipped to
    /// [`logScoreClip`, 1 − `logScoreClip`] as scikit-learn's `log_loss` does, so a confident miss costs about 36
    /// rather than infinity. Nil for no forecasts.
    public let logScore: Double?
    /// The calibration table, lowest predictions first.
    public let calibration: [CalibrationBin]

    /// The clip applied before taking logs: machine epsilon (2.22e-16), the default of scikit-learn's `log_loss`
    /// since 1.2 (1e-15 before).
    public static let logScoreClip = Double.ulpOfOne

    /// The share of forecasts whose event happened. Nil for no forecasts.
    public var baseRate: Double? { count == 0 ? nil : Double(events) / Double(count) }

    /// Scores recorded elsewhere (a snapshot's validation), restored to draw or compare.
    public init(count: Int, events: Int, rocAUC: Double?, averagePrecision: Double?, brierScore: Double?, logScore: Double?,
                calibration: [CalibrationBin]) {
        (self.count, self.events, self.rocAUC, self.averagePrecision) = (count, events, rocAUC, averagePrecision)
        (self.brierScore, self.logScore, self.calibration) = (brierScore, logScore, calibration)
    }

    /// Scores `predictions` (probabilities of the event) against `outcomes` (whether it happened).
    ///
    /// Equal-count bins are the default because events are rare: nearly every prediction is tiny, so equal-width
    /// bins would put almost all forecasts in the first bin and leave the others nearly empty, their intervals
    /// too wide to read; quantile bins give each point on the chart the same weight of evidence.
    ///
    /// - Precondition: as many predictions as outcomes, every prediction in [0, 1] (not NaN), and a bin count of
    ///   at least 1.
    public init(predictions: [Double], outcomes: [Bool], binning: CalibrationBinning = .equalCount(10)) {
        precondition(predictions.count == outcomes.count,
                     "\(predictions.count) predictions but \(outcomes.count) outcomes")
        var positives: [Double] = [], negatives: [Double] = []
        negatives.reserveCapacity(predictions.count)
        var squaredError = 0.0, logLoss = 0.0
        let clip = Self.logScoreClip
        for (prediction, happened) in zip(predictions, outcomes) {
            precondition(prediction >= 0 && prediction <= 1, "a prediction outside [0, 1]: \(prediction)")
            // The probability the forecast gave to what happened: p for an event, 1 − p otherwise.
            let given = happened ? prediction : 1 - prediction
            squaredError += (1 - given) * (1 - given)
            logLoss -= log(min(max(given, clip), 1 - clip))
            if happened { positives.append(prediction) } else { negatives.append(prediction) }
        }
        positives.sort()
        negatives.sort()
        let blocks = Self.tieBlocks(positives: positives, negatives: negatives)

        count = predictions.count
        events = positives.count
        brierScore = count == 0 ? nil : squaredError / Double(count)
        logScore = count == 0 ? nil : logLoss / Double(count)
        rocAUC = Self.rocAUC(blocks, positives: positives.count, negatives: negatives.count)
        averagePrecision = Self.averagePrecision(blocks, positives: positives.count)
        calibration = Self.calibration(blocks, count: predictions.count, binning: binning)
    }

    /// The Wilson score interval for a proportion of `events` in `count` trials at the given two-sided
    /// confidence; nil for no trials. It stays inside [0, 1] and is sensible at 0 of n, unlike the Wald interval.
    public static func wilsonInterval(events: Int, count: Int, confidence: Double = 0.95) -> ClosedRange<Double>? {
        guard count > 0 else { return nil }
        let n = Double(count), rate = Double(events) / n
        let z = Distributions.normalQuantile(0.5 + confidence / 2), z2 = z * z
        let denominator = 1 + z2 / n
        let center = (rate + z2 / (2 * n)) / denominator
        let halfWidth = z * (rate * (1 - rate) / n + z2 / (4 * n * n)).squareRoot() / denominator
        // At 0 or n events one end is 0 or 1 exactly; rounding must not push it past.
        return max(0, center - halfWidth)...min(1, center + halfWidth)
    }

    // MARK: - Ranks

    /// Forecasts with one predicted value: how many, and how many of them were events.
    private struct TieBlock {
        var prediction: Double
        var count: Int
        var events: Int
    }

    /// Merges the sorted positives and negatives into blocks of equal predictions, lowest first.
    private static func tieBlocks(positives: [Double], negatives: [Double]) -> [TieBlock] {
        var blocks: [TieBlock] = []
        var i = 0, j = 0
        while i < positives.count || j < negatives.count {
            let value = min(i < positives.count ? positives[i] : .infinity,
                            j < negatives.count ? negatives[j] : .infinity)
            var block = TieBlock(prediction: value, count: 0, events: 0)
            while i < positives.count, positives[i] == value {
                block.events += 1
                i += 1
            }
            let firstNegative = j
            while j < negatives.count, negatives[j] == value { j += 1 }
            block.count = block.events + j - firstNegative
            blocks.append(block)
        }
        return blocks
    }

    /// The Mann–Whitney AUC from the blocks: each event beats the non-events below its block and ties half of
    /// those in it. Counts stay whole (or half) numbers far below 2⁵³, so the sum is exact.
    private static func rocAUC(_ blocks: [TieBlock], positives: Int, negatives: Int) -> Double? {
        guard positives > 0, negatives > 0 else { return nil }
        var wins = 0.0, negativesBelow = 0.0
        for block in blocks {
            let blockEvents = Double(block.events), blockNonEvents = Double(block.count - block.events)
            wins += blockEvents * (negativesBelow + blockNonEvents / 2)
            negativesBelow += blockNonEvents
        }
        return wins / (Double(positives) * Double(negatives))
    }

    /// Average precision: lowering the threshold one distinct prediction at a time, the precision at each
    /// threshold weighted by the recall it adds.
    private static func averagePrecision(_ blocks: [TieBlock], positives: Int) -> Double? {
        guard positives > 0 else { return nil }
        var truePositives = 0, flagged = 0, sum = 0.0
        for block in blocks.reversed() {
            flagged += block.count
            truePositives += block.events
            sum += Double(block.events) / Double(positives) * (Double(truePositives) / Double(flagged))
        }
        return sum
    }

    // MARK: - Calibration

    private static func calibration(_ blocks: [TieBlock], count: Int, binning: CalibrationBinning) -> [CalibrationBin] {
        let edges: [Double]
        switch binning {
        case .equalCount(let bins):
            precondition(bins >= 1, "at least one bin")
            guard count > 0 else { return [] }
            edges = quantileEdges(blocks, count: count, bins: bins)
        case .equalWidth(let bins):
            precondition(bins >= 1, "at least one bin")
            edges = (0...bins).map { Double($0) / Double(bins) }
        }
        let binCount = max(1, edges.count - 1)
        var counts = [Int](repeating: 0, count: binCount), events = counts
        var predictionSums = [Double](repeating: 0, count: binCount)
        var bin = 0
        for block in blocks {
            // Blocks come lowest first, so the bin only moves up; the last bin takes whatever is left.
            while bin < binCount - 1, block.prediction > edges[bin + 1] { bin += 1 }
            counts[bin] += block.count
            events[bin] += block.events
            predictionSums[bin] += block.prediction * Double(block.count)
        }
        return (0..<binCount).compactMap { bin in
            guard counts[bin] > 0 else { return nil }
            return CalibrationBin(lower: edges[bin], upper: edges[min(bin + 1, edges.count - 1)], count: counts[bin],
                                  events: events[bin], meanPredicted: predictionSums[bin] / Double(counts[bin]),
                                  interval: wilsonInterval(events: events[bin], count: counts[bin])!)
        }
    }

    /// The distinct type-7 quantiles at 0, 1/bins, …, 1. The position k(n − 1)/bins is split in whole numbers
    /// so that an edge falling on an observation is that observation exactly.
    private static func quantileEdges(_ blocks: [TieBlock], count: Int, bins: Int) -> [Double] {
        var blockEnds: [Int] = []
        blockEnds.reserveCapacity(blocks.count)
        var total = 0
        for block in blocks {
            total += block.count
            blockEnds.append(total)
        }
        func orderStatistic(_ index: Int) -> Double {
            var low = 0, high = blockEnds.count - 1
            while low < high {
                let mid = (low + high) / 2
                if blockEnds[mid] > index { high = mid } else { low = mid + 1 }
            }
            return blocks[low].prediction
        }
        var edges: [Double] = []
        for k in 0...bins {
            let position = k * (count - 1)
            let index = position / bins, remainder = position % bins
            let below = orderStatistic(index)
            let edge = remainder == 0
                ? below : below + (orderStatistic(index + 1) - below) * Double(remainder) / Double(bins)
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }
}
