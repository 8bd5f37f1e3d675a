import Entente
import EntenteCore
import Testing

@Suite struct PanelCodebookTests {
    @Test func theCodebookDocumentsEveryColumnOnce() {
        let dyadYear = PanelCodebook.entries.flatMap(\.covariates)
        #expect(dyadYear.count == PanelColumnName.dyadYearCovariates.count && Set(dyadYear) == Set(PanelColumnName.dyadYearCovariates))
        let stateYear = PanelCodebook.stateYearEntries.flatMap(\.covariates)
        #expect(stateYear.count == PanelColumnName.stateYearColumns.count && Set(stateYear) == Set(PanelColumnName.stateYearColumns))
    }

    @Test func entriesNameTheirColumnsOrTheirPattern() {
        let labels = PanelCodebook.entries.map(\.label)
        #expect(labels.contains("atop_<provision>_onset") && labels.contains("cinc1, cinc2, cap_ratio_ln"))
        #expect(labels.contains("polity2_1, polity2_2, polity_diff, joint_democracy") && labels[0] == "ccode1, ccode2, year")
        #expect(PanelCodebook.entries[0].covariates.isEmpty, "keys are no covariates")
    }
}
