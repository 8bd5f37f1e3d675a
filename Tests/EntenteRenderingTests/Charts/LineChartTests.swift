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
        // x = 2000 at the left edge (56) and y = 0.1 at 10% of the plot height above the bottom (320 - 28.4).
        #expect(svg.contains("points=\"56.0,291.6 "))
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
}
