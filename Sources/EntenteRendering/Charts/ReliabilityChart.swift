import EntenteCore
import Foundation

/// How a reliability chart scales its axes.
public enum ReliabilityAxes: Sendable, Hashable {
    /// Linear from 0 to a round number just above the largest bin: the honest default.
    case linear
    /// Decades on both axes, for rare events whose bins bunch near zero; bins observed at zero sit on the floor.
    case logarithmic
}

extension ForecastScores {
    /// The reliability chart as a self-contained SVG document: for each calibration bin, the observed rate (y)
    /// against the mean prediction (x) with its Wilson interval as a vertical bar, and the diagonal where a
    /// calibrated forecast lies. Both axes share one range so the diagonal is at 45°; the range fits the points,
    /// and an interval reaching past it is cut at the frame. Each point carries a tooltip with its numbers.
    public func reliabilitySVG(title: String, axes: ReliabilityAxes = .linear,
                               width: Double = 480, height: Double = 440) -> String {
        let left = 76.0, right = 28.0, top = 60.0, bottom = 56.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let values = calibration.flatMap { [$0.meanPredicted, $0.observedRate] }
        let scale = AxisScale(values: values, axes: axes)
        let number = SVGText.number, escape = SVGText.escape
        func px(_ value: Double) -> Double { left + scale.fraction(value) * plotWidth }
        func py(_ value: Double) -> Double { top + plotHeight - scale.fraction(value) * plotHeight }

        var parts: [String] = []
        parts += SVGText.opening(width: width, height: height, title: title, fontSize: 15)
        parts.append("<text x=\"8\" y=\"44\" fill=\"#666\">\(NumberText.grouped(count)) forecasts, \(NumberText.grouped(events)) events, \(calibration.count) bins</text>")
        for tick in scale.ticks {
            let x = px(tick), y = py(tick)
            parts.append("<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#eee\"/>")
            parts.append("<line x1=\"\(number(x))\" y1=\"\(number(top))\" x2=\"\(number(x))\" y2=\"\(number(top + plotHeight))\" stroke=\"#eee\"/>")
            parts.append("<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(scale.label(tick))</text>")
            parts.append("<text x=\"\(number(x))\" y=\"\(number(top + plotHeight + 24))\" text-anchor=\"middle\">\(scale.label(tick))</text>")
        }
        parts.append("<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#444\"/>")
        parts.append("<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 10))\" text-anchor=\"middle\">predicted probability (bin mean)</text>")
        parts.append("<text x=\"18\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 18 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">observed frequency</text>")
        parts.append("<line class=\"diagonal\" x1=\"\(number(px(scale.lower)))\" y1=\"\(number(py(scale.lower)))\" x2=\"\(number(px(scale.upper)))\" y2=\"\(number(py(scale.upper)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
        for bin in calibration {
            let x = px(bin.meanPredicted)
            parts.append("<line class=\"interval\" x1=\"\(number(x))\" y1=\"\(number(py(bin.interval.lowerBound)))\" x2=\"\(number(x))\" y2=\"\(number(py(bin.interval.upperBound)))\" stroke=\"#1f5fa8\" stroke-opacity=\"0.5\" stroke-width=\"2\"/>")
            // On log axes a bin with no events cannot be placed; it sits on the floor, drawn hollow.
            let hollow = axes == .logarithmic && bin.events == 0
            let tooltip = "predicted \(scale.label(bin.meanPredicted)), observed \(scale.label(bin.observedRate)) (\(bin.events) of \(bin.count)), 95% interval \(scale.label(bin.interval.lowerBound))–\(scale.label(bin.interval.upperBound))"
            parts.append("<circle class=\"bin\" cx=\"\(number(x))\" cy=\"\(number(py(bin.observedRate)))\" r=\"3.5\" fill=\"\(hollow ? "#fff" : "#1f5fa8")\" stroke=\"#1f5fa8\"><title>\(escape(tooltip))</title></circle>")
        }
        parts.append(SVGText.closing)
        return parts.joined(separator: "\n") + "\n"
    }
}

/// A probability axis with round ticks, and where values fall on it: both axes of a reliability chart, and the
/// probability axis of a signpost trajectory chart.
struct AxisScale {
    let lower: Double
    let upper: Double
    let logarithmic: Bool
    let ticks: [Double]

    init(values: [Double], axes: ReliabilityAxes) {
        let largest = values.max() ?? 0
        switch axes {
        case .linear:
            let upper = largest > 0 ? Self.roundUp(largest * 1.05) : 1
            lower = 0
            self.upper = upper
            logarithmic = false
            // Round steps (1, 2, 2.5 or 5 times a power of ten), at most five of them.
            let multiples: [Double] = [1, 2, 2.5, 5]
            let steps: [Double] = (-6...0).flatMap { (power: Int) -> [Double] in multiples.map { $0 * pow(10, Double(power)) } }
            let step = steps.first { upper / $0 <= 5 + 1e-9 } ?? upper
            ticks = (0...Int((upper / step).rounded())).map { Double($0) * step }
        case .logarithmic:
            let positive = values.filter { $0 > 0 }
            var floorExponent = Int(log10(positive.min() ?? 0.1).rounded(.down))
            let ceilingExponent = Int(log10(positive.max() ?? 1).rounded(.up))
            if floorExponent == ceilingExponent { floorExponent -= 1 }
            lower = pow(10, Double(floorExponent))
            upper = pow(10, Double(ceilingExponent))
            logarithmic = true
            ticks = (floorExponent...ceilingExponent).map { pow(10, Double($0)) }
        }
    }

    /// Where `value` falls from the lower (0) to the upper (1) end, held inside the frame.
    func fraction(_ value: Double) -> Double {
        let position = logarithmic
            ? log10(max(value, lower) / lower) / log10(upper / lower) : (value - lower) / (upper - lower)
        return min(max(position, 0), 1)
    }

    /// A probability as a percentage to three significant digits at most, in the shortest form ("0.1%", "25%").
    func label(_ value: Double) -> String {
        guard value > 0 else { return "0%" }
        let percent = 100 * value
        let digits = pow(10, 2 - log10(percent).rounded(.down))
        let rounded = (percent * digits).rounded() / digits
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%g", rounded)) + "%"
    }

    /// The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value`, at most 1.
    private static func roundUp(_ value: Double) -> Double {
        let power = pow(10, log10(value).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].first { $0 * power >= value } ?? 10
        return min(1, step * power)
    }
}
