import Entente
import EntenteCore
import EntenteRendering
import EntenteShipped
import EntenteTestSupport
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct BriefingTests {
    static let caseFile = Result { try CaseFileLoader(reference: TestData.reference, cases: ShippedData.casesDirectory()).shipped(CountryCode(rawValue: 710), CountryCode(rawValue: 365)) }
    /// One configuration for the ensemble's inner validation, and the members' own terms, keep the training to a
    /// minute; the shipped snapshot's ensemble searches the whole grid and screens the terms (`BacktestTests` covers
    /// the screening).
    static let grid = [MemberConfiguration(l2Penalty: 30, systemWindow: 5)]
    static let inputs = Result {
        try BriefingService(database: TestData.database(), reference: TestData.reference)
            .inputs(CountryCode(rawValue: 710), CountryCode(rawValue: 365), caseFile: try caseFile.get(), grid: grid, screening: false)
    }
    static let briefing = Result { try Briefing(try inputs.get(), draws: 400) }

    /// The ensemble's cumulative probability compounds the pooled yearly hazards and is the weighted mean of the
    /// members'; the interval brackets the point; the case file carries the origin past the data.
    @Test func forecastArithmetic() throws {
        let briefing = try Self.briefing.get()
        let forecast = briefing.forecast
        #expect(forecast.origin.year == 2025 && forecast.origin.dataYear == 2018, "the case file carries the origin to 2025")
        var survival = 1.0
        for (t, year) in forecast.years.enumerated() {
            survival *= 1 - year.hazard
            #expect(abs(year.cumulative - (1 - survival)) < 1e-12)
            #expect(year.lower <= year.median && year.median <= year.upper)
            let pooled = forecast.members.reduce(0) { $0 + $1.weight * $1.cumulative[t] }
            #expect(abs(pooled - year.cumulative) < 1e-12)
        }
        #expect(forecast.members.map(\.name) == EnsembleMember.ensemble.map(\.name))
        #expect(abs(forecast.members.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
        #expect(forecast.years.count == 10 && forecast.years.first?.year == 2026)
        #expect(!forecast.alreadyAllied)
        // Russia–China has had no defence pact since 1980: the time term at the origin counts the years since.
        #expect(forecast.origin.values["defense_years"] == Double(2025 - 1980 - 1))
        #expect(forecast.origin.stale.contains { $0.hasPrefix("igo_shared") }, "IGO data end in 2014")
        #expect(briefing.inputs.ensemble?.model.trainThrough == 2018)
    }

    /// A database imported from the files the shipped snapshot was built from uses the shipped ensemble rather
    /// than training, and its briefing's forecast equals the one a fresh machine gets from the snapshot alone.
    @Test func theShippedEnsembleStandsInForTrainingOnTheSameFiles() throws {
        let shipped = try Snapshot.load(from: ShippedData.snapshotDirectory())
        let service = BriefingService(database: try TestData.database(), reference: TestData.reference)
        #expect(try service.trainedFromTheseFiles(shipped))
        let online = try Briefing(try service.inputs(CountryCode(rawValue: 710), CountryCode(rawValue: 365), caseFile: try Self.caseFile.get(),
                                                     shipped: shipped), draws: 300)
        let offline = try Briefing(try BriefingInputs(snapshot: shipped, CountryCode(rawValue: 710), CountryCode(rawValue: 365),
                                                      reference: TestData.reference, caseFile: try Self.caseFile.get()), draws: 300)
        #expect(online.inputs.backtest != nil && online.inputs.modelSource.contains("from the very files"))
        // The reference class computed from the database is the one the snapshot ships for the pair: all pairs of
        // two major powers, none of which formed a defence pact within ten years.
        let reference = try #require(online.inputs.referenceClass)
        #expect(reference == offline.inputs.referenceClass)
        #expect(reference.majorPowers == 2 && reference.year == 2018 && reference.analogues.count >= 10)
        #expect(!reference.analogues.contains { Set([$0.ccode1, $0.ccode2]) == [365, 710] }, "never the pair itself")
        #expect(online.bottomLine.contains { $0.hasPrefix("The outside view:") && $0.contains("both major powers") })
        #expect(online.origin.year == offline.origin.year)
        for (a, b) in zip(online.forecast.years, offline.forecast.years) {
            #expect(abs(a.cumulative - b.cumulative) < 1e-12 && abs(a.lower - b.lower) < 1e-12, "\(a.year)")
        }
        // Beside the headline, the members on bilateral treaties: the same figure online and offline, in the
        // bottom line and the forecast section.
        let bilateral = try #require(offline.bilateralForecast?.within(10))
        #expect(abs((online.bilateralForecast?.within(10)?.cumulative ?? -1) - bilateral.cumulative) < 1e-12)
        #expect(bilateral.lower <= bilateral.cumulative && bilateral.cumulative <= bilateral.upper)
        let sentence = "put it at \(NumberText.percent(bilateral.cumulative, digits: 1)) within ten years"
        #expect(offline.bottomLine.contains { $0.contains("a treaty of the two alone") && $0.contains(sentence) })
        #expect(offline.html.contains("A treaty of the two alone.") && offline.html.contains(NumberText.grouped(shipped.bilateralEnsemble!.model.trainEvents)))
        // Its backtest is quoted, online and offline alike, with this pair's figure read through its calibration line
        // (worked here from the line itself).
        let record = try #require(shipped.bilateralBacktest?.horizon(10))
        let line = try #require(record.calibration)
        let logit = log(bilateral.cumulative / (1 - bilateral.cumulative))
        let recalibrated = 1 / (1 + exp(-line.intercept - line.slope * logit))
        for briefing in [online, offline] {
            #expect(briefing.bilateralRecord.hasPrefix("Back-tested as the headline is"))
            #expect(briefing.bilateralRecord.contains("\(NumberText.grouped(record.events)) followed by a treaty of the two alone"))
            #expect(briefing.bilateralRecord.contains("followed by such a treaty about \(NumberText.percent(recalibrated, digits: 1)) of the time"))
        }
        #expect(offline.html.contains("Back-tested as the headline is"))
    }

    /// The backtest record names, year by year, the origins whose ten-year figures did worse than the base rate on
    /// each score it reports, so a clean record on the log score is not read as one on squared error too. The
    /// years are read here straight from the shipped backtest.json, not through `BacktestSummary`.
    @Test func theRecordNamesTheYearsWorseThanTheBaseRateOnEachScore() throws {
        let directory = try ShippedData.snapshotDirectory()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("backtest.json"))) as? [String: Any])
        let origins = try #require(json["origins"] as? [[String: Any]]).filter { $0["horizon"] as? Int == 10 }
        func worse(_ score: String, _ reference: String) -> [Int] {
            origins.filter { ($0[score] as? Double ?? 0) > ($0[reference] as? Double ?? 0) }.compactMap { $0["origin"] as? Int }.sorted()
        }
        let log = worse("logScore", "referenceLogScore"), brier = worse("brier", "referenceBrier")
        #expect(origins.count == 24 && !brier.isEmpty && brier.count > log.count, "the shipped backtest misses more years on squared error")
        func years(_ list: [Int]) -> String {
            list.isEmpty ? "none of the 24 years" : "\(list.count) of the 24 years (\(list.map(String.init).joined(separator: ", ")))"
        }
        let briefing = try Briefing(try BriefingInputs(snapshot: try Snapshot.load(from: directory), CountryCode(rawValue: 710),
                                                       CountryCode(rawValue: 365), reference: TestData.reference,
                                                       caseFile: try Self.caseFile.get()), draws: 100)
        #expect(briefing.html.contains("Year by year, they did worse than that rate on the log score in \(years(log)) and on squared error in \(years(brier))."))
    }

    /// The world's rates have no value for a pair in the factor table, so the briefing gives them in words. The
    /// counts for 2009–2018 were computed apart from the briefing: the dyad onsets and dyad-years at risk with
    /// pandas from `model validate --train-through 1980 --export-predictions` (63 of 171,945), the treaties from
    /// ATOP's files (`treatyCountsAreATOPsBilateralDefenceTreatiesThatMadeNewTies`: none made a new tie).
    @Test func theWorldRatesAreGivenInWords() throws {
        let shipped = try Snapshot.load(from: ShippedData.snapshotDirectory())
        let briefing = try Briefing(try BriefingInputs(snapshot: shipped, CountryCode(rawValue: 710), CountryCode(rawValue: 365),
                                                       reference: TestData.reference, caseFile: try Self.caseFile.get()), draws: 100)
        let read = shipped.ensemble.usedTerms.map(\.description)
        let expected = [
            "system_rate(10)": "New defence ties between pairs of states in 2009–2018: 63, or \(String(format: "%.2f", 63.0 / 171_945 * 10_000)) per 10,000 pairs a year",
            "treaty_rate(10)": "New two-state defence treaties that made a new tie in 2009–2018: 0, or 0.00 per 10,000 pairs a year",
        ].filter { read.contains($0.key) }
        #expect(!expected.isEmpty, "the shipped ensemble reads a ten-year world rate: \(read)")
        for (term, sentence) in expected { #expect(briefing.html.contains(sentence), "\(term)") }
        // Both decades were quieter than any the training years saw: the model reads each at the training floor.
        #expect(briefing.html.contains("no higher than the lowest the training years saw, so the model reads"))
    }

    /// A second briefing from the same data reads the pair's panel rows, indices and reference class from the
    /// cache and builds no panel; its forecast is the first's. A damaged entry is an error naming the file.
    @Test func aSecondBriefingReadsTheCache() throws {
        final class Log: @unchecked Sendable { var lines: [String] = [] }
        let directory = temporaryPath("cache")
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = try Snapshot.load(from: ShippedData.snapshotDirectory())
        let service = BriefingService(database: try TestData.database(), reference: TestData.reference)
        func inputs(_ log: Log) throws -> BriefingInputs {
            try service.inputs(CountryCode(rawValue: 710), CountryCode(rawValue: 365), caseFile: try Self.caseFile.get(), shipped: shipped,
                               cache: BriefingCache(directory: directory), progress: { log.lines.append($0) })
        }
        let (cold, warm) = (Log(), Log())
        let first = try Briefing(try inputs(cold), draws: 300), second = try Briefing(try inputs(warm), draws: 300)
        #expect(cold.lines.contains { $0.hasPrefix("building the panel") })
        #expect(!warm.lines.contains { $0.hasPrefix("building the panel") } && warm.lines.contains { $0.contains("from the cache") })
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(entries.count == 1 && entries[0].hasPrefix("dyad-"), "\(entries)")
        #expect(second.inputs.alignment == first.inputs.alignment && second.inputs.pressure == first.inputs.pressure)
        #expect(second.inputs.referenceClass == first.inputs.referenceClass)
        // The same history and origin, a missing value (NaN) in one where it is missing in the other.
        func same(_ x: [String: Double], _ z: [String: Double]) -> Bool {
            x.keys.sorted() == z.keys.sorted() && x.allSatisfy { name, value in
                let other = z[name] ?? 0
                return value == other || (value.isNaN && other.isNaN)
            }
        }
        #expect(second.inputs.history.keys.sorted() == first.inputs.history.keys.sorted())
        for (year, values) in first.inputs.history { #expect(same(second.inputs.history[year] ?? [:], values), "\(year)") }
        #expect(same(second.origin.values, first.origin.values))
        for (a, b) in zip(first.forecast.years, second.forecast.years) { #expect(a.cumulative == b.cumulative && a.upper == b.upper) }
        try Data("{".utf8).write(to: directory.appendingPathComponent(entries[0]))
        let error = #expect(throws: ModelError.self) { try inputs(Log()) }
        #expect(error?.description.contains(entries[0]) == true)
    }

    /// With one model (a saved model file), the contributions add up to the distance from the baseline's log-odds.
    @Test func singleModelContributionsAddUp() throws {
        let briefing = try Self.briefing.get()
        let forecast = try OnsetForecaster(model: briefing.inputs.model, draws: 100).forecast(briefing.origin)
        let total = forecast.contributions.reduce(0) { $0 + $1.logOdds }
        #expect(abs(total - (forecast.logOdds - forecast.baselineLogOdds)) < 1e-9)
        #expect(forecast.members.isEmpty)
    }

    /// Each shipped scenario moves the forecast the way its definition implies through the model, and a shock to
    /// one term moves the first year's hazard by exactly that term's coefficient on the log-odds scale.
    @Test func scenariosMoveTheForecastInTheImpliedDirection() throws {
        let briefing = try Self.briefing.get()
        #expect(briefing.scenarios.count >= 4)
        for scenario in briefing.scenarios where scenario.impliedDirection != 0 {
            let shocked = try #require(scenario.shocked.last), baseline = try #require(scenario.baseline.last)
            let moved = shocked.cumulative - baseline.cumulative
            #expect(moved * Double(scenario.impliedDirection) > 0, "\(scenario.scenario.id): moved \(moved), implied \(scenario.impliedDirection)")
        }
        // The scenarios' baseline is the headline forecast: the same pooled point estimate, not the simulations' median.
        for scenario in briefing.scenarios {
            let base = try #require(scenario.baseline.last), headline = try #require(briefing.forecast.within(scenario.scenario.horizonYears))
            #expect(abs(base.cumulative - headline.cumulative) < 1e-12, "\(scenario.scenario.id)")
        }
        let model = briefing.inputs.model
        let beta = try #require(model.fit.names.firstIndex(of: "common_foe")).advanced(by: 0)
        let shock = Scenario(id: "foe", name: "a common foe", description: "", horizonYears: 3,
                             shocks: [ScenarioShock(column: "common_foe", effect: .change(1))])
        let result = try OnsetForecaster(model: model, draws: 50).scenario(shock, origin: briefing.origin)
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        #expect(abs(logit(result.shocked[0].hazard) - logit(result.baseline[0].hazard) - model.fit.coefficients[beta]) < 1e-9)
        #expect(result.impliedDirection == (model.fit.coefficients[beta] > 0 ? 1 : -1))
    }

    /// The briefing as of 2000: the model sees nothing later, and the back-test reports the consultation pact of
    /// 2001 (the Treaty of Good-Neighbourliness) and no defence pact.
    @Test func backTestAsOf2000() throws {
        let inputs = try BriefingService(database: TestData.database(), reference: TestData.reference)
            .inputs(CountryCode(rawValue: 710), CountryCode(rawValue: 365), asOf: 2000, caseFile: try Self.caseFile.get(), grid: Self.grid,
                    screening: false)
        #expect(inputs.model.specification.lastYear == 2000)
        #expect(inputs.ensemble?.model.trainThrough == 2000, "the ensemble sees nothing after 2000")
        let briefing = try Briefing(inputs, draws: 200)
        #expect(briefing.origin.year == 2000 && briefing.forecast.years.first?.year == 2001)
        #expect(briefing.afterwards.contains { $0.year == 2001 && $0.provision == "consul" })
        #expect(!briefing.afterwards.contains { $0.provision == "defense" })
        #expect(briefing.markdown.contains("Back-test: what happened after 2000"))
        #expect(briefing.signposts?.options.asOf == CalendarDate(year: 2000, month: 12, day: 31))
    }

    /// The HTML is one self-contained page: six inline charts, no scripts or external files, and an appendix with
    /// every dataset's checksum and the case file's sources.
    @Test func documentIsSelfContainedAndTraceable() throws {
        let briefing = try Self.briefing.get()
        let html = briefing.html
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=\"http"))
        for dataset in briefing.inputs.model.data { #expect(html.contains(dataset.sha256)) }
        let file = try #require(try Self.caseFile.get())
        for source in file.sources.values {
            let link = (source.url ?? source.symbol ?? "").replacingOccurrences(of: "&", with: "&amp;")
            #expect(html.contains(link), "\(link)")
        }
        #expect(briefing.markdown.contains("## What pushes it, and what holds it back"))
    }
}

/// The command itself, as a user runs it on a machine with nothing imported.
@Suite struct BriefCommandTests {
    /// Runs the built tool in a fresh folder with no database; returns the folder, exit status and stderr.
    func run(_ arguments: [String]) throws -> (folder: URL, status: Int32, errors: String)? {
        let binary = builtProducts.appendingPathComponent("entente")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            Issue.record("build the tool first (swift build --build-tests builds it)")
            return nil
        }
        let folder = temporaryPath("brief")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = folder
        process.arguments = arguments + ["--database", folder.appendingPathComponent("none.sqlite").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (folder, process.terminationStatus, message)
    }

    /// The README's main command on a fresh machine: the briefing comes from the shipped snapshot, and its
    /// appendix lists the checksum of every dataset the snapshot was built from.
    @Test func mainCommandNeedsNoImport() throws {
        guard let (folder, status, errors) = try run(["brief", "CHN", "RUS"]) else { return }
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(status == 0, "\(errors)")
        #expect(errors.contains("using the shipped snapshot"))
        let html = try String(contentsOf: folder.appendingPathComponent("entente-brief-RUS-CHN.html"), encoding: .utf8)
        let snapshot = try Snapshot.load(from: ShippedData.snapshotDirectory())
        for dataset in snapshot.model.data { #expect(html.contains(dataset.sha256)) }
        #expect(html.contains("Data/snapshot/ensemble.json"))
        #expect(html.contains("How forecasts made this way have done"), "the backtest's record is quoted")
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)
    }

    /// A malformed case file is refused with the file, item and field named, and nothing is written.
    @Test func malformedCaseFileWritesNothing() throws {
        let folder = temporaryPath("brief")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"format": "entente-case/1", "dyad": ["CHN", "RUS"], "title": "t", "summary": "s", "updated": "2025-01-01", "sources": {}, "evidence": [{"id": "x", "date": "2014-13", "kind": "treaty", "title": "t", "summary": "s", "direction": "closer", "sources": ["nowhere"]}], "covariates": [], "signposts": [], "scenarios": [], "questions": []}"#.utf8).write(to: bad)
        let out = folder.appendingPathComponent("brief.html")
        guard let (workspace, status, message) = try run(["brief", "CHN", "RUS", "--case", bad.path, "--out", out.path]) else { return }
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(status != 0)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(message.contains("bad.json") && message.contains("evidence[0]") && message.contains("date"), "\(message)")
        #expect(message.contains("nowhere"), "every problem is reported: \(message)")
    }
}
