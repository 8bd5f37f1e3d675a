/// A horizontal waterfall chart as self-contained SVG: from a starting value, each step adds its amount (a bar
/// to the right when positive, to the left when negative) and the last bar shows where the steps end. Used for
/// the drivers and barriers of a forecast's log-odds against the system baseline.
public struct WaterfallChart: Sendable {
    /// One step.
    public struct Step: Sendable {
        public var label: String
        public var amount: Double

        /// Creates a step.
        public init(label: String, amount: Double) {
            self.label = label
            self.amount = amount
        }
    }

    public var title: String
    public var startLabel: String
    public var start: Double
    public var steps: [Step]
    public var endLabel: String
    /// The unit the amounts are in (for the axis).
    public var unit: String

    /// Creates a chart from `start` through `steps`.
    public init(title: String, startLabel: String, start: Double, steps: [Step], endLabel: String, unit: String) {
        self.title = title
        self.startLabel = startLabel
        self.start = start
        self.steps = steps
        self.endLabel = endLabel
        self.unit = unit
    }

    /// The chart as an SVG document. Each row puts its label on a line of its own above its bar, so the bars keep
    /// the full width and 15-unit text in a 480-unit frame still reads at 11 px on a 390 px phone.
    public func svg(width: Double = 480) -> String {
        let number = SVGText.number, escape = SVGText.escape
        let rowHeight = 44.0, left = 20.0, top = 36.0, right = 64.0, bottom = 44.0
        let height = top + rowHeight * Double(steps.count + 2) + bottom
        var running = start
        var levels = [start]
        for step in steps {
            running += step.amount
            levels.append(running)
        }
        let low = min(0, levels.min() ?? 0), high = (levels.max() ?? 0) + 0.1
        let plotWidth = width - left - right
        func px(_ value: Double) -> Double { left + (value - low) / (high - low) * plotWidth }

        var parts = SVGText.opening(width: width, height: height, title: title, fontSize: 15)
        func row(_ index: Int, _ label: String, from: Double, to: Double, color: String, amount: String) {
            let y = top + rowHeight * Double(index)
            let x0 = px(min(from, to)), x1 = px(max(from, to))
            parts.append("<text x=\"\(number(left))\" y=\"\(number(y + 16))\" fill=\"#333\">\(escape(label))</text>")
            parts.append("<rect x=\"\(number(x0))\" y=\"\(number(y + 22))\" width=\"\(number(max(1, x1 - x0)))\" height=\"16\" fill=\"\(color)\"><title>\(escape(label)): \(escape(amount))</title></rect>")
            parts.append("<text x=\"\(number(x1 + 4))\" y=\"\(number(y + 36))\">\(escape(amount))</text>")
        }
        func signed(_ value: Double) -> String { (value >= 0 ? "+" : "−") + String(format: "%.2f", abs(value)) }
        row(0, startLabel, from: min(0, start), to: start, color: "#888888", amount: String(format: "%.2f", start))
        for (index, step) in steps.enumerated() {
            row(index + 1, step.label, from: levels[index], to: levels[index + 1],
                color: step.amount >= 0 ? "#2e7d32" : "#c62828", amount: signed(step.amount))
        }
        row(steps.count + 1, endLabel, from: min(0, running), to: running, color: "#1f4e9a", amount: String(format: "%.2f", running))
        let axisY = top + rowHeight * Double(steps.count + 2) + 4
        parts.append("<line x1=\"\(number(left))\" y1=\"\(number(axisY))\" x2=\"\(number(width - right))\" y2=\"\(number(axisY))\" stroke=\"#444\"/>")
        for tick in stride(from: low.rounded(.up), through: high, by: max(1, ((high - low) / 4).rounded())) {
            parts.append("<text x=\"\(number(px(tick)))\" y=\"\(number(axisY + 18))\" text-anchor=\"middle\">\(number(tick))</text>")
        }
        parts.append("<text x=\"\(number(left))\" y=\"\(number(height - 4))\" fill=\"#555\">\(escape(unit))</text>")
        parts.append(SVGText.closing)
        return parts.joined(separator: "\n")
    }
}
