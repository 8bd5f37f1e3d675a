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

        /// Creates a series; `values` align with the chart's `x`.
        public init(name: String, values: [Double?], color: String, width: Double = 1.5) {
            self.name = name
            self.values = values
            self.color = color
            self.width = width
        }
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

    /// Creates a chart.
    public init(title: String, x: [Int], series: [Series], yLabel: String = "",
                band: (lower: [Double?], upper: [Double?], color: String, name: String)? = nil,
                yRange: ClosedRange<Double>? = nil, markers: [(year: Int, label: String)] = [],
                ticks: [(x: Int, label: String)]? = nil) {
        self.title = title
        self.x = x
        self.series = series
        self.yLabel = yLabel
        self.band = band
        self.yRange = yRange
        self.markers = markers
        self.ticks = ticks
    }

    /// The chart as an SVG document of the given size.
    public func svg(width: Double = 720, height: Double = 360) -> String {
        let left = 56.0, right = 150.0, top = 36.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let all = series.flatMap { $0.values.compactMap { $0 } } + (band.map { $0.lower.compactMap { $0 } + $0.upper.compactMap { $0 } } ?? [])
        let range = yRange ?? {
            let low = all.min() ?? 0, high = all.max() ?? 1
            return low == high ? (low - 1)...(high + 1) : low...high
        }()
        let firstYear = Double(x.first ?? 0), lastYear = Double(x.last ?? 1)
        func px(_ year: Int) -> Double {
            left + (lastYear == firstYear ? plotWidth / 2 : (Double(year) - firstYear) / (lastYear - firstYear) * plotWidth)
        }
        func py(_ value: Double) -> Double {
            top + plotHeight - (value - range.lowerBound) / (range.upperBound - range.lowerBound) * plotHeight
        }
        let number = SVGText.number, escape = SVGText.escape
        var parts: [String] = []
        parts += SVGText.opening(width: width, height: height, title: title)
        parts.append("<text x=\"\(number(left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>")
        // Axes and ticks.
        parts.append("<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>")
        parts.append("<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(top + plotHeight))\" stroke=\"#444\"/>")
        for step in 0...4 {
            let value = range.lowerBound + Double(step) / 4 * (range.upperBound - range.lowerBound)
            let y = py(value)
            parts.append("<line x1=\"\(number(left - 4))\" y1=\"\(number(y))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#ddd\"/>")
            parts.append("<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(String(format2(value)))</text>")
        }
        let span = max(1, (x.last ?? 0) - (x.first ?? 0))
        let tickStep = span <= 12 ? 1 : span <= 30 ? 5 : 10
        for tick in ticks ?? x.filter({ $0 % tickStep == 0 }).map({ ($0, String($0)) }) {
            parts.append("<text x=\"\(number(px(tick.x)))\" y=\"\(number(top + plotHeight + 16))\" text-anchor=\"middle\">\(escape(tick.label))</text>")
        }
        if !yLabel.isEmpty {
            parts.append("<text x=\"14\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">\(escape(yLabel))</text>")
        }
        for marker in markers where marker.year >= x.first ?? 0 && marker.year <= x.last ?? 0 {
            let mx = px(marker.year)
            parts.append("<line x1=\"\(number(mx))\" y1=\"\(number(top))\" x2=\"\(number(mx))\" y2=\"\(number(top + plotHeight))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
            parts.append("<text x=\"\(number(mx + 3))\" y=\"\(number(top + 10))\" fill=\"#666\">\(escape(marker.label))</text>")
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
                    parts.append("<polyline class=\"series\" data-name=\"\(escape(line.name))\" points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(number(line.width))\"/>")
                }
            }
        }
        // Legend.
        var legendY = top + 4
        for line in series {
            parts.append("<line x1=\"\(number(left + plotWidth + 12))\" y1=\"\(number(legendY))\" x2=\"\(number(left + plotWidth + 30))\" y2=\"\(number(legendY))\" stroke=\"\(line.color)\" stroke-width=\"\(number(line.width))\"/>")
            parts.append("<text x=\"\(number(left + plotWidth + 34))\" y=\"\(number(legendY + 4))\">\(escape(line.name))</text>")
            legendY += 16
        }
        if let band {
            parts.append("<rect x=\"\(number(left + plotWidth + 12))\" y=\"\(number(legendY - 5))\" width=\"18\" height=\"10\" fill=\"\(band.color)\" fill-opacity=\"0.25\"/>")
            parts.append("<text x=\"\(number(left + plotWidth + 34))\" y=\"\(number(legendY + 4))\">\(escape(band.name))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
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

    private func format2(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
