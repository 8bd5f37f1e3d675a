import Entente
import EntenteCore
import Foundation
import Testing

/// The reference class on a small panel whose distances are worked out by hand.
@Suite struct ReferenceClassTests {
    /// One dyad-year's values: UN agreement, sanctions on each side, major powers, capability gap, contiguity,
    /// a consultation pact, a defence pact and its onset.
    struct Row {
        var a: Int, b: Int, year: Int
        var agree = 0.5, sanctions = (0.0, 0.0), majors = (0.0, 0.0), gap = 1.0, border = 6.0, consul = 0.0
        var defense = 0.0, onset = 0.0
    }

    static func panel(_ rows: [Row]) -> DyadYearPanel {
        var panel = DyadYearPanel(directed: false)
        panel.ccode1 = rows.map { Int32($0.a) }
        panel.ccode2 = rows.map { Int32($0.b) }
        panel.year = rows.map { Int32($0.year) }
        func column(_ name: String, _ value: (Row) -> Double) -> PanelColumn { PanelColumn(name: name, kind: .real, values: rows.map(value)) }
        panel.columns = [
            column("un_agree") { $0.agree }, column("west_sanctions1") { $0.sanctions.0 }, column("west_sanctions2") { $0.sanctions.1 },
            column("major1") { $0.majors.0 }, column("major2") { $0.majors.1 }, column("cap_ratio_ln") { $0.gap },
            column("conttype") { $0.border }, column("atop_consul") { $0.consul }, column("atop_nonagg") { _ in 0 },
            column("atop_neutral") { _ in 0 }, column("atop_offense") { _ in 0 }, column("atop_defense") { $0.defense },
            column("atop_defense_onset") { $0.onset },
        ]
        return panel
    }

    @Test func theClassKeepsPairsWithAsManyMajorPowersClosestFirstAndCountsTheirPacts() throws {
        // The target: two major powers, agreement 0.8, a border, a consultation pact, in 2018.
        let target = Row(a: 1, b: 2, year: 2018, agree: 0.8, majors: (1, 1), gap: 1, border: 1, consul: 1)
        var rows = [target, Row(a: 1, b: 2, year: 1990, agree: 0.8, majors: (1, 1), border: 1, consul: 1)] // its own past: never an analogue
        // Three pairs of major powers. Pair 3–4 is closest in 1995 (agreement 0.7) and forms a pact in 2001;
        // pair 5–6 differs only in the border; pair 7–8 agrees at 0.2 and forms a pact in 2012, more than ten
        // years after 1960, its only year, and a defence pact already in force in 1961 keeps that year out.
        rows += [Row(a: 3, b: 4, year: 1994, agree: 0.5, majors: (1, 1), border: 1, consul: 1),
                 Row(a: 3, b: 4, year: 1995, agree: 0.7, majors: (1, 1), border: 1, consul: 1),
                 Row(a: 3, b: 4, year: 2001, agree: 0.7, majors: (1, 1), border: 1, consul: 1, defense: 1, onset: 1),
                 Row(a: 5, b: 6, year: 2000, agree: 0.8, majors: (1, 1), border: 6, consul: 1),
                 Row(a: 7, b: 8, year: 1960, agree: 0.2, majors: (1, 1), border: 1, consul: 1),
                 Row(a: 7, b: 8, year: 1961, agree: 0.8, majors: (1, 1), border: 1, consul: 1, defense: 1),
                 Row(a: 7, b: 8, year: 1972, agree: 0.2, majors: (1, 1), border: 1, consul: 1, defense: 1, onset: 1)]
        // A pair with one major power, identical otherwise: left out. Years after 2008 (no ten-year outcome) and
        // before 1950 are left out too.
        rows += [Row(a: 9, b: 10, year: 2000, agree: 0.8, majors: (1, 0), border: 1, consul: 1),
                 Row(a: 11, b: 12, year: 2009, agree: 0.8, majors: (1, 1), border: 1, consul: 1),
                 Row(a: 13, b: 14, year: 1949, agree: 0.8, majors: (1, 1), border: 1, consul: 1)]
        let names = [1: "One", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight"]
        let reference = try ReferenceClass(panel: Self.panel(rows), 1, 2, year: 2018) { names[$0] ?? "\($0)" }
        #expect(reference.firstYear == 1950 && reference.lastYear == 2008 && reference.majorPowers == 2)
        #expect(reference.analogues.map { "\($0.ccode1)-\($0.ccode2)" } == ["3-4", "5-6", "7-8"])
        // Scales over the candidate rows (1994, 1995, 2000, 1960 and the one-major pair's 2000): agreement runs
        // 0.2–0.8, so its scale is 0.6; sanctions, the capability gap and the tie do not vary (scale 1); majors
        // run 1–2 and the border 0–1 (scale 1). Pair 3–4 in 1995: agreement 0.1 / 0.6 over six traits.
        let first = reference.analogues[0]
        #expect(first.year == 1995 && abs(first.distance - 0.1 / 0.6 / 6) < 1e-12 && first.pactYear == 2001)
        #expect(first.name1 == "Three" && first.name2 == "Four")
        // Pair 5–6: only the border differs, by the whole scale.
        #expect(abs(reference.analogues[1].distance - 1.0 / 6) < 1e-12 && reference.analogues[1].pactYear == nil)
        // Pair 7–8 in 1960: agreement 0.6 / 0.6; its pact of 1972 is twelve years on.
        #expect(reference.analogues[2].year == 1960 && abs(reference.analogues[2].distance - 1.0 / 6) < 1e-12)
        #expect(reference.analogues[2].pactYear == nil)
        #expect(reference.candidates == 3 && reference.widerSize == 3 && abs(reference.widerRate - 1.0 / 3) < 1e-12)
        // The 90% Wilson interval of 1 in 3, by hand: centre (1/3 + z²/6) / (1 + z²/3), half-width
        // z·sqrt(2/27 + z²/36) / (1 + z²/3), with z = 1.6449.
        let z = 1.6448536269514722, denominator = 1 + z * z / 3
        let centre = (1.0 / 3 + z * z / 6) / denominator, half = z * (2.0 / 27 + z * z / 36).squareRoot() / denominator
        #expect(abs(reference.widerInterval.lowerBound - (centre - half)) < 1e-12)
        #expect(abs(reference.widerInterval.upperBound - (centre + half)) < 1e-12)
    }

    @Test func aPanelWithoutTheTraitsOrThePairIsAnError() throws {
        let rows = [Row(a: 1, b: 2, year: 2018), Row(a: 3, b: 4, year: 2000)]
        #expect(throws: ModelError.self) { try ReferenceClass(panel: Self.panel(rows), 1, 2, year: 2017) { "\($0)" } }
        let missing = Self.panel(rows).selecting(["un_agree"])
        let error = #expect(throws: ModelError.self) { try ReferenceClass(panel: missing, 1, 2, year: 2018) { "\($0)" } }
        #expect(error?.description.contains("west_sanctions1") == true)
    }
}
