import Foundation

/// A line chart over years written as self-contained SVG: lines with gaps where values are missing, an optional
/// shaded band (an uncertainty interval), axes with ticks, and a legend. Pure text, so it inlines into HTML and
/// tests can read it.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var name: String
        public var values: [Double?]
        public var color: String
        public var width: Double
        /// An SVG dash pattern ("6 3"), so that lines stay apart where they overlap and in grey print.
        public var dash: String?

        /// Creates a series; `values` align with the chart's `x`.
        public init(name: String, values: [Double?], color: String, width: Double = 1.5, dash: String? = nil) {
            self.name = name
            self.values = values
            self.color = color
            self.width = width
            self.dash = dash
        }
    }

    /// How the values read on the axis.
    public enum ValueFormat: Sendable {
        case number
        /// Probabilities or shares shown as percentages.
        case percent
    }

    public var title: String
    public var x: [Int]
    public var series: [Series]
    /// Lower and upper edges of a shaded band, aligned with `x`.
    public var band: (lower: [Double?], upper: [Double?], color: String, name: String)?
    public var yRange: ClosedRange<Double>?
    public var yLabel: String
    /// Years (positions on x) to mark with a dashed vertical line and a label (1989, 2014).
    public var markers: [(year: Int, label: String)]
    /// Labelled positions on x, for an x that does not count years (months); nil labels every year, or every
    /// fifth or tenth on long spans.
    public var ticks: [(x: Int, label: String)]?
    public var valueFormat: ValueFormat

    /// Creates a chart.
    public init(title: String, x: [Int], series: [Series], yLabel: String = "",
                band: (lower: [Double?], upper: [Double?], color: String, name: String)? = nil,
                yRange: ClosedRange<Double>? = nil, markers: [(year: Int, label: String)] = [],
                ticks: [(x: Int, label: String)]? = nil, valueFormat: ValueFormat = .number) {
        self.title = title
        self.x = x
        self.series = series
        self.yLabel = yLabel
        self.band = band
        self.yRange = yRange
        self.markers = markers
        self.ticks = ticks
        self.valueFormat = valueFormat
    }

    /// The chart as an SVG document of the given size. Sized to stay legible when a phone scales it to its
    /// width: 15-unit text in a 480-unit frame reads at 11 px in the 358 px a 390 px screen leaves it. The
    /// legend sits below the plot, wrapping, so no name is cut.
    public func svg(width: Double = 480, height: Double = 340) -> String {
        let fontSize = 15.0
        // The title and the axis label get a line each above the plot; the year labels sit low enough to clear the
        // lowest value label at the corner.
        let left = 64.0, right = 24.0, top = 56.0, bottom = 40.0
        let legend = legendLayout(width: width - left - right, fontSize: fontSize)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let totalHeight = height + legend.height
        let all = series.flatMap { $0.values.compactMap { $0 } } + (band.map { $0.lower.compactMap { $0 } + $0.upper.compactMap { $0 } } ?? [])
        let axis = AxisTicks(yRange ?? ((all.min() ?? 0)...(all.max() ?? 1)), fromZero: yRange == nil && valueFormat == .percent)
        let range = axis.range
        let firstYear = Double(x.first ?? 0), lastYear = Double(x.last ?? 1)
        func px(_ year: Int) -> Double {
            left + (lastYear == firstYear ? plotWidth / 2 : (Double(year) - firstYear) / (lastYear - firstYear) * plotWidth)
        }
        func py(_ value: Double) -> Double {
            top + plotHeight - (value - range.lowerBound) / (range.upperBound - range.lowerBound) * plotHeight
        }
        let number = SVGText.number, escape = SVGText.escape
        var parts: [String] = []
        parts += SVGText.opening(width: width, height: totalHeight, title: title, fontSize: Int(fontSize))
        // Axes and ticks.
        parts.append("<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>")
        parts.append("<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>")
        for value in axis.values {
            let y = py(value)
            parts.append("<line x1=\"\(number(left - 4))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#ddd\"/>")
            parts.append("<text x=\"\(number(left - 6))\" y=\"\(number(y + 5))\" text-anchor=\"end\">\(escape(axis.label(value, percent: valueFormat == .percent)))</text>")
        }
        let span = max(1, (x.last ?? 0) - (x.first ?? 0))
        let tickStep = span <= 8 ? 1 : span <= 20 ? 2 : span <= 40 ? 5 : 10
        for tick in ticks ?? x.filter({ $0 % tickStep == 0 }).map({ ($0, String($0)) }) {
            parts.append("<text x=\"\(number(px(tick.x)))\" y=\"\(number(top + plotHeight + 26))\" text-anchor=\"middle\">\(escape(tick.label))</text>")
        }
        if !yLabel.isEmpty {
            parts.append("<text x=\"\(number(left + 4))\" y=\"\(number(top - 8))\" fill=\"#555\">\(escape(yLabel))</text>")
        }
        for marker in markers where marker.year >= x.first ?? 0 && marker.year <= x.last ?? 0 {
            let mx = px(marker.year)
            parts.append("<line x1=\"\(number(mx))\" y1=\"\(number(top))\" x2=\"\(number(mx))\" y2=\"\(number(top + plotHeight))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
            parts.append("<text x=\"\(number(mx + 3))\" y=\"\(number(top + 14))\" fill=\"#666\">\(escape(marker.label))</text>")
        }
        // The band, as one polygon per run of years where both edges exist.
        if let band {
            for run in runs(band.lower.indices.map { band.lower[$0] != nil && band.upper[$0] != nil }) {
                let upper = run.map { "\(number(px(x[$0]))),\(number(py(band.upper[$0]!)))" }
                let lower = run.reversed().map { "\(number(px(x[$0]))),\(number(py(band.lower[$0]!)))" }
                parts.append("<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" fill-opacity=\"0.25\" stroke=\"none\"/>")
            }
        }
        for line in series {
            for run in runs(line.values.map { $0 != nil }) {
                let points = run.map { "\(number(px(x[$0]))),\(number(py(line.values[$0]!)))" }.joined(separator: " ")
                if run.count == 1 {
                    parts.append("<circle cx=\"\(number(px(x[run[0]])))\" cy=\"\(number(py(line.values[run[0]]!)))\" r=\"2\" fill=\"\(line.color)\"/>")
                } else {
                    parts.append("<polyline class=\"series\" data-name=\"\(escape(line.name))\" points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(number(line.width))\"\(Self.dashAttribute(line.dash))/>")
                }
            }
        }
        // Legend, below the plot.
        for entry in legend.entries {
            let y = height + entry.row * legend.rowHeight - 8, x0 = left + entry.x
            if let line = entry.series {
                parts.append("<line x1=\"\(number(x0))\" y1=\"\(number(y - 5))\" x2=\"\(number(x0 + 22))\" y2=\"\(number(y - 5))\" stroke=\"\(line.color)\" stroke-width=\"\(number(line.width))\"\(Self.dashAttribute(line.dash))/>")
            } else if let band {
                parts.append("<rect x=\"\(number(x0))\" y=\"\(number(y - 11))\" width=\"22\" height=\"12\" fill=\"\(band.color)\" fill-opacity=\"0.25\"/>")
            }
            parts.append("<text class=\"legend\" x=\"\(number(x0 + 28))\" y=\"\(number(y))\">\(escape(entry.name))</text>")
        }
        parts.append(SVGText.closing)
        return parts.joined(separator: "\n") + "\n"
    }

    /// Where each legend entry goes: rows that wrap within `width`, each entry as wide as its name needs
    /// (an average glyph is taken as 0.6 of the font size, generous for a sans-serif face).
    private func legendLayout(width: Double, fontSize: Double) -> (entries: [(name: String, series: Series?, x: Double, row: Double)], height: Double, rowHeight: Double) {
        let rowHeight = fontSize + 8
        var names: [(String, Series?)] = series.map { ($0.name, $0) }
        if let band { names.append((band.name, nil)) }
        var entries: [(name: String, series: Series?, x: Double, row: Double)] = []
        var x = 0.0, row = 1.0
        for (name, line) in names {
            let entryWidth = 28 + Double(name.count) * fontSize * 0.6 + 16
            if x > 0 && x + entryWidth > width {
                x = 0
                row += 1
            }
            entries.append((name, line, x, row))
            x += entryWidth
        }
        return (entries, names.isEmpty ? 0 : row * rowHeight + 4, rowHeight)
    }

    /// The stroke-dasharray attribute of a dashed line, or nothing for a solid one.
    private static func dashAttribute(_ dash: String?) -> String {
        dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }

    /// Index runs where `present` is true.
    private func runs(_ present: [Bool]) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        for (index, flag) in present.enumerated() {
            if flag { current.append(index) } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

}

/// Round values for a value axis: a step of 1, 2, 2.5 or 5 times a power of ten, and the range widened to whole
/// steps, so that every gridline carries a round label.
struct AxisTicks {
    let range: ClosedRange<Double>
    let values: [Double]
    let step: Double

    init(_ data: ClosedRange<Double>, fromZero: Bool, target: Int = 5) {
        var low = fromZero ? min(0, data.lowerBound) : data.lowerBound, high = data.upperBound
        if low == high { (low, high) = (low - 1, high + 1) }
        let rough = (high - low) / Double(target)
        let power = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let first = floor(low / step + 1e-9) * step, last = ceil(high / step - 1e-9) * step
        range = first...max(last, first + step)
        self.step = step
        values = stride(from: first, through: range.upperBound + step / 2, by: step).map { ($0 / step).rounded() * step }
    }

    /// A tick's label: as a percentage or a plain number, with the decimals the step needs (2.5 → one).
    func label(_ value: Double, percent: Bool) -> String {
        let scale = percent ? 100.0 : 1.0
        let decimals = (0...4).first { digits in
            let shifted = step * scale * pow(10, Double(digits))
            return abs(shifted - shifted.rounded()) < 1e-6
        } ?? 4
        return String(format: "%.\(decimals)f", value * scale) + (percent ? "%" : "")
    }
}
