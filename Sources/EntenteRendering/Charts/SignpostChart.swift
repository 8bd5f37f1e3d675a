import EntenteCore
import Foundation

extension SignpostUpdate {
    /// The trajectory as a self-contained SVG document: the probability over time as a step line, the prior as a
    /// dashed line, and each step marked (filled where it changed the odds, hollow where it corroborates) with a
    /// tooltip naming the signpost and the item. The line runs on to `end`, the as-of or revision date. Sized as
    /// `LineChart` is, to stay legible on a phone: 15-unit text in a 480-unit frame, the legend in two rows below.
    public func svg(title: String, through end: CalendarDate, width: Double = 480, height: Double = 340) -> String {
        let left = 60.0, right = 16.0, top = 60.0, bottom = 40.0
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
        let legendHeight = 52.0
        parts += SVGText.opening(width: width, height: height + legendHeight, title: title, fontSize: 15)
        parts.append("<text x=\"8\" y=\"44\" fill=\"#666\">prior \(scale.label(prior)), posterior \(scale.label(posterior)); \(steps.filter(\.counted).count) of \(steps.count) records counted</text>")
        for tick in scale.ticks {
            let y = py(tick)
            parts.append("<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#eee\"/>")
            parts.append("<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(scale.label(tick))</text>")
        }
        let span = Int(lastYear - firstYear), tickStep = span <= 12 ? 1 : span <= 30 ? 5 : 10
        for year in Int(firstYear)...Int(lastYear) where year % tickStep == 0 {
            parts.append("<text x=\"\(number(px(Double(year))))\" y=\"\(number(top + plotHeight + 24))\" text-anchor=\"middle\">\(year)</text>")
        }
        parts.append("<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#444\"/>")
        parts.append("<text x=\"16\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 16 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">10-year chance</text>")
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
        // Legend: two rows of two below the plot.
        let entries: [(mark: String, label: String)] = [
            ("<line x1=\"0\" y1=\"-5\" x2=\"22\" y2=\"-5\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>", "posterior"),
            ("<line x1=\"0\" y1=\"-5\" x2=\"22\" y2=\"-5\" stroke=\"\(priorColour)\" stroke-dasharray=\"6 4\"/>", "prior"),
            ("<circle cx=\"11\" cy=\"-5\" r=\"3.5\" fill=\"\(lineColour)\" stroke=\"\(lineColour)\"/>", "counted"),
            ("<circle cx=\"11\" cy=\"-5\" r=\"3.5\" fill=\"#fff\" stroke=\"\(lineColour)\"/>", "corroboration"),
        ]
        for (index, entry) in entries.enumerated() {
            let x = left + Double(index % 2) * 170, y = height + 20 + Double(index / 2) * 24
            parts.append("<g transform=\"translate(\(number(x)) \(number(y)))\">\(entry.mark)<text x=\"28\" y=\"0\">\(entry.label)</text></g>")
        }
        parts.append(SVGText.closing)
        return parts.joined(separator: "\n") + "\n"
    }

    /// The date as a year with a fraction (1 July 2022 ≈ 2022.5), for placing it on a time axis.
    static func decimalYear(_ date: CalendarDate) -> Double {
        func days(_ month: Int) -> Int { EvidenceDate(year: date.year, month: month)?.lastDay.day ?? 30 }
        let dayOfYear = (1..<date.month).map(days).reduce(0, +) + date.day - 1
        return Double(date.year) + Double(dayOfYear) / Double((1...12).map(days).reduce(0, +))
    }
}
