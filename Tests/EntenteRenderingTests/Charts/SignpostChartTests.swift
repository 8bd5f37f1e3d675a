import EntenteCore
import EntenteRendering
import Testing

/// The signpost trajectory chart, against positions worked out by hand.
@Suite struct SignpostChartTests {
    /// LR 2 and LR 3.
    let double = Signpost(id: "double", title: "double", description: "d", pIfAlliance: 0.4, pIfNoAlliance: 0.2, rationale: "r")
    let triple = Signpost(id: "triple", title: "triple", description: "d", pIfAlliance: 0.6, pIfNoAlliance: 0.2, rationale: "r")

    func seen(_ id: String, _ date: String, item: String) -> SignpostObservation {
        SignpostObservation(signpost: id, date: EvidenceDate(date)!, observed: true, evidence: item, kind: nil, direction: nil)
    }

    func date(_ text: String) -> CalendarDate { EvidenceDate(text)!.calendarDate! }

    @Test func theChartDrawsTheStepsThePriorAndEachRecord() {
        let update = SignpostUpdate(prior: 0.1, signposts: [double, triple], observations: [
            seen("double", "2020-07", item: "a"), seen("double", "2021", item: "b"), seen("triple", "2022-01-01", item: "c"),
        ])
        let svg = update.svg(title: "A & B", through: date("2023-06-30"))
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") && svg.contains("A &amp; B"))
        #expect(svg.contains("<line class=\"prior\"") && svg.contains("stroke-dasharray=\"6 4\""))
        #expect(svg.components(separatedBy: "<polyline class=\"posterior\"").count == 2)
        #expect(svg.components(separatedBy: "<circle class=\"step\"").count - 1 == 3)
        #expect(svg.components(separatedBy: "fill=\"#fff\" stroke=\"#1f5fa8\"><title>").count - 1 == 1, "one corroboration, hollow")
        #expect(svg.contains(">2020</text>") && svg.contains(">2024</text>") && !svg.contains(">2019</text>"))
        // The prior sits at 0.1 on an axis running to 0.5 (posterior 0.4 × 1.05, rounded up): 80% of the way down
        // the plot, which starts at y = 60 and is 240 high, so y = 60 + 0.8 × 240 = 252; the plot starts at x = 60.
        #expect(svg.contains("<line class=\"prior\" x1=\"60.0\" y1=\"252.0\""))
        // Probabilities read as percentages: odds 1/9 × 2 × 3 = 2/3 give 40%; the axis ticks run 0% to 50%.
        #expect(svg.contains("prior 10%, posterior 40%"))
        #expect(svg.contains(">50%</text>") && !svg.contains(">0.5</text>"))
    }
}
