import EntenteCore
import Testing

@Suite struct PanelColumnNameTests {
    @Test func familiesSpellTheNamesThePanelWrites() {
        #expect(PanelColumnName.atop(.defense).rawValue == "atop_defense" && PanelColumnName.atopOnset(.consul).rawValue == "atop_consul_onset")
        #expect(PanelColumnName.cinc.sides.map(\.rawValue) == ["cinc1", "cinc2"])
        #expect(PanelColumnName.polity2.side(.first).rawValue == "polity2_1", "an underscore after a digit")
        #expect(PanelColumnName.defenseYearsPowers.map(\.rawValue) == ["defense_years", "defense_years2", "defense_years3"])
        #expect(PanelColumnName.isDefenseYears("defense_years3") && !PanelColumnName.isDefenseYears("mid_years"))
    }

    @Test func theOtherSideIsTheSameMeasureOfTheOtherState() {
        #expect(PanelColumnName.cinc.side(.second).otherSide == PanelColumnName.cinc.side(.first))
        #expect(PanelColumnName.polity2.side(.first).otherSide == PanelColumnName.polity2.side(.second))
        #expect(PanelColumnName.tradeDep1.otherSide == .tradeDep2)
        #expect(PanelColumnName.defenseYears2.otherSide == nil && PanelColumnName.unAgree.otherSide == nil)
    }

    @Test func readingANameKnowsOnlyThePanelsColumns() {
        #expect(PanelColumnName(rawValue: "west_sanctions2") == PanelColumnName.westSanctions.side(.second))
        #expect(PanelColumnName(rawValue: "rivals") == .rivals && PanelColumnName(rawValue: "ccode1") == .ccode1)
        #expect(PanelColumnName(rawValue: "trade_dep") == nil, "a measure of each side, not a column")
        #expect(PanelColumnName(rawValue: "land_contiguity") == nil && PanelColumnName(rawValue: "atop_<provision>_onset") == nil)
    }

    @Test func eachPanelListsEachColumnOnce() {
        let dyadYear = PanelColumnName.dyadYearCovariates
        #expect(dyadYear.count == 73 && Set(dyadYear).count == dyadYear.count)
        #expect(Set(PanelColumnName.stateYearColumns).count == PanelColumnName.stateYearColumns.count)
        #expect(Set(PanelColumnName.all).count == PanelColumnName.all.count)
        #expect(PanelColumnName.perSideMeasures.flatMap(\.sides).allSatisfy(dyadYear.contains))
    }
}
