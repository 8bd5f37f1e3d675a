import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

@Suite struct PressureTestHelpersTests {
    @Test func holmMatchesRsPAdjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        let adjusted = MultipleTesting.holm([0.01, 0.04, 0.03, 0.005])
        for (value, expected) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(value - expected) < 1e-15) }
        #expect(MultipleTesting.holm([0.5, 0.9]) == [1, 1], "capped at 1")
    }

    @Test func differencesAndWindowsSkipMissingPoints() {
        #expect(TimeSeries.differences([1, 3, nil, 4, 8]) == [nil, 2, nil, nil, 4])
        let change = TimeSeries.windowChange([1, 2, 3, 100, 5, nil, 7], at: 3, window: 3)
        #expect(change.before == 2 && change.after == 6 && change.change == 4, "the episode's own period is in neither window")
        #expect(TimeSeries.windowChange([1, 2], at: 0, window: 3).change == nil, "nothing before the first period")
    }

    @Test func aTrendIsFoundOnlyWhereThereIsOne() throws {
        let rising = (0..<20).map { Double($0) + ($0 % 2 == 0 ? 0.3 : -0.3) }
        let trend = try #require(TimeSeries.linearTrend(rising.map { $0 }))
        #expect(abs(trend.slope - 1) < 0.05 && trend.pValue < 1e-10 && trend.observations == 20)
        let flat = try #require(TimeSeries.linearTrend((0..<20).map { Double($0 % 2) }))
        #expect(flat.pValue > 0.5)
        #expect(TimeSeries.linearTrend([1, 1, 1, nil]) == nil)
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PressureTestTests {
    static let china = CountryCode(710), russia = CountryCode(365)

    /// China–Russia yearly, 1985–2018, levels and first differences.
    static let chinaRussia: Result<(levels: PressureTest.Result, differences: PressureTest.Result), any Error> = Result {
        let test = PressureTest(database: try TestData.database(), reference: TestData.reference)
        return (try test.run(china, russia), try test.run(china, russia, options: PressureTest.Options(difference: true)))
    }

    static func pair(_ result: PressureTest.Result, _ cause: String, _ response: String) throws -> PressureTest.Pair {
        try #require(result.pairs.first { $0.cause.name == cause && $0.response.name == response })
    }

    @Test func grangerStatisticsEqualAnIndependentNumpyComputation() throws {
        let (levels, differences) = try Self.chinaRussia.get()
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonHasPandas(python) else {
            #expect(!TestData.required, "pandas is needed for this comparison (pip install pandas)")
            return
        }
        let (output, status) = try runScript(python, "granger_check.py", [TestData.directory, repositoryRoot.path, "365,710", "365", "1985", "2018", "3"])
        #expect(status == 0)
        var series: [Int: (agree: Double?, sanctions: Double?)] = [:]
        var tests: [String: [Int: (f: Double, dfNum: Int, dfDen: Int, n: Int, p: Double?)]] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields[0] == "series" {
                series[Int(fields[1])!] = (Double(fields[2]), Double(fields[3]))
            } else if fields[0] == "test" {
                tests[fields[1], default: [:]][Int(fields[2])!] = (Double(fields[3])!, Int(fields[4])!, Int(fields[5])!, Int(fields[6])!, Double(fields[7]))
            }
        }
        // The two series, from Entente's database, equal pandas' reading of the raw files.
        let pair = try Self.pair(levels, "west_sanctions_RUS", "un_agree")
        #expect(series.count == 34 && levels.periods == Array(1985...2018))
        for (index, year) in levels.periods.enumerated() {
            #expect(pair.response.values[index] == series[year]?.agree && pair.cause.values[index] == series[year]?.sanctions, "\(year)")
        }
        for (result, transform) in [(levels, "levels"), (differences, "differences")] {
            let forward = try Self.pair(result, "west_sanctions_RUS", "un_agree").forward
            #expect(forward.results.map(\.lag) == [1, 2, 3] && forward.failures.isEmpty)
            for swift in forward.results {
                let numpy = try #require(tests[transform]?[swift.lag])
                #expect(abs(swift.fStatistic - numpy.f) <= 1e-9 * max(1, numpy.f), "\(transform) lag \(swift.lag): F \(swift.fStatistic) vs \(numpy.f)")
                #expect(swift.numeratorDegreesOfFreedom == numpy.dfNum && swift.denominatorDegreesOfFreedom == numpy.dfDen)
                #expect(swift.observations == numpy.n)
                // scipy's p where the machine has it; else the p of numpy's F through Entente's F distribution.
                let expected = numpy.p ?? Distributions.fSurvival(numpy.f, d1: Double(numpy.dfNum), d2: Double(numpy.dfDen))
                #expect(abs(swift.pValue - expected) < 1e-9, "\(transform) lag \(swift.lag): p \(swift.pValue) vs \(expected)")
            }
        }
    }

    @Test func everyCauseMeetsEveryResponseWithHolmOverTheForwardTests() throws {
        let (levels, _) = try Self.chinaRussia.get()
        #expect(levels.causes.map(\.name) == ["pressure_CHN", "pressure_RUS", "pressure_shared", "west_sanctions_CHN", "west_sanctions_RUS"])
        #expect(levels.responses.map(\.name) == ["un_agree", "atop_level", "arms_tiv_log1p", "trade_dependence", "icews_cooperation", "alignment"])
        #expect(levels.pairs.count == 30 && levels.note == nil)
        let forward = levels.pairs.flatMap(\.forward.results)
        #expect(levels.hypothesisTests == forward.count)
        #expect(levels.testsRun == forward.count + levels.pairs.flatMap(\.reverse.results).count)
        let adjusted = MultipleTesting.holm(forward.map(\.pValue))
        var offset = 0
        for pair in levels.pairs {
            let own = adjusted[offset..<offset + pair.forward.results.count]
            offset += pair.forward.results.count
            #expect(pair.adjustedPValue == own.min())
            if let best = pair.forward.best { #expect(pair.adjustedPValue! >= best.pValue) }
            #expect(pair.crossCorrelations.map(\.lag) == Array(-3...3))
        }
        // ICEWS runs 2002–2014 only: its pairs use those years.
        let icews = try Self.pair(levels, "pressure_shared", "icews_cooperation")
        #expect(icews.forward.results.allSatisfy { $0.observations <= 13 - $0.lag })
        let report = PressureTest.report(levels)
        #expect(report.rows.count == 30 && report.columns.contains("r(+3)") && report.columns.last == "verdict")
        #expect(report.columns.contains("response_change_1989") && report.columns.contains("cause_change_2014"))
    }

    @Test func theVerdictNamesTheDirectionTheLagAndTheReverse() throws {
        let (levels, differences) = try Self.chinaRussia.get()
        let pair = try Self.pair(levels, "west_sanctions_RUS", "un_agree")
        let best = try #require(pair.forward.best)
        #expect(pair.verdict.hasPrefix("The number of Western sanctions on Russia does not Granger-cause China–Russia UN voting agreement at lags 1–3"))
        #expect(pair.verdict.contains("smallest p at lag \(best.lag): F = \(String(format: "%.2f", best.fStatistic))"))
        #expect(pair.verdict.contains("The reverse"))
        #expect(pair.verdict.contains("trend"), "UN agreement trends in levels: the verdict warns")
        #expect(!(try Self.pair(differences, "west_sanctions_RUS", "un_agree")).verdict.contains("--difference"))
        for result in [levels, differences] {
            for pair in result.pairs {
                guard let best = pair.forward.best else {
                    #expect(pair.verdict.contains("not testable"))
                    continue
                }
                if best.pValue < 0.05 {
                    // The cause opens the sentence, capitalised.
                    #expect(pair.verdict.dropFirst().hasPrefix("\(pair.cause.label.dropFirst()) Granger-causes \(pair.response.label) at lag \(best.lag) "),
                            "\(pair.verdict)")
                    #expect(pair.verdict.contains("Holm"))
                } else {
                    #expect(pair.verdict.contains("does not Granger-cause"))
                }
                let reverse = try #require(pair.reverse.best)
                #expect(pair.verdict.contains(reverse.pValue < 0.05 ? "The reverse holds: \(pair.response.label) Granger-causes" : "The reverse does not hold"))
            }
        }
        #expect(levels.summary.contains("of 30 pairs") && levels.summary.contains("Holm"))
    }

    @Test func episodeChangesAreTheMeanAfterLessTheMeanBefore() throws {
        let (levels, _) = try Self.chinaRussia.get()
        #expect(levels.episodes.map(\.label) == ["1989", "2014"])
        // The composite from the alignment index's own entry point, which builds its own panel.
        let alignment = try AlignmentIndex(database: TestData.database(), reference: TestData.reference)
            .series(Self.china, Self.russia, from: 1985, to: 2018, replicates: 0)
        let composite = Dictionary(uniqueKeysWithValues: alignment.map { ($0.year, $0.composite) })
        #expect(levels.responses.last!.values == levels.periods.map { composite[$0] ?? nil })
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        for episode in levels.episodes {
            let year = episode.period
            let before = (year - 3...year - 1).compactMap { composite[$0] ?? nil }, after = (year + 1...year + 3).compactMap { composite[$0] ?? nil }
            let change = try #require(episode.changes["alignment"]?.change)
            #expect(before.count == 3 && after.count == 3)
            #expect(abs(change - (mean(after) - mean(before))) < 1e-12)
            for series in levels.causes + levels.responses {
                let values = Dictionary(uniqueKeysWithValues: zip(levels.periods, series.values))
                let b = (year - 3...year - 1).compactMap { values[$0] ?? nil }, a = (year + 1...year + 3).compactMap { values[$0] ?? nil }
                #expect(episode.changes[series.name]?.change == (a.isEmpty || b.isEmpty ? nil : mean(a) - mean(b)), "\(series.name) \(year)")
            }
        }
        // Western sanctions on Russia: none in 1986–1988 beyond the Afghanistan-era case, more after Crimea.
        #expect(levels.episodes[1].changes["west_sanctions_RUS"]!.change! > 0)
        let table = PressureTest.episodeReport(levels)
        #expect(table.rows.count == 11 && table.columns == ["series", "role", "before_1989", "after_1989", "change_1989", "before_2014", "after_2014", "change_2014"])
    }

    @Test func theChartDrawsSharedPressureAndTheCompositeWithTheEpisodes() throws {
        let (levels, _) = try Self.chinaRussia.get()
        let svg = try #require(PressureTest.chart(levels, title: "China – Russia"))
        #expect(svg.contains(">shared pressure<") && svg.contains(">alignment composite<"))
        #expect(svg.contains(">1989<") && svg.contains(">2014<"))
    }

    /// Synthetic months 2010–2015 (GDELT reduced layout, one row per dyad-day and code, with counts): the United
    /// States acts against Russia and China; China's cooperation with Russia follows last month's conflict against
    /// Russia; Russia sends China two conflictual events a month.
    static let syntheticMonths: Result<(EntenteDatabase, conflict: [Int], cooperation: [Int]), any Error> = Result {
        let database = try EntenteDatabase(path: nil)
        _ = try ImportService(database: database, reference: TestData.reference)
            .importFile(dataset: DatasetCatalogue.dataset("gsdb")!, path: TestData.path("sanctions_gsdb/GSDB_V3.csv"))
        var generator = SeededGenerator(seed: 6)
        var lines = ["Date\tSource\tTarget\tCAMEOCode\tNumEvents\tNumArts\tQuadClass\tGoldstein"]
        var conflict: [Int] = [], cooperation: [Int] = []
        for year in 2010...2015 {
            for month in 1...12 {
                let day = year * 10_000 + month * 100 + 15
                conflict.append(Int.random(in: 1...20, using: &generator))
                cooperation.append(4 + 2 * (conflict.dropLast().last ?? 0) + Int.random(in: 0...6, using: &generator))
                lines += ["\(day)\tUSA\tRUS\t172\t\(conflict.last!)\t3\t4\t-5.0",
                          "\(day)\tUSA\tCHN\t172\t\(Int.random(in: 1...20, using: &generator))\t3\t4\t-5.0",
                          "\(day)\tCHN\tRUS\t042\t\(cooperation.last!)\t3\t1\t1.9",
                          "\(day)\tRUSGOV\tCHN\t111\t2\t3\t3\t-2.0"]
            }
        }
        // Shared by the suite, but the file is needed only by the import.
        let folder = temporaryPath("pressure")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try EventImportService(database: database, reference: TestData.reference).importFiles([temporaryCopy(lines, name: "reduced.tsv", in: folder)])
        return (database, conflict, cooperation)
    }

    @Test func monthlySeriesAreTheImportedCountsAndALaggedDriverIsFound() throws {
        let (database, conflict, cooperation) = try Self.syntheticMonths.get()
        let result = try PressureTest(database: database, reference: TestData.reference)
            .run(Self.china, Self.russia, options: PressureTest.Options(frequency: .month))
        #expect(result.note == nil && result.options.lags == 6)
        #expect(result.periods.count == 72 && result.periods.first == 201_001 && result.periods.last == 201_512)
        #expect(result.causes.map(\.name) == ["western_conflict_CHN", "western_conflict_RUS", "western_conflict_shared"])
        #expect(result.causes[1].values == conflict.map { Double($0) })
        #expect(result.responses[0].values == cooperation.map { Double($0) })
        #expect(result.responses[1].values == cooperation.map { Double($0) / Double($0 + 2) })
        #expect(result.pairs.count == 6 && result.hypothesisTests == 36)

        let pair = try Self.pair(result, "western_conflict_RUS", "cooperative_events")
        let best = try #require(pair.forward.best)
        #expect(best.lag == 1 && best.pValue < 1e-10 && (pair.adjustedPValue ?? 1) < 1e-8)
        #expect(pair.verdict.hasPrefix("The number of Western conflictual events against Russia Granger-causes "
                                       + "the number of China–Russia cooperative events at lag 1 (F = "), "\(pair.verdict)")
        #expect(pair.verdict.contains("the lagged correlation is positive"))
        #expect(try #require(pair.correlation(at: 1)) > 0.8)

        // Only 2014-03 lies in the months: 36 months before it, and the 21 after it up to 2015-12.
        #expect(result.episodes.map(\.label) == ["2014-03"])
        let index = try #require(result.periods.firstIndex(of: 201_403))
        func mean(_ values: ArraySlice<Int>) -> Double { Double(values.reduce(0, +)) / Double(values.count) }
        let change = try #require(result.episodes[0].changes["cooperative_events"]?.change)
        #expect(abs(change - (mean(cooperation[(index + 1)...]) - mean(cooperation[(index - 36)..<index]))) < 1e-12)
        #expect(PressureTest.chart(result, title: "months") == nil, "the chart is yearly")
    }

    @Test func theMonthlyTestSaysItIsNotPossibleWithTheSampleFilesOnly() throws {
        let test = PressureTest(database: try PressureTests.monthlyDatabase.get(), reference: TestData.reference)
        let result = try test.run(Self.china, Self.russia, options: PressureTest.Options(frequency: .month))
        let note = try #require(result.note)
        #expect(note.hasPrefix("monthly test not possible: ") && note.contains("run `entente events sync`"), "\(note)")
        #expect(result.pairs.isEmpty && result.testsRun == 0 && result.options.lags == 6)
        #expect(result.summary.contains("Monthly test not possible"))
        #expect(PressureTest.report(result).rows.isEmpty)
        // Without any imported event at all.
        let bare = try PressureTest(database: TestData.database(), reference: TestData.reference)
            .run(Self.china, Self.russia, options: PressureTest.Options(frequency: .month))
        #expect(bare.note?.hasPrefix("monthly test not possible: 0 months with China–Russia events") == true)
    }
}
