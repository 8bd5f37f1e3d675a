import EntenteCore
import EntenteRendering
import EntenteTestSupport
import Testing

/// The reliability chart of out-of-sample scores.
@Suite struct ReliabilityChartTests {
    @Test func theReliabilityChartDrawsEachBinWithItsInterval() {
        let scores = ForecastScores(predictions: ForecastFixtures.commonPredictions, outcomes: ForecastFixtures.commonOutcomes)
        let svg = scores.reliabilitySVG(title: "Onsets <out of sample> & calibrated?")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("Onsets &lt;out of sample&gt; &amp; calibrated?"), "text is escaped")
        #expect(svg.components(separatedBy: "<circle class=\"bin\"").count - 1 == 10)
        #expect(svg.components(separatedBy: "<line class=\"interval\"").count - 1 == 10)
        #expect(svg.contains("<line class=\"diagonal\""))
        // Linear axes from 0 to 1 (the largest point, 0.75, rounds up to 1); the plot spans x 76–452, y 60–384.
        // The first decile: mean prediction 0.03 at x = 76 + 0.03 · 376, observed 0 on the bottom edge.
        #expect(svg.contains("cx=\"87.3\" cy=\"384.0\""))
        // Ticks in percent, in round steps.
        for label in ["0%", "20%", "40%", "60%", "80%", "100%"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(svg.contains("0 of 16"), "the tooltip gives the counts")
        let many = ForecastScores(predictions: Array(repeating: ForecastFixtures.commonPredictions, count: 8).flatMap { $0 },
                                  outcomes: Array(repeating: ForecastFixtures.commonOutcomes, count: 8).flatMap { $0 })
        #expect(many.count >= 1000 && many.reliabilitySVG(title: "many").contains("\(NumberText.grouped(many.count)) forecasts"))
        #expect(NumberText.grouped(many.count).contains(","), "thousands are separated")

        let rare = ForecastScores(predictions: ForecastFixtures.rarePredictions, outcomes: ForecastFixtures.rareOutcomes)
        let logChart = rare.reliabilitySVG(title: "rare", axes: .logarithmic)
        // Decades 1e-4 … 1; the six bins without events sit hollow on the floor.
        #expect(logChart.contains(">0.01%</text>") && logChart.contains(">0.1%</text>") && logChart.contains(">100%</text>"))
        #expect(logChart.components(separatedBy: "fill=\"#fff\"").count - 1 == 6)
        #expect(logChart.components(separatedBy: "<circle class=\"bin\"").count - 1 == 8)
    }
}
