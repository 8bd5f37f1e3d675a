@testable import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Spark for the tests: `ENTENTE_TEST_SPARK` is the submit command (`1` means `spark-submit` on the PATH); unset,
/// the Spark tests skip, unless `ENTENTE_REQUIRE_SPARK=1` (as `.ci/run` sets), which makes a missing Spark a failure.
enum SparkTestSetting {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["ENTENTE_REQUIRE_SPARK"] == "1"
    static let submit: String? = {
        guard let value = environment["ENTENTE_TEST_SPARK"], !value.isEmpty else { return nil }
        return value == "1" ? "spark-submit" : value
    }()
    static let python = environment["ENTENTE_PYTHON"] ?? "python3"
    static var enabled: Bool { (submit != nil || required) && TestData.enabled }

    /// The local submit command the tests use, or a recorded failure.
    static func localSubmit() -> String? {
        guard let submit else {
            Issue.record("ENTENTE_REQUIRE_SPARK=1 but ENTENTE_TEST_SPARK is unset: set it to 1 (spark-submit on the PATH) or a submit command")
            return nil
        }
        guard pythonCanImport(python, "pyspark"), pythonCanImport(python, "pyarrow") else {
            Issue.record("Spark tests need pyspark and pyarrow for \(python) (pip install 'pyspark[connect]==4.*')")
            return nil
        }
        return submit + " --master local[2] --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=4"
    }
}

/// The inputs of the Spark tests: the shipped GDELT samples (1.0 daily with 57 and 58 columns, 1.0 reduced, 2.0),
/// about 20 MB of synthetic 2.0 exports (plain and zipped, event IDs repeated within and across files and across
/// the two sets, which both start at the real sample's first ID), a gzipped copy, a copy with CRLF line ends, a
/// file repeating another's bytes, and a file of near-duplicates.
enum SparkFixtures {
    static let folder: Result<String, any Error> = Result {
        // Made once and shared by the suites for the whole run, so left in place.
        let folder = temporaryPath("spark-inputs").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for relative in gdeltSamples {
            try FileManager.default.copyItem(atPath: TestData.path(relative),
                                             toPath: (folder as NSString).appendingPathComponent((relative as NSString).lastPathComponent))
        }
        let synth = repositoryRoot.appendingPathComponent("Benchmarks/gdelt_synth.py").path
        for (seed, start, zip) in [(3, "2024-08-19", false), (4, "2024-08-20", true)] {
            try run(SparkTestSetting.python, [synth, "--out", folder, "--size-mb", "10", "--files", "4", "--seed", "\(seed)",
                                              "--start", start, "--duplicate-rate", "0.03"] + (zip ? ["--zip"] : []))
        }
        let daily = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        try run("/bin/sh", ["-c", "gzip -c '\(daily)' > '\(folder)/20160729.export.tsv.gz'"])
        let sample = try String(contentsOfFile: TestData.path("gdelt/gdelt2_20240819130000.export.sample6rows.CSV"), encoding: .utf8)
        let lines = sample.split(separator: "\n").map(String.init)
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: folder + "/20240819131500.crlf.export.CSV"))
        try FileManager.default.copyItem(atPath: folder + "/20240819000000.export.CSV", toPath: folder + "/zz-repeat.export.CSV")
        // The dyadic rows of the 2.0 sample again under new IDs: near-duplicates of each other's stories.
        let dyadic = lines.filter { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return !fields[7].isEmpty && !fields[17].isEmpty && fields[7] != fields[17]
        }
        let again = dyadic.flatMap { line -> [String] in
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            // Rows every opt-in rule of the tests keeps: root, three sources and articles, government and military.
            (fields[12], fields[22], fields[25], fields[32], fields[33]) = ("GOV", "MIL", "1", "3", "3")
            let original = fields
            fields[0] = String(Int(fields[0])! + 7_000_000_000)
            var third = original
            third[0] = String(Int(original[0])! + 8_000_000_000)
            return [fields.joined(separator: "\t"), third.joined(separator: "\t")]
        }
        try Data((again.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/20240819133000.near.export.CSV"))
        return folder
    }

    /// A folder of files with every kind of bad line (Tests/Scripts/gdelt_malformed.py).
    static func malformed() throws -> String {
        let folder = temporaryPath("spark-malformed").path
        let (_, status) = try runScript(SparkTestSetting.python, "gdelt_malformed.py", [TestData.directory, folder])
        guard status == 0 else { throw InputError(path: folder, message: "gdelt_malformed.py failed") }
        return folder
    }

    /// A file whose third line has a bad NumMentions.
    static func badFile() throws -> String {
        let path = temporaryPath("spark-bad", suffix: ".export.CSV").path
        let lines = try String(contentsOfFile: TestData.path("gdelt/gdelt2_20240819130000.export.sample6rows.CSV"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var edited = lines
        var fields = edited[3].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        fields[31] = "3x"
        edited[3] = fields.joined(separator: "\t")
        try Data((edited.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw InputError(path: executable, message: "exit status \(process.terminationStatus)") }
    }

    /// The inputs in the order both imports read them (file name, then path).
    static func orderedInputs(_ paths: [String]) throws -> [String] {
        try EventImportService.expand(paths).sorted {
            (($0 as NSString).lastPathComponent, $0) < (($1 as NSString).lastPathComponent, $1)
        }
    }
}

/// Everything an event import leaves in the store, in comparable form: dyad-day integers and host sets exactly,
/// sums kept apart for a relative comparison, and the ledger, drops, rejects and registered event IDs by file.
struct EventStoreSnapshot: Equatable {
    var dyadDays: [[String]] = []
    var sums: [[Double]] = []
    var ledger: [[String]] = []
    var drops: [[String]] = []
    var rejects: [[String]] = []
    var eventIDs: [[String]] = []

    init(_ database: EntenteDatabase) throws {
        func text(_ sql: String) throws -> [[String]] {
            try database.readOnlyQuery(sql).rows.map { $0.map { FieldValueText($0).text } }
        }
        dyadDays = try text("""
            SELECT source, target, day, events, mentions, events_q1, events_q2, events_q3, events_q4, mentions_q1, mentions_q2,
                   mentions_q3, mentions_q4, toned_events, hex(hosts) FROM event_dyad_day ORDER BY source, target, day
            """)
        sums = try database.readOnlyQuery("SELECT goldstein_sum, tone_sum FROM event_dyad_day ORDER BY source, target, day").rows.map {
            $0.map { value in if case .real(let number) = value { number } else if case .integer(let number) = value { Double(number) } else { .nan } }
        }
        ledger = try text("""
            SELECT file_name, sha256, bytes, layout, rows_read, rows_loaded, rows_rejected, rows_stored FROM import_ledger
            WHERE dataset = 'gdelt' ORDER BY file_name
            """)
        drops = try text("""
            SELECT l.file_name, d.rule, d.rows FROM event_drops d JOIN import_ledger l ON l.id = d.ledger_id ORDER BY 1, 2
            """)
        rejects = try text("""
            SELECT l.file_name, r.line, r.column_name, r.value, r.reason FROM import_rejects r JOIN import_ledger l ON l.id = r.ledger_id
            ORDER BY 1, 2
            """)
        eventIDs = try text("""
            SELECT l.file_name, b.min_id, b.max_id, b.count, hex(b.ids) FROM event_id_blocks b JOIN import_ledger l ON l.id = b.ledger_id
            ORDER BY 1
            """)
    }

    /// Equal integers, host sets, ledger, drops, rejects and IDs; sums within 1e-9 relative. Records what differs.
    func expectEqual(to other: EventStoreSnapshot, _ label: String) {
        #expect(dyadDays.count == other.dyadDays.count, "\(label): dyad-days")
        #expect(dyadDays == other.dyadDays, "\(label): dyad-day counts and host sets")
        #expect(ledger == other.ledger, "\(label): ledger")
        #expect(drops == other.drops, "\(label): drops")
        #expect(rejects == other.rejects, "\(label): rejects")
        #expect(eventIDs == other.eventIDs, "\(label): registered event IDs")
        #expect(sums.count == other.sums.count)
        var worst = 0.0
        for (left, right) in zip(sums, other.sums) {
            for (a, b) in zip(left, right) {
                worst = max(worst, abs(a - b) / max(1, abs(a), abs(b)))
            }
        }
        #expect(worst <= 1e-9, "\(label): sums differ by \(worst) relative")
    }
}

/// The Spark runs the tests share: each is made once.
enum SparkRuns {
    struct Outcome {
        var native: EntenteDatabase
        var rollup: String
        var inputs: [String]
    }

    /// Writes the job into `folder`, runs it on `inputs` with its output there too, and imports the same files natively.
    static func run(_ inputs: [String], selection: EventSelection, keepGoing: Bool, target: SparkTarget, in folder: URL) throws -> Outcome {
        let root = folder.path
        let job = root + "/job", out = root + "/out"
        let description = SparkJobDescription(selection: selection, keepGoing: keepGoing, maxRecordBytes: DelimitedReader.defaultMaxRecordLength)
        try SparkJobWriter(description: description, reference: TestData.reference).write(to: job)
        var runner = SparkRunner(job: job, inputs: inputs, output: out, target: target)
        runner.python = SparkTestSetting.python
        try runner.run()
        let native = try EntenteDatabase(path: nil)
        _ = try EventImportService(database: native, reference: TestData.reference)
            .importFiles(try SparkFixtures.orderedInputs(inputs), selection: selection, keepGoing: keepGoing)
        return Outcome(native: native, rollup: out, inputs: inputs)
    }

    static let local: Result<Outcome, any Error> = Result {
        guard let submit = SparkTestSetting.localSubmit() else { throw InputError(path: "spark", message: "no Spark") }
        // Shared by the suite for the whole run, so left in place.
        return try run([try SparkFixtures.folder.get()], selection: EventSelection(), keepGoing: false, target: .submit(submit),
                       in: temporaryPath("spark"))
    }
}

@Suite(.serialized, .enabled(if: SparkTestSetting.enabled, "set ENTENTE_TEST_SPARK=1 (Spark on the PATH) to run the Spark tests"))
struct SparkRollupTests {
    func imported(_ outcome: SparkRuns.Outcome, selection: EventSelection = EventSelection()) throws -> (EntenteDatabase, [EventFileReport]) {
        let database = try EntenteDatabase(path: nil)
        let reports = try SparkRollupImportService(database: database).importRollup(outcome.rollup, selection: selection)
        return (database, reports)
    }

    @Test func localSparkRollupImportedEqualsTheNativeImport() throws {
        let outcome = try SparkRuns.local.get()
        let (database, reports) = try imported(outcome)
        let native = try EventStoreSnapshot(outcome.native)
        #expect(native.dyadDays.count > 5_000, "the fixture holds real work")
        #expect(native.drops.contains { $0[1] == "event ID seen before" && Int($0[2])! > 0 })
        #expect(reports.filter { $0.record == nil }.count == 1, "the repeated file is skipped")
        try EventStoreSnapshot(database).expectEqual(to: native, "local[2]")

        // Twice changes nothing; a native import of one of the same files is a no-op.
        let before = try contentDigest(database)
        let again = try SparkRollupImportService(database: database).importRollup(outcome.rollup)
        #expect(again.allSatisfy { $0.record == nil })
        #expect(try contentDigest(database) == before)
        let zipped = try SparkFixtures.orderedInputs(outcome.inputs).first { $0.hasSuffix(".zip") }!
        let native2 = try EventImportService(database: database, reference: TestData.reference).importFiles([zipped])
        #expect(native2[0].record == nil && native2[0].previous != nil)
        #expect(try contentDigest(database) == before)
    }

    @Test func optInRulesAndKeepGoingMatchTheNativeImport() throws {
        guard let submit = SparkTestSetting.localSubmit() else { return }
        var selection = EventSelection()
        selection.rootOnly = true
        selection.minimumSources = 2
        selection.minimumArticles = 2
        selection.actorTypes = ["GOV", "MIL", "BUS", "CVL", "MED", "JUD", "LEG", "COP", "EDU", "OPP", "REB"]
        selection.dropNearDuplicates = true
        let bad = try SparkFixtures.badFile()
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let malformed = try SparkFixtures.malformed()
        defer { try? FileManager.default.removeItem(atPath: malformed) }
        let root = temporaryPath("spark")
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try SparkRuns.run([try SparkFixtures.folder.get(), bad, malformed],
                                        selection: selection, keepGoing: true, target: .submit(submit), in: root)
        let native = try EventStoreSnapshot(outcome.native)
        for rule in ["not a root event", "too few sources", "too few articles", "actor type not selected", "near-duplicate"] {
            #expect(native.drops.contains { $0[1] == rule && Int($0[2])! > 0 }, "the fixture exercises \(rule)")
        }
        #expect(native.rejects.count >= 12, "bad dates, IDs, numbers, quad classes, column counts, UTF-8, in two layouts")
        let (database, _) = try imported(outcome, selection: selection)
        try EventStoreSnapshot(database).expectEqual(to: native, "opt-in rules")

        // The same roll-up asked for under the default selection is refused, and nothing changes.
        let empty = try EntenteDatabase(path: nil)
        let before = try contentDigest(empty)
        #expect {
            _ = try SparkRollupImportService(database: empty).importRollup(outcome.rollup)
        } throws: { error in
            (error as? SparkRollupRefusal)?.message.contains("the selection 'dyadic, root only, sources ≥ 2") == true
        }
        #expect(try contentDigest(empty) == before)
    }

    @Test func aBadLineStopsTheJobWithItsFileAndLineAsTheNativeImportSaysThem() throws {
        guard let submit = SparkTestSetting.localSubmit() else { return }
        let bad = try SparkFixtures.badFile()
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let root = temporaryPath("spark")
        defer { try? FileManager.default.removeItem(at: root) }
        var nativeError = ""
        do {
            _ = try EventImportService(database: try EntenteDatabase(path: nil), reference: TestData.reference).importFiles([bad])
        } catch {
            nativeError = "\(error)"
        }
        #expect(nativeError == "\(bad):4: column 'NumMentions': value '3x': not a whole number")
        #expect {
            _ = try SparkRuns.run([bad], selection: EventSelection(), keepGoing: false, target: .submit(submit), in: root)
        } throws: { error in
            (error as? SparkRunFailure)?.message.hasSuffix(nativeError) == true
        }
    }

    @Test func anotherVersionOrAnEventCountedBeforeIsRefusedAndChangesNothing() throws {
        let outcome = try SparkRuns.local.get()
        // Another format, another Entente.
        for (key, value, expected) in [("\"format\":1", "\"format\":2", "format 2"),
                                       ("\"entente_version\":\"\(EntenteVersion.current)\"", "\"entente_version\":\"0.0.9\"", "Entente 0.0.9")] {
            let copy = temporaryPath("rollup").path
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.copyItem(atPath: outcome.rollup, toPath: copy)
            let part = try SparkRollupFolder.parts(copy, "job", suffix: ".txt")[0]
            let text = try String(contentsOfFile: part, encoding: .utf8).replacingOccurrences(of: " ", with: "")
            #expect(text.contains(key))
            try text.replacingOccurrences(of: key, with: value).write(toFile: part, atomically: true, encoding: .utf8)
            #expect {
                _ = try SparkRollupImportService(database: try EntenteDatabase(path: nil)).importRollup(copy)
            } throws: { error in
                (error as? SparkRollupRefusal)?.message.contains(expected) == true
            }
        }
        // A database that counted some of the roll-up's events from other bytes: refused, all or nothing.
        let database = try EntenteDatabase(path: nil)
        let inputs = try SparkFixtures.orderedInputs(outcome.inputs)
        let later = inputs.last { $0.hasSuffix(".zip") }!
        let unzipped = temporaryPath("overlap", suffix: ".export.CSV").path
        defer { try? FileManager.default.removeItem(atPath: unzipped) }
        try SparkFixtures.run(SparkTestSetting.python, ["-c", """
            import sys, zipfile
            archive = zipfile.ZipFile(sys.argv[1])
            lines = archive.open(archive.infolist()[0]).read().split(b"\\n")[:200]
            open(sys.argv[2], "wb").write(b"\\n".join(lines) + b"\\n")
            """, later, unzipped])
        _ = try EventImportService(database: database, reference: TestData.reference).importFiles([unzipped])
        let before = try contentDigest(database)
        #expect {
            _ = try SparkRollupImportService(database: database).importRollup(outcome.rollup)
        } throws: { error in
            (error as? SparkRollupRefusal)?.message.contains("was counted by an earlier import") == true
        }
        #expect(try contentDigest(database) == before)
    }

    @Test func sparkConnectServerRollupEqualsTheNativeImport() throws {
        guard SparkTestSetting.localSubmit() != nil else { return }
        let outcome = try SparkRuns.local.get()
        let server = try SparkConnectTestServer()
        let root = temporaryPath("connect").path
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: root)
        }
        let description = SparkJobDescription(selection: EventSelection(), keepGoing: false, maxRecordBytes: DelimitedReader.defaultMaxRecordLength)
        try SparkJobWriter(description: description, reference: TestData.reference).write(to: root + "/job")
        var runner = SparkRunner(job: root + "/job", inputs: outcome.inputs, output: root + "/out", target: .remote(server.url))
        runner.python = SparkTestSetting.python
        let phases = PhaseLog()
        try runner.run { event in if case .progress(let phase, _, _) = event { phases.add(phase) } }
        #expect(phases.all.contains("parse") && phases.all.contains("done"))
        let database = try EntenteDatabase(path: nil)
        _ = try SparkRollupImportService(database: database).importRollup(root + "/out")
        try EventStoreSnapshot(database).expectEqual(to: try EventStoreSnapshot(outcome.native), "Spark Connect")
    }
}

/// Phases a job reported.
final class PhaseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [String] = []
    func add(_ phase: String) { lock.withLock { phases.append(phase) } }
    var all: [String] { lock.withLock { phases } }
}

/// A Spark Connect server on 127.0.0.1, started for a test (spark-submit of the server class, in the foreground
/// as a child process) and stopped by its process ID.
final class SparkConnectTestServer {
    let process = Process()
    let url: String
    private let log: String

    init() throws {
        let port = 15_100 + Int.random(in: 0..<800)
        url = "sc://127.0.0.1:\(port)"
        log = temporaryPath("connect-\(port)", suffix: ".log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let submit = SparkTestSetting.submit ?? "spark-submit"
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \(submit) --class org.apache.spark.sql.connect.service.SparkConnectServer --master 'local[2]' "
                             + "--conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=4 "
                             + "--conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port=\(port) spark-internal"]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains("Spark Connect server started") { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        halt()
        throw InputError(path: log, message: "the Spark Connect server did not start")
    }

    /// Stops the server, then removes its log.
    func stop() {
        halt()
        try? FileManager.default.removeItem(atPath: log)
    }

    /// Stops the server and keeps its log, which a failure to start names.
    private func halt() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// The job folder, without running Spark.
struct SparkJobTests {
    @Test func theJobFolderIsSelfContainedAndDescribesItsSelection() throws {
        let folder = temporaryPath("job").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var selection = EventSelection()
        selection.rootOnly = true
        selection.actorTypes = ["mil", "GOV"]
        let description = SparkJobDescription(selection: selection, keepGoing: true, maxRecordBytes: 4096)
        let written = try SparkJobWriter(description: description, reference: TestData.reference).write(to: folder)
        #expect(written.map { ($0 as NSString).lastPathComponent } == SparkJobWriter.files)

        let job = try JSONDecoder().decode(SparkJobDescription.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/job.json")))
        #expect(job == description)
        #expect(job.selection.actorTypes == ["GOV", "MIL"] && job.keepGoing && job.maxRecordBytes == 4096)
        #expect(job.eventSelection == { var wanted = selection; wanted.actorTypes = ["GOV", "MIL"]; return wanted }())
        #expect(throws: Never.self) { try job.checkImportable(as: job.eventSelection) }
        #expect(throws: SparkRollupRefusal.self) { try job.checkImportable(as: EventSelection()) }

        // The CAMEO table is the native import's: three-letter codes of COW states only.
        let table = try String(contentsOfFile: folder + "/cameo-cow.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(table.first == "cameo,ccode" && table.contains("CHN,710") && table.contains("RUS,365") && table.contains("USA,2"))
        #expect(!table.contains { $0.hasPrefix("AFR,") || $0.hasPrefix("WSB,") }, "regions and territories name no state")
        let states = TestData.reference.cameoCountries.filter { $0.key.count == 3 && $0.value != nil }.count
        #expect(table.count - 1 == states)

        // The script and SQL are complete: Python compiles the script, and every statement it runs is in the SQL.
        try SparkFixtures.run(SparkTestSetting.python, ["-m", "py_compile", folder + "/entente_rollup.py"])
        let sql = try String(contentsOfFile: folder + "/rollup.sql", encoding: .utf8)
        for name in ["selected", "registered", "counted", "rollup", "file_counts", "rollup_out", "event_ids_out", "rejects_out"] {
            #expect(sql.contains("-- name: \(name)\n"))
        }
    }

    @Test func theSparkJobCommandWritesTheSelectionItIsGiven() throws {
        let folder = temporaryPath("job-cli").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = builtProducts.appendingPathComponent("entente")
        process.arguments = ["events", "spark-job", "--out", folder, "--root-only", "--actor-types", "gov, mil", "--near-duplicates"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let job = try JSONDecoder().decode(SparkJobDescription.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/job.json")))
        #expect(job.selection == .init(rootOnly: true, minimumSources: 0, minimumArticles: 0, actorTypes: ["GOV", "MIL"],
                                       dropNearDuplicates: true))
        #expect(job.selectionSummary == "dyadic, root only, actor types GOV/MIL, near-duplicates dropped")
        #expect(FileManager.default.isExecutableFile(atPath: folder + "/entente_rollup.py"))
    }

    @Test func aRollupWhoseJobDidNotFinishIsRefused() throws {
        let folder = temporaryPath("unfinished").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/manifest", withIntermediateDirectories: true)
        try #"{"status": "running", "format": 1}"#.write(toFile: folder + "/manifest/part-00000.txt", atomically: true, encoding: .utf8)
        #expect {
            _ = try SparkRollupFolder(path: folder)
        } throws: { error in
            "\(error)".contains("did not finish (its manifest/ is 'running')")
        }
    }

    @Test func theRunnerAppendsTheScriptToTheSubmitCommandOrRunsItAsAConnectClient() {
        let submit = SparkRunner(job: "/j", inputs: ["/in/a", "/in/*.zip"], output: "/o", target: .submit("spark-submit --master yarn"))
        #expect(submit.commandLine == ["/bin/sh", "-c", "spark-submit --master yarn \"$@\"", "sh", "/j/entente_rollup.py", "--out", "/o",
                                       "/in/a", "/in/*.zip"])
        var remote = SparkRunner(job: "/j", inputs: ["/in"], output: "/o", target: .remote("sc://h:15002"))
        remote.python = "python3.12"
        #expect(remote.commandLine == ["/usr/bin/env", "python3.12", "/j/entente_rollup.py", "--remote", "sc://h:15002", "--out", "/o", "/in"])
        #expect(SparkRunner.event("entente-progress\tparse\t3\t8") == .progress(phase: "parse", done: 3, total: 8))
        #expect(SparkRunner.event("entente-progress\tdone") == .progress(phase: "done", done: nil, total: nil))
        #expect(SparkRunner.event("entente: 16 input files") == .message("16 input files"))
    }
}
