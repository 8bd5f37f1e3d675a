import EntenteCore
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
}
