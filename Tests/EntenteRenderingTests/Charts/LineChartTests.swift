import EntenteCore
import EntenteRendering
import Foundation
import Testing

@Suite struct LineChartTests {
    @Test func gapsSplitLinesAndTheBandIsShaded() {
        let chart = LineChart(title: "A & B", x: [2000, 2001, 2002, 2003, 2004],
                              series: [LineChart.Series(name: "index", values: [0.1, 0.2, nil, 0.4, 0.5], color: "#111")],
                              band: ([0.0, 0.1, nil, 0.3, 0.4], [0.2, 0.3, nil, 0.5, 0.6], "#888", "band"),
                              yRange: 0...1, markers: [(2001, "2001")])
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "<polyline class=\"series\"").count - 1 == 2, "the missing year splits the line")
        #expect(svg.components(separatedBy: "<polygon class=\"band\"").count - 1 == 2)
        #expect(svg.contains("A &amp; B"), "text is escaped")
        #expect(svg.contains("stroke-dasharray"), "the marker year is drawn")
        // x = 2000 at the left edge (64) and y = 0.1 at 10% of the plot's 244 height above its bottom (300 − 24.4).
        #expect(svg.contains("points=\"64.0,275.6 "))
        // Round ticks on the 0–1 range, every fifth of it, and the legend below the plot names the band in full.
        #expect(svg.contains(">0.2</text>") && svg.contains(">1.0</text>") && !svg.contains(">0.25</text>"))
        #expect(svg.contains("<text class=\"legend\"") && svg.contains(">band</text>"))
    }

    @Test func probabilitiesReadAsPercentagesOnRoundTicks() {
        let chart = LineChart(title: "p", x: [2026, 2027, 2028], series: [LineChart.Series(name: "chance", values: [0.003, 0.012, 0.0225], color: "#111")],
                              valueFormat: .percent)
        let svg = chart.svg()
        // From zero to 2.5% in steps of 0.5%: every label a round percentage, none a bare decimal.
        for label in ["0.0%", "0.5%", "1.0%", "1.5%", "2.0%", "2.5%"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(!svg.contains(">0.02</text>"))
    }

    @Test func ticksLabelAnAxisThatCountsMonths() {
        // x counts months as year * 12 + month − 1: January, April and July 2016.
        let chart = LineChart(title: "months", x: [24192, 24195, 24198],
                              series: [LineChart.Series(name: "count", values: [1, 2, 3], color: "#111")],
                              ticks: [(24192, "2016-01"), (24198, "2016-07")])
        let svg = chart.svg()
        #expect(svg.contains(">2016-01</text>") && svg.contains(">2016-07</text>"))
        #expect(!svg.contains(">24192</text>"), "no year labels")
    }

    @Test func aLongTitleWrapsOntoLinesThatFitAndTheChartMovesDown() throws {
        let title = "Probability of a defence pact by year: United States of America–Democratic Republic of the Congo"
        let chart = LineChart(title: title, x: [2019, 2020], series: [LineChart.Series(name: "p", values: [0.1, 0.2], color: "#111")])
        let svg = chart.svg()
        // 464 units at 17 × 0.6 per character fit 45 characters a line: three lines, each within that, the words in
        // order, and the body moved down by the two extra lines (21 units each), the frame grown to match.
        let lines = svg.components(separatedBy: "font-weight=\"bold\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(lines.count == 3 && lines.allSatisfy { $0.count <= 45 }, "\(lines)")
        #expect(lines.joined(separator: " ") == title)
        #expect(svg.contains("<g transform=\"translate(0 42.0)\">") && svg.hasSuffix("</g>\n</svg>\n"))
        let short = LineChart(title: "A & B", x: [2019, 2020], series: [LineChart.Series(name: "p", values: [0.1, 0.2], color: "#111")]).svg()
        #expect(short.contains("<g transform=\"translate(0 0.0)\">"))
        let height = { (svg: String) in Double(svg.components(separatedBy: "viewBox=\"0 0 480.0 ")[1].prefix { $0 != "\"" }) }
        #expect(try #require(height(svg)) - (try #require(height(short))) == 42)
    }
}
