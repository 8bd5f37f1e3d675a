@testable import Entente
import EntenteCore
import EntenteShipped
import EntenteTestSupport
import Foundation
import Testing

/// The shipped snapshot, which needs no data to read.
@Suite struct ShippedSnapshotTests {
    @Test func theShippedSnapshotLoads() throws {
        let snapshot = try Snapshot.load(from: ShippedData.snapshotDirectory())
        #expect(snapshot.model.specification == .default)
        #expect(snapshot.consulModel?.specification.outcome ?? .consulOnset == .consulOnset)
        #expect(snapshot.provenance.models.count == 2)
        #expect(Set(snapshot.latest.year.map(Int.init)) == Set(snapshot.provenance.years.latest))
        #expect(snapshot.dyads.count == snapshot.provenance.watchList.count)
        let chinaRussia = try #require(snapshot.dyad(710, 365))
        #expect(snapshot.dyad(365, 710) == chinaRussia, "either order")
        #expect((chinaRussia.ccode1, chinaRussia.iso1, chinaRussia.iso2) == (365, "RUS", "CHN"))
        #expect(snapshot.dyad(2, 20) == nil, "United States–Canada is not on the watch list")
        // Offline, every predictor of any dyad (here United States–Canada) in some year of latest.csv.
        let rows = snapshot.latest.filtered { a, b, _ in a == 2 && b == 20 }
        for term in snapshot.model.specification.terms {
            let inputs = ModelTerm.derived.first { $0.name == term.base }?.inputs.map(\.rawValue) ?? [term.base]
            for input in inputs {
                #expect(rows.column(input)?.values.contains { !$0.isNaN } == true, "no value of \(input) for United States–Canada")
            }
        }
        #expect(snapshot.provenance.command == SnapshotBuilder.command)
        // The ensemble the briefing forecasts with: every member, weights summing to one, trained to the data's end,
        // and the system's counts for its system-rate terms.
        #expect(snapshot.ensemble.model.members.map(\.name) == EnsembleMember.ensemble.map(\.name))
        #expect(abs(snapshot.ensemble.model.members.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
        #expect(snapshot.ensemble.model.trainThrough == 2018 && snapshot.ensemble.dataYear == 2018)
        #expect(snapshot.ensemble.system.atRisk.keys.sorted() == Array(2009...2018))
        // The same members on bilateral treaties: a subset of the new defence ties, over the same years.
        let bilateral = try #require(snapshot.bilateralEnsemble)
        #expect(bilateral.model.members.map(\.name) == EnsembleMember.ensemble.map(\.name) && bilateral.model.trainThrough == 2018)
        #expect(bilateral.model.trainEvents > 0 && bilateral.model.trainEvents < snapshot.ensemble.model.trainEvents)
        #expect(snapshot.backtest?.horizons.map(\.horizon) == SnapshotBuilder.backtestHorizons)
        // The validation page and the events by quad class need nothing else.
        let validation = try #require(snapshot.validation)
        #expect(validation.runs.map(\.specification) == ["default", "historical", "historical"])
        #expect(validation.runs.map(\.splits.count) == [1, 1, 6])
        #expect(validation.runs.allSatisfy { run in
            run.splits.allSatisfy { $0.evaluations.count == 6 && $0.evaluations.allSatisfy { !$0.calibration.isEmpty } }
        })
        #expect(chinaRussia.events.map(\.year) == Array(2002...2014))
        #expect(chinaRussia.events.allSatisfy { $0.events == $0.q1 + $0.q2 + $0.q3 + $0.q4 })
    }

    /// Every shipped dyad file reads and writes back to the same bytes: the types keep the files' layout (an
    /// alignment year's reading stands flat beside the year, as it always has).
    @Test func theShippedDyadFilesWriteBackTheSameBytes() throws {
        let folder = try ShippedData.snapshotDirectory().appendingPathComponent("dyads")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == (try Snapshot.load(from: ShippedData.snapshotDirectory()).provenance.watchList.count))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for file in files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            let dyad = try JSONDecoder().decode(SnapshotDyad.self, from: bytes)
            #expect(dyad.alignment.contains { $0.composite != nil && $0.ownZ != nil && $0.lower != nil }, "\(file)")
            #expect(try encoder.encode(dyad) == bytes, "\(file)")
        }
    }

    @Test func aSnapshotWithoutValidationOrEventsStillLoads() throws {
        let folder = temporaryPath("snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: ShippedData.snapshotDirectory(), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Snapshot.validationFile))
        // Rewrites a JSON object file with `change` applied.
        func edit(_ file: String, _ change: (inout [String: Any]) -> Void) throws {
            let url = folder.appendingPathComponent(file)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
        let shipped = try Snapshot.load(from: ShippedData.snapshotDirectory())
        for entry in shipped.provenance.watchList {
            try edit(Snapshot.dyadsFolder + "/" + entry.file) { $0["events"] = nil }
        }
        try edit(Snapshot.provenanceFile) { provenance in
            var years = provenance["years"] as? [String: Any]
            years?["events"] = nil
            provenance["years"] = years
        }
        let older = try Snapshot.load(from: folder)
        #expect(older.validation == nil)
        #expect(older.provenance.years.events == nil)
        #expect(older.dyads.count == shipped.dyads.count && older.dyads.allSatisfy(\.events.isEmpty))
        #expect(older.dyads.map(\.alignment) == shipped.dyads.map(\.alignment))
    }

    /// A copy of the shipped snapshot with one file changed by `damage`, and the error loading it gives.
    func loadError(_ file: String, _ damage: (String) -> String?) throws -> String {
        let folder = temporaryPath("snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: ShippedData.snapshotDirectory(), to: folder)
        let url = folder.appendingPathComponent(file)
        if let damaged = damage(try String(contentsOf: url, encoding: .utf8)) {
            try damaged.write(to: url, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(at: url)
        }
        do {
            _ = try Snapshot.load(from: folder)
        } catch {
            return "\(error)"
        }
        Issue.record("\(file) damaged, yet the snapshot loaded")
        return ""
    }

    @Test func aMalformedFileIsNamedInTheError() throws {
        // latest.csv: a value on line 3 that is not a number, then a row with a field missing.
        let badValue = try loadError("latest.csv") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: ",", with: ",x", options: [], range: lines[2].range(of: ",", options: .backwards))
            return lines.joined(separator: "\n")
        }
        #expect(badValue.contains("latest.csv:3") && badValue.contains("not a number"), "\(badValue)")
        let shortRow = try loadError("latest.csv") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[5] = String(lines[5][..<lines[5].lastIndex(of: ",")!])
            return lines.joined(separator: "\n")
        }
        #expect(shortRow.contains("latest.csv:6"), "\(shortRow)")
        let missingColumn = try loadError("latest.csv") { $0.replacingOccurrences(of: "un_agree", with: "un_agreement") }
        #expect(missingColumn.contains("latest.csv") && missingColumn.contains("un_agree"), "\(missingColumn)")
        let dyad = try loadError("dyads/CHN-RUS.json") { $0.replacingOccurrences(of: "\"pressureTest\"", with: "\"pressure_test\"") }
        #expect(dyad.contains("CHN-RUS.json"), "\(dyad)")
        let provenance = try loadError("provenance.json") { String($0.dropLast(10)) }
        #expect(provenance.contains("provenance.json"), "\(provenance)")
        let model = try loadError("model-default.json") { _ in nil }
        #expect(model.contains("model-default.json"), "\(model)")
    }
}

/// The shipped snapshot, file by file, against live computations on the real data. A full rebuild (`entente snapshot
/// build`, about an hour and a half on two cores with its 24 backtest origins) is too slow for the test suite;
/// `Benchmarks/snapshot_rebuild.py` runs it and compares every file with the shipped one. Here each file is checked
/// against the computation that writes it, done live where that takes minutes: latest.csv against the live panel, the
/// models against live fits, each ensemble refitted following its own record (its members' configurations and terms)
/// to 1e-9, the validation runs and the dyad files against the live services, and the provenance against the import.
@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct SnapshotBuildTests {
    static let shipped = Result { try Snapshot.load(from: ShippedData.snapshotDirectory()) }
    static let builder = Result { SnapshotBuilder(database: try TestData.database(), reference: TestData.reference) }
    static let service = Result { AllianceModelService(database: try TestData.database(), reference: TestData.reference) }
    static let livePanel = Result { try service.get().panel(for: .default) }
    static let stale = "differs from what the data give: run `\(SnapshotBuilder.command)`"

    /// The shipped files' bytes, by path.
    static func shippedFiles() throws -> [String: Data] {
        let folder = try ShippedData.snapshotDirectory()
        return Dictionary(uniqueKeysWithValues: try Snapshot.files(in: folder).map { file in
            (file.path, try Data(contentsOf: folder.appendingPathComponent(file.path)))
        })
    }

    @Test func theShippedFilesAreCompleteAndPortable() throws {
        let files = try Self.shippedFiles()
        #expect(files.keys.contains("latest.csv") && files.keys.contains("dyads/CHN-RUS.json") && files.keys.count >= 13)
        #expect(files.keys.contains(Snapshot.validationFile) && files.keys.contains(Snapshot.backtestFile))
        // Four years of about 19,000 dyads with full-precision reals: 43 columns since the screening added the
        // inputs of the terms it kept (13.2 MB); more means columns or years crept in.
        let latest = try #require(files["latest.csv"])
        #expect(latest.count < 14_000_000, "latest.csv is \(latest.count) bytes")
        for (path, bytes) in files where path.hasSuffix(".json") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("/work/") && !text.contains("/tmp/"), "\(path) names an absolute path")
        }
    }

    @Test func latestHoldsTheLivePanelsValues() throws {
        let shipped = try Self.shipped.get()
        let latest = shipped.latest
        let live = try Self.livePanel.get()
        // The rows and columns the builder cuts from the live panel for the shipped ensembles' terms.
        let expected = try SnapshotBuilder.latestRows(live, specifications: SnapshotBuilder.specifications,
                                                      ensembles: [shipped.ensemble, try #require(shipped.bilateralEnsemble)])
        #expect(latest.columns.map(\.name) == expected.columns.map(\.name), "\(Self.stale)")
        #expect(latest.count == expected.count)
        let years = Set(latest.year)
        #expect(years == [2014, 2015, 2017, 2018], "IGO and MID data end in 2014; years since a MID count to 2015")
        #expect(latest.count == live.year.filter { years.contains($0) }.count, "every dyad of the two years")
        var index: [UInt64: Int] = [:]
        for row in 0..<live.count where years.contains(live.year[row]) {
            index[UInt64(live.ccode1[row]) << 32 | UInt64(live.ccode2[row]) << 16 | UInt64(live.year[row])] = row
        }
        let chinaRussia = try #require(latest.row(365, 710, 2018))
        let samples = [chinaRussia, try #require(latest.row(2, 750, 2017))] + Array(stride(from: 0, to: latest.count, by: 997))
        for row in samples {
            let liveRow = try #require(index[UInt64(latest.ccode1[row]) << 32 | UInt64(latest.ccode2[row]) << 16 | UInt64(latest.year[row])])
            for column in latest.columns {
                let (ours, theirs) = (column.values[row], try #require(live.column(column.name)).values[liveRow])
                #expect(ours == theirs || (ours.isNaN && theirs.isNaN),
                        "\(column.name) \(latest.ccode1[row])-\(latest.ccode2[row]) \(latest.year[row]): \(ours) vs \(theirs)")
            }
        }
        for name in ["un_agree", "west_sanctions1", "west_sanctions2", "major1", "major2", "conttype", "defense_years3",
                     "atop_defense", "atop_consul", "atop_nonagg", "atop_offense", "atop_neutral"] {
            #expect(latest.column(name) != nil, "latest.csv lacks \(name)")
        }
        // China–Russia 2018: consultation and non-aggression in force, no defence pact; a land border.
        let values = { (name: String) in latest.column(name)!.values[chinaRussia] }
        #expect(values("atop_consul") == 1 && values("atop_nonagg") == 1 && values("atop_defense") == 0 && values("conttype") == 1)
    }

    @Test func theModelsEqualLiveFits() throws {
        let snapshot = try Self.shipped.get()
        let service = try Self.service.get()
        let panel = try Self.livePanel.get()
        #expect(snapshot.model == (try service.fit(.default, panel: panel).0), "model-default.json \(Self.stale)")
        let consul = snapshot.provenance.models.first { $0.outcome == "consul-onset" }
        if let consulModel = snapshot.consulModel {
            #expect(consulModel == (try service.fit(SnapshotBuilder.consulSpecification, panel: panel).0), "model-consul.json \(Self.stale)")
        } else {
            #expect(consul?.omitted != nil, "a consul model left out says why")
        }
        // The offline forecast from latest.csv is the forecast from the live panel.
        let offline = try DyadForecast.yearly(snapshot.model, panel: snapshot.latest, 710, 365, years: 2014...2018)
        let live = try DyadForecast.yearly(snapshot.model, panel: panel, 710, 365, years: 2014...2018).filter { $0.year != 2016 }
        #expect(offline.map(\.year) == [2014, 2015, 2017, 2018])
        #expect(offline.first?.probability != nil)
        #expect(offline.map(\.probability) == live.map(\.probability) && offline.map(\.missing) == live.map(\.missing))
        #expect(offline.last?.tiedBefore == live.last?.tiedBefore)
    }

    /// Every file reads back as what it holds: the JSON files re-encode to their own bytes, and latest.csv, cell by
    /// cell, holds the numbers it was read as.
    @Test func loadingGivesBackWhatWasWritten() throws {
        let snapshot = try Self.shipped.get()
        let files = try Self.shippedFiles()
        #expect(try Snapshot.encoded(snapshot.provenance) == files[Snapshot.provenanceFile])
        #expect(try snapshot.model.encoded() == files["model-default.json"])
        #expect(try snapshot.consulModel?.encoded() == files["model-consul.json"])
        #expect(snapshot.validation == (try JSONDecoder().decode(SnapshotValidation.self, from: try #require(files[Snapshot.validationFile]))))
        for entry in snapshot.provenance.watchList {
            let written = try JSONDecoder().decode(SnapshotDyad.self, from: try #require(files["dyads/" + entry.file]))
            #expect(snapshot.dyad(written.ccode1, written.ccode2) == written)
        }
        // latest.csv, cell by cell: empty is missing, anything else the number written.
        let lines = String(decoding: try #require(files["latest.csv"]), as: UTF8.self).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let latest = snapshot.latest
        #expect(header == ["ccode1", "ccode2", "year"] + latest.columns.map(\.name))
        #expect(lines.count - 1 == latest.count)
        for (row, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.prefix(3).map { Int32($0) } == [latest.ccode1[row], latest.ccode2[row], latest.year[row]])
            for (column, cell) in zip(latest.columns, cells.dropFirst(3)) {
                let value = column.values[row]
                #expect(cell.isEmpty ? value.isNaN : Double(cell) == value, "line \(row + 2), \(column.name): \(cell) read as \(value)")
            }
        }
        #expect(latest.column("un_agree")?.kind == .real && latest.column("atop_defense")?.kind == .integer)
    }

    /// The dyad files hold what the live services give: the alignment index as `entente align` computes it (its
    /// own panel of the alignment years) and the pressure test as `entente pressure-test` runs it.
    @Test func dyadFilesMatchTheLiveServices() throws {
        let dyad = try #require(try Self.shipped.get().dyad(710, 365))
        let database = try TestData.database()
        let alignment = try AlignmentIndex(database: database, reference: TestData.reference)
            .series(CountryCode(710), CountryCode(365), from: 1990, to: 2018)
        #expect(dyad.alignment == alignment)
        let test = try PressureTest(database: database, reference: TestData.reference).run(CountryCode(710), CountryCode(365))
        #expect(dyad.pressureTest.summary == test.summary)
        #expect(dyad.pressureTest.pairs.map(\.verdict) == test.pairs.map(\.verdict))
        let row2018 = try #require(dyad.panel.last)
        #expect(row2018.year == 2018 && dyad.panel.first?.year == 1946)
        #expect(dyad.value("atop_consul", in: 2018) == 1)
        #expect(dyad.pressure.count == 73 && dyad.pressure.allSatisfy { year in
            year.shared == nil || year.shared == min(year.pressure1?.index ?? 2, year.pressure2?.index ?? 2)
        })
    }

    /// The shipped validation runs are what `entente model validate` gives on the imported data: the builder's own
    /// runs, computed live, to 1e-12 (counts exactly); and the first is the command's `--train-through 1990` split.
    @Test func theShippedValidationEqualsLiveRuns() throws {
        let shipped = try #require(try Self.shipped.get().validation)
        let run = try #require(shipped.runs.first)
        #expect((run.specification, run.outcome, run.failure) == ("default", "defense-onset", nil))
        #expect(run.command == "entente model validate --base default --train-through 1990")
        let live = try ModelValidation(specification: .default, panel: try Self.livePanel.get()).split(trainThrough: 1990)
        let split = try #require(run.splits.first)
        #expect(run.splits.count == 1)
        expectClose(split, SnapshotValidation.Split(live))
        #expect(split.trainYears == [1950, 1990] && split.testYears == [1991, 2018])
        let builder = try Self.builder.get()
        let runs = try builder.validate("default", panel: try Self.livePanel.get(), progress: nil)
            + builder.validate("historical", panel: try Self.service.get().panel(for: .historical), progress: nil)
        #expect(runs.map(\.command) == shipped.runs.map(\.command))
        #expect(runs.map(\.failure) == shipped.runs.map(\.failure))
        for (ours, theirs) in zip(shipped.runs, runs) {
            #expect(ours.splits.count == theirs.splits.count)
            for (a, b) in zip(ours.splits, theirs.splits) { expectClose(a, b) }
        }
    }

    /// Two records of a split: years and counts equal, every score and bin within 1e-12.
    func expectClose(_ a: SnapshotValidation.Split, _ b: SnapshotValidation.Split, sourceLocation: SourceLocation = #_sourceLocation) {
        func close(_ x: Double?, _ y: Double?) -> Bool {
            guard let x, let y else { return x == nil && y == nil }
            return abs(x - y) <= 1e-12
        }
        let years = "\(a.trainYears)/\(a.testYears)"
        #expect((a.trainYears, a.testYears, a.trainRows, a.trainEvents) == (b.trainYears, b.testYears, b.trainRows, b.trainEvents),
                sourceLocation: sourceLocation)
        #expect(a.evaluations.count == b.evaluations.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a.evaluations, b.evaluations) {
            let what = "\(years) \(x.population.rawValue), \(x.forecaster.rawValue)"
            #expect((x.population, x.forecaster, x.count, x.events) == (y.population, y.forecaster, y.count, y.events), "\(what)",
                    sourceLocation: sourceLocation)
            #expect(close(x.rocAUC, y.rocAUC) && close(x.averagePrecision, y.averagePrecision) && close(x.brierScore, y.brierScore)
                    && close(x.logScore, y.logScore), "\(what): \(x.rocAUC ?? .nan) vs \(y.rocAUC ?? .nan), Brier \(x.brierScore ?? .nan) vs \(y.brierScore ?? .nan)",
                    sourceLocation: sourceLocation)
            #expect(x.calibration.count == y.calibration.count, "\(what)", sourceLocation: sourceLocation)
            for (p, q) in zip(x.calibration, y.calibration) {
                #expect(p.count == q.count && p.events == q.events && close(p.lower, q.lower) && close(p.upper, q.upper)
                        && close(p.meanPredicted, q.meanPredicted) && close(p.intervalLow, q.intervalLow)
                        && close(p.intervalHigh, q.intervalHigh), "\(what): \(p) vs \(q)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Each shipped ensemble (the headline and the same members on bilateral treaties) is what training on the
    /// imported data gives, following its own record: the trainer's terms and the system counts equal, and each
    /// member refitted with the configuration and terms it records (inner blocks, recalibration, weight, final fit
    /// with clustered covariances) equals the shipped member to 1e-9, so that another machine's last-bit rounding
    /// does not fail it. The choosing itself (other configurations, the screening's trials) is rerun by
    /// `Benchmarks/snapshot_rebuild.py`, which rebuilds everything.
    @Test(arguments: [false, true])
    func theShippedEnsembleIsWhatTheDataGive(bilateral: Bool) throws {
        let shippedSnapshot = try Self.shipped.get()
        let shipped = bilateral ? try #require(shippedSnapshot.bilateralEnsemble) : shippedSnapshot.ensemble
        let what = bilateral ? Snapshot.bilateralEnsembleFile : Snapshot.ensembleFile
        let members = bilateral ? EnsembleMember.ensemble(predicting: .bilateralDefenseOnset) : EnsembleMember.ensemble
        let panel = try Self.builder.get().bilateralPanel(try Self.livePanel.get())
        let trainer = try EnsembleTrainer(panel: panel, members: members)
        let refit = EnsembleForecaster(model: try trainer.refit(following: shipped.model, clustered: true), trainer: trainer)
        #expect(shipped.terms == refit.terms && shipped.system == refit.system && shipped.dataYear == refit.dataYear, "\(what) \(Self.stale)")
        let (a, b) = (shipped.model, refit.model)
        #expect(a.blocks == b.blocks && [a.trainThrough, a.firstYear, a.trainRows, a.trainEvents, a.innerRows, a.innerEvents]
                == [b.trainThrough, b.firstYear, b.trainRows, b.trainEvents, b.innerRows, b.innerEvents], "\(what) \(Self.stale)")
        func close(_ x: [Double], _ y: [Double]) -> Bool { x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) } }
        #expect(close([a.innerLogScore], [b.innerLogScore]))
        #expect(a.members.map(\.name) == b.members.map(\.name))
        for (ours, theirs) in zip(a.members, b.members) {
            let (x, y) = (ours.fit, theirs.fit)
            #expect(x.configuration == y.configuration && x.transform.dropped == y.transform.dropped
                    && x.transform.columns.map { [$0.term.description, $0.name, $0.role.rawValue] } == y.transform.columns.map { [$0.term.description, $0.name, $0.role.rawValue] }
                    && ours.missingOptional == theirs.missingOptional, "\(what) \(ours.name) \(Self.stale)")
            func numbers(_ member: EnsembleModel.Member) -> [Double] {
                let fit = member.fit
                return [member.weight, member.innerLogScore, fit.recalibration.intercept, fit.recalibration.slope] + fit.fit.coefficients
                    + fit.fit.standardErrors + fit.transform.columns.flatMap { [$0.fill, $0.lower, $0.upper, $0.mean, $0.scale] }
            }
            #expect(close(numbers(ours), numbers(theirs)), "\(what) \(ours.name) \(Self.stale)")
            // The record's choices are the best it scored: the configuration with the lowest inner log score.
            let best = try #require(ours.configurationScores.min { $0.logScore < $1.logScore })
            #expect(best.configuration == x.configuration, "\(what) \(ours.name)")
            #expect(ours.screening != nil, "\(what) \(ours.name): the shipped ensemble screens its members' terms")
        }
    }

    /// The shipped backtests cover every origin of the default backtest, and the bilateral one forecasts the same
    /// pairs with far fewer onsets. `Benchmarks/snapshot_rebuild.py` reruns them and compares every score.
    @Test func theShippedBacktestsCoverEveryOrigin() throws {
        let snapshot = try Self.shipped.get()
        for (backtest, what) in [(try #require(snapshot.backtest), "backtest"), (try #require(snapshot.bilateralBacktest), "bilateral backtest")] {
            #expect((backtest.firstOrigin, backtest.lastOrigin) == (SnapshotBuilder.backtestOrigins.lowerBound, SnapshotBuilder.backtestOrigins.upperBound))
            #expect(backtest.origins.count == SnapshotBuilder.backtestOrigins.count * SnapshotBuilder.backtestHorizons.count, "\(what)")
            let ten = try #require(backtest.horizon(10))
            #expect(ten.skills.logSkill > 0 && ten.origins == SnapshotBuilder.backtestOrigins.count, "\(what)")
        }
        let (all, bilateral) = (try #require(snapshot.backtest?.horizon(10)), try #require(snapshot.bilateralBacktest?.horizon(10)))
        #expect(bilateral.pairs == all.pairs && bilateral.events > 0 && bilateral.events * 4 < all.events)
        #expect(snapshot.bilateralBacktest?.command.contains("--outcome bilateral-defense-onset") == true)
    }

    /// The briefing's offline forecast (the shipped ensemble reading latest.csv through `ForecastOrigin`) equals
    /// `entente model forecast`'s (`EnsembleForecast`, reading the live panel through `PredictorSource`) for
    /// China–Russia from 2018, year by year, members included.
    @Test func theOfflineForecastEqualsTheLiveOne() throws {
        let snapshot = try Self.shipped.get()
        let panel = try Self.builder.get().bilateralPanel(try Self.livePanel.get())
        let source = try PredictorSource(panel: panel, terms: snapshot.ensemble.terms)
        let live = try EnsembleForecast(model: snapshot.ensemble.model, source: source, 365, 710, origin: 2018, draws: 200)
        let rows = snapshot.latest.filtered { a, b, _ in a == 365 && b == 710 }
        let offline = try snapshot.ensemble.forecast(try ForecastOrigin(rows: rows, asOf: 2018), draws: 200)
        #expect(offline.years.count == 10 && live.cumulative.count == 10)
        for (t, year) in offline.years.enumerated() {
            #expect(abs(year.cumulative - live.cumulative[t]) < 1e-12, "year \(t + 1): \(year.cumulative) vs \(live.cumulative[t])")
        }
        for (ours, theirs) in zip(offline.members, live.members) {
            #expect(ours.name == theirs.name && ours.weight == theirs.weight)
            #expect(zip(ours.cumulative, theirs.cumulative).allSatisfy { abs($0 - $1) < 1e-12 }, "\(ours.name)")
        }
    }

    /// The shipped China–Russia events are `entente events dyad CHN RUS --by year --origin icews --undirected`, row
    /// by row.
    @Test func theShippedEventsEqualTheICEWSSeries() throws {
        let shipped = try #require(try Self.shipped.get().dyad(710, 365))
        let series = try EventSeries(database: TestData.database())
            .series(from: CountryCode(710), to: CountryCode(365), by: .year, origin: .icews, undirected: true)
        #expect(series.columns == EventSeries.columns)
        #expect(shipped.events.count == series.rows.count && !shipped.events.isEmpty)
        for (year, row) in zip(shipped.events, series.rows) {
            let expected: [FieldValue] = [.text(String(year.year)), .integer(Int64(year.events)), .null, .integer(Int64(year.q1)),
                                          .integer(Int64(year.q2)), .integer(Int64(year.q3)), .integer(Int64(year.q4)), .null,
                                          year.goldsteinMean.map(FieldValue.real) ?? .null, .null, .null]
            #expect(row == expected, "\(year.year)")
        }
        // Both directions, straight from the imported table.
        let sums = try TestData.rows("""
            SELECT SUM(verbal_cooperation), SUM(material_cooperation), SUM(verbal_conflict), SUM(material_conflict) FROM icews
            WHERE year = 2002 AND ((source_ccode = 710 AND target_ccode = 365) OR (source_ccode = 365 AND target_ccode = 710))
            """)
        let first = try #require(shipped.events.first)
        #expect(first.year == 2002 && sums == [[first.q1, first.q2, first.q3, first.q4].map { FieldValueText(stringLiteral: String($0)) }])
    }

    /// The shipped snapshot was built from the very files in ENTENTE_DATA: each recorded SHA-256 equals that of
    /// the file today (by sha256sum, independently of Entente), and it lists every dataset `import all` finds, as
    /// the builder records them from the import.
    @Test func theShippedSnapshotIsNotStale() throws {
        let shipped = try Self.shipped.get().provenance
        let imported = try TestData.imported.get().1.map(\.dataset)
        #expect(shipped.datasets.map(\.dataset).sorted() == imported.sorted())
        for dataset in shipped.datasets {
            let path = try #require(dataset.path, "\(dataset.dataset): no path recorded")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sha256sum", TestData.path(path)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(output.split(separator: " ").first.map(String.init) == dataset.sha256,
                    "\(path) has changed since the snapshot was built: run `\(shipped.command)`")
        }
        #expect(shipped.datasets == (try Self.builder.get().datasets()))
        #expect(shipped.command == SnapshotBuilder.command && shipped.format == Snapshot.format)
    }
}
