import Entente
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PanelTests {
    static let panel: Result<DyadYearPanel, any Error> = Result {
        try PanelBuilder(database: TestData.database(), reference: TestData.reference).build(PanelRequest(firstYear: 1816, lastYear: 2018))
    }

    func value(_ panel: DyadYearPanel, _ column: String, _ a: Int, _ b: Int, _ year: Int) -> Double? {
        guard let row = panel.row(a, b, year), let values = panel.column(column)?.values else { return nil }
        return values[row]
    }

    @Test func rowsArePairsOfSystemMembersEachYear() throws {
        let panel = try Self.panel.get()
        var expected = 0
        for year in 1816...2018 {
            let members = TestData.reference.stateSystem.members(in: year).count
            expected += members * (members - 1) / 2
        }
        #expect(panel.count == expected)
        #expect((0..<panel.count).allSatisfy { panel.ccode1[$0] < panel.ccode2[$0] })
        let members2018 = TestData.reference.stateSystem.members(in: 2018).count
        #expect((0..<panel.count).filter { panel.year[$0] == 2018 }.count == members2018 * (members2018 - 1) / 2)
    }

    @Test func chinaRussiaConsultationOnsetIn2001AndTheSinoSovietTreatyYears() throws {
        let panel = try Self.panel.get()
        #expect(value(panel, "atop_consul", 365, 710, 2000) == 0)
        #expect(value(panel, "atop_consul", 365, 710, 2001) == 1)
        #expect(value(panel, "atop_consul_onset", 365, 710, 2001) == 1)
        #expect(value(panel, "atop_consul_onset", 365, 710, 2002) == 0)
        #expect(value(panel, "atop_nonagg_onset", 365, 710, 1992) == 1)
        // The 1950 Sino-Soviet treaty of friendship, alliance and mutual assistance ran to 1980 in ATOP.
        for year in 1950...1979 { #expect(value(panel, "atop_defense", 365, 710, year) == 1, "\(year)") }
        #expect(value(panel, "atop_defense", 365, 710, 1981) == 0)
        #expect(value(panel, "defense_years", 365, 710, 1998) == Double(1998 - 1980 - 1))
        #expect(value(panel, "sco_both", 365, 710, 2002) == 1)
        #expect(value(panel, "conttype", 365, 710, 2001) == 1, "land border")
    }

    @Test func noPactBetweenTheUnitedStatesAndTheSovietUnion() throws {
        let panel = try Self.panel.get()
        let rows = (0..<panel.count).filter { panel.ccode1[$0] == 2 && panel.ccode2[$0] == 365 && (1946...1991).contains(panel.year[$0]) }
        #expect(rows.count == 46)
        let defense = panel.column("atop_defense")!.values
        #expect(rows.allSatisfy { defense[$0] == 0 })
        #expect(value(panel, "mid_ongoing", 2, 365, 1962) == 1, "the Cuban missile crisis is a MID")
    }

    @Test func distancesTakeTheCapitalOfFirstJanuaryAndMinimumDistanceIsNullOutsideCShapes() throws {
        let panel = try Self.panel.get()
        // Brazil's capital moved from Rio de Janeiro to Brasília on 1960-04-21: 1960 still measures from Rio.
        let rio = try #require(value(panel, "capital_distance_ln", 2, 140, 1959))
        #expect(value(panel, "capital_distance_ln", 2, 140, 1960) == rio)
        #expect(value(panel, "capital_distance_ln", 2, 140, 1961) != rio, "the move counts from 1961")
        #expect(value(panel, "mindist", 365, 710, 2001) == 0, "a land border")
        #expect(value(panel, "mindist", 2, 200, 1885)?.isNaN == true, "CShapes starts in 1886")
        #expect(value(panel, "capital_distance_ln", 2, 200, 1885)?.isNaN == false)
        #expect(value(panel, "mindist", 2, 366, 1991)?.isNaN == true, "no Estonian shape on 1 January 1991")
        #expect(value(panel, "mindist", 2, 366, 1992)?.isNaN == false)
    }

    @Test func sampledDyadYearsEqualAnIndependentPandasComputationFromTheRawFiles() throws {
        let panel = try Self.panel.get()
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonHasPandas(python) else {
            #expect(!TestData.required, "pandas is needed for this comparison (pip install pandas)")
            return
        }
        // Every 20,011th row (about 50, all eras) and the known cases.
        var rows = Array(stride(from: 17, to: panel.count, by: 20_011))
        // Capitals that moved (Brazil 1960, Vichy France 1942) and a new state's first year without a minimum distance.
        for (a, b, y) in [(365, 710, 2001), (365, 710, 2014), (2, 365, 1962), (365, 710, 1955), (2, 200, 2010), (710, 713, 1996),
                          (2, 140, 1960), (2, 140, 1961), (220, 365, 1942), (2, 366, 1991)] {
            if let row = panel.row(a, b, y) { rows.append(row) }
        }
        let (output, status) = try runScript(python, "panel_check.py", [TestData.directory, repositoryRoot.path]
            + rows.map { "\(panel.ccode1[$0]),\(panel.ccode2[$0]),\(panel.year[$0])" })
        #expect(status == 0)
        let lines = output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return }
        #expect(header == ["ccode1", "ccode2", "year"] + panel.columns.map(\.name), "the script follows the same column contract")
        #expect(lines.count - 1 == rows.count)
        for (line, row) in zip(lines.dropFirst(), rows) {
            #expect(Int32(line[0]) == panel.ccode1[row] && Int32(line[1]) == panel.ccode2[row] && Int32(line[2]) == panel.year[row])
            for (offset, column) in panel.columns.enumerated() {
                let text = line[offset + 3], ours = column.values[row]
                let label = "\(column.name) for \(line[0])-\(line[1]) \(line[2])"
                if text.isEmpty {
                    #expect(ours.isNaN, "\(label): pandas has no value, Entente \(ours)")
                } else if let theirs = Double(text) {
                    #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "\(label): pandas \(theirs), Entente \(ours)")
                }
            }
        }
    }

    @Test func unAgreementEqualsADirectComputationFromTheVotes() throws {
        let panel = try Self.panel.get()
        for year in [1995, 2003, 2014] {
            let votes = try TestData.rows("""
                SELECT a.vote, b.vote FROM un_votes a JOIN un_votes b ON a.rcid = b.rcid
                WHERE a.country_ccode = 710 AND b.country_ccode = 365 AND a.year = \(year)
                """)
            let codes = ["yes": 1.0, "abstain": 2.0, "no": 3.0]
            let pairs = votes.compactMap { row -> (Double, Double)? in
                guard let x = codes[row[0].text], let z = codes[row[1].text] else { return nil }
                return (x, z)
            }
            let agree = Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count)
            let sscore = 1 - pairs.map { abs($0.0 - $0.1) }.reduce(0, +) / Double(pairs.count)
            #expect(value(panel, "un_votes_n", 365, 710, year) == Double(pairs.count))
            #expect(abs(value(panel, "un_agree", 365, 710, year)! - agree) < 1e-12)
            #expect(abs(value(panel, "un_sscore", 365, 710, year)! - sscore) < 1e-12)
        }
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct DyadMonthPanelTests {
    @Test func monthlyUNAgreementEqualsTheVotesOfThatMonth() throws {
        let table = try DyadMonthPanel(database: TestData.database()).build(from: 201_401, to: 201_412, dyad: (CountryCode(710), CountryCode(365)))
        #expect(table.columns == DyadMonthPanel.columns)
        let december = try #require(table.rows.first { $0[2] == .text("2014-12") })
        let direct = try TestData.rows("""
            SELECT COUNT(*), SUM(x.vote = y.vote) FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid
            JOIN un_roll_calls r ON r.rcid = x.rcid
            WHERE x.country_ccode = 365 AND y.country_ccode = 710 AND r.date LIKE '2014-12-%'
              AND x.vote IN ('yes', 'no', 'abstain') AND y.vote IN ('yes', 'no', 'abstain')
            """)[0]
        #expect(december[9] == .integer(Int64(direct[0].text)!))
        #expect(december[10] == .real(Double(direct[1].text)! / Double(direct[0].text)!))
        let yearly = table.rows.reduce(Int64(0)) { sum, row in if case .integer(let n) = row[9] { sum + n } else { sum } }
        #expect(try TestData.rows("SELECT COUNT(*) FROM un_votes x JOIN un_votes y ON x.rcid = y.rcid WHERE x.country_ccode = 365 AND y.country_ccode = 710 AND x.year = 2014 AND x.vote IN ('yes','no','abstain') AND y.vote IN ('yes','no','abstain')") == [[FieldValueText(stringLiteral: String(yearly))]])
    }
}
