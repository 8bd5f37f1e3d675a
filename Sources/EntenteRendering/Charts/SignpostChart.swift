import EntenteCore
import Foundation

extension SignpostUpdate {
    /// The trajectory as a self-contained SVG document: the probability over time as a step line, the prior as a
    /// dashed line, and each step marked (filled where it changed the odds, hollow where it corroborates) with a
    /// tooltip naming the signpost and the item. The line runs on to `end`, the as-of or revision date.
    public func svg(title: String, through end: CalendarDate, width: Double = 720, height: Double = 360) -> String {
        let left = 56.0, right = 170.0, top = 52.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let times = steps.map { Self.decimalYear($0.observation.date.firstDay) }
        let endTime = max(Self.decimalYear(end), times.last ?? -.infinity)
        let firstYear = (times.first ?? endTime - 1).rounded(.down), lastYear = max(firstYear + 1, endTime.rounded(.up))
        let scale = AxisScale(values: [prior] + steps.map(\.probability), axes: .linear)
        let number = SVGText.number, escape = SVGText.escape
        func px(_ time: Double) -> Double { left + (time - firstYear) / (lastYear - firstYear) * plotWidth }
        func py(_ probability: Double) -> Double { top + plotHeight - scale.fraction(probability) * plotHeight }
        let lineColour = "#1f5fa8", priorColour = "#888"

        var parts: [String] = []
        parts += SVGText.opening(width: width, height: height, title: title)
        parts.append("<text x=\"\(number(left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>")
        parts.append("<text x=\"\(number(left))\" y=\"38\" fill=\"#666\">prior \(scale.label(prior)), posterior \(scale.label(posterior)); \(steps.filter(\.counted).count) of \(steps.count) records counted</text>")
        for tick in scale.ticks {
            let y = py(tick)
            parts.append("<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#eee\"/>")
            parts.append("<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(scale.label(tick))</text>")
        }
        let span = Int(lastYear - firstYear), tickStep = span <= 12 ? 1 : span <= 30 ? 5 : 10
        for year in Int(firstYear)...Int(lastYear) where year % tickStep == 0 {
            parts.append("<text x=\"\(number(px(Double(year))))\" y=\"\(number(top + plotHeight + 16))\" text-anchor=\"middle\">\(year)</text>")
        }
        parts.append("<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#444\"/>")
        parts.append("<text x=\"16\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 16 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">P(defence pact within 10 years)</text>")
        parts.append("<line class=\"prior\" x1=\"\(number(left))\" y1=\"\(number(py(prior)))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(py(prior)))\" stroke=\"\(priorColour)\" stroke-dasharray=\"6 4\"/>")
        // A step line: flat until a record, then straight up or down to the new probability.
        var points = [(firstYear, prior)]
        for (time, step) in zip(times, steps) { points += [(time, points[points.count - 1].1), (time, step.probability)] }
        points.append((endTime, posterior))
        parts.append("<polyline class=\"posterior\" points=\"\(points.map { "\(number(px($0.0))),\(number(py($0.1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>")
        for (time, step) in zip(times, steps) {
            let record = step.observation
            let what = record.observed ? "seen" : "not seen"
            let effect = step.counted ? "×\(String(format: "%.3g", exp(step.logFactor))) → \(scale.label(step.probability))" : "corroborates, no change"
            let tooltip = "\(record.date) \(record.signpost) \(what)\(record.evidence.map { " (\($0))" } ?? ""): \(effect)"
            parts.append("<circle class=\"step\" cx=\"\(number(px(time)))\" cy=\"\(number(py(step.probability)))\" r=\"3.5\" fill=\"\(step.counted ? lineColour : "#fff")\" stroke=\"\(lineColour)\"><title>\(escape(tooltip))</title></circle>")
        }
        let legendX = left + plotWidth + 12
        parts.append("<line x1=\"\(number(legendX))\" y1=\"\(number(top + 4))\" x2=\"\(number(legendX + 18))\" y2=\"\(number(top + 4))\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>")
        parts.append("<text x=\"\(number(legendX + 22))\" y=\"\(number(top + 8))\">posterior</text>")
        parts.append("<line x1=\"\(number(legendX))\" y1=\"\(number(top + 20))\" x2=\"\(number(legendX + 18))\" y2=\"\(number(top + 20))\" stroke=\"\(priorColour)\" stroke-dasharray=\"6 4\"/>")
        parts.append("<text x=\"\(number(legendX + 22))\" y=\"\(number(top + 24))\">prior</text>")
        parts.append("<circle cx=\"\(number(legendX + 9))\" cy=\"\(number(top + 36))\" r=\"3.5\" fill=\"\(lineColour)\" stroke=\"\(lineColour)\"/>")
        parts.append("<text x=\"\(number(legendX + 22))\" y=\"\(number(top + 40))\">counted</text>")
        parts.append("<circle cx=\"\(number(legendX + 9))\" cy=\"\(number(top + 52))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(lineColour)\"/>")
        parts.append("<text x=\"\(number(legendX + 22))\" y=\"\(number(top + 56))\">corroboration</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    /// The date as a year with a fraction (1 July 2022 ≈ 2022.5), for placing it on a time axis.
    static func decimalYear(_ date: CalendarDate) -> Double {
        func days(_ month: Int) -> Int { EvidenceDate(year: date.year, month: month)?.lastDay.day ?? 30 }
        let dayOfYear = (1..<date.month).map(days).reduce(0, +) + date.day - 1
        return Double(date.year) + Double(dayOfYear) / Double((1...12).map(days).reduce(0, +))
    }
}
