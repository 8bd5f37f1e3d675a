import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
#if canImport(Glibc)
import Glibc
#endif
import EntenteTestSupport
import Foundation
import Testing

/// A digest of everything a database holds: every table's rows, and the schema.
func contentDigest(_ database: EntenteDatabase) throws -> [String] {
    let tables = try database.readOnlyQuery("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
    var digest: [String] = tables.rows.map { "\($0)" }
    for row in tables.rows {
        guard case .text(let name) = row[0], !name.hasPrefix("sqlite_"),
              try database.readOnlyQuery("SELECT type FROM sqlite_master WHERE name = ?", arguments: [.text(name)]).rows[0][0] == .text("table")
        else { continue }
        // Sorted in Swift: tables WITHOUT ROWID have no rowid to order by.
        let content = try database.readOnlyQuery("SELECT * FROM \"\(name)\"").rows.map { "\($0)" }.sorted()
        digest.append("\(name): \(content.count) rows, \(content.hashValue)")
    }
    return digest
}

/// Copies a real file to `name` in `folder` (a test's own, made if need be), changed by `edit`.
func alteredCopy(of relative: String, name: String, in folder: URL, _ edit: (inout [String]) -> Void) throws -> String {
    // Split on LF bytes: as Swift characters, CRLF is one character and would not split on "\n".
    let data = try Data(contentsOf: URL(fileURLWithPath: TestData.path(relative)))
    var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    edit(&lines)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(lines.joined(separator: "\n").utf8).write(to: url)
    return url.path
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct ImportSafetyTests {
    let nmc = DatasetCatalogue.dataset("nmc")!
    let gsdb = DatasetCatalogue.dataset("gsdb")!

    func loadedDatabase() throws -> (EntenteDatabase, ImportService) {
        let database = try EntenteDatabase(path: nil)
        let service = ImportService(database: database, reference: TestData.reference)
        _ = try service.importFile(dataset: nmc, path: TestData.path("peacesciencer_csv/cow_nmc.csv"))
        _ = try service.importFile(dataset: gsdb, path: TestData.path("sanctions_gsdb/GSDB_V3.csv"))
        return (database, service)
    }

    @Test func importingTheSameFileTwiceChangesNothing() throws {
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let again = try service.importFile(dataset: gsdb, path: TestData.path("sanctions_gsdb/GSDB_V3.csv"))
        guard case .unchanged = again else {
            Issue.record("the second import of the same file was not recognised")
            return
        }
        #expect(try contentDigest(database) == before)
        #expect(try database.ledger().count == 2)
    }

    /// A header-only file, or one cut to a fraction of the rows it would replace, is refused and the dataset kept;
    /// `allowShrink` lets a meant replacement through.
    @Test func aHeaderOnlyOrCutShortFileDoesNotReplaceADataset() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let headerOnly = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "header.csv", in: folder) { lines in lines = [lines[0]] }
        #expect { try service.importFile(dataset: nmc, path: headerOnly) } throws: { error in
            "\(error)".contains("no data rows") && "\(error)".contains(headerOnly)
        }
        let cut = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "cut.csv", in: folder) { lines in lines = Array(lines.prefix(1_001)) }
        #expect { try service.importFile(dataset: nmc, path: cut) } throws: { error in
            "\(error)".contains("1000 data rows") && "\(error)".contains("--allow-shrink")
        }
        #expect(try contentDigest(database) == before, "nothing replaced, nothing recorded")
        guard case .loaded(let record, _) = try service.importFile(dataset: nmc, path: cut, allowShrink: true) else {
            Issue.record("the meant replacement was not loaded")
            return
        }
        #expect(record.rowsLoaded == 1_000)
    }

    /// Ten NMC rows repeated at the end: the import stops at the first, naming file, line and key, and `nmc` keeps
    /// its rows; under keep-going the ten are rejected and the count is the original. A second import of the same
    /// file changes nothing.
    @Test func repeatedRowsStopTheImportOrAreRejected() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let repeated = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "cow_nmc.csv", in: folder) { lines in
            lines.insert(contentsOf: lines[1...10], at: lines.last == "" ? lines.count - 1 : lines.count)
        }
        #expect {
            _ = try service.importFile(dataset: nmc, path: repeated)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.path == repeated && error.line == 17_123 && error.column == "ccode, year" && error.value == "2, 1816"
                && error.reason.contains("repeats line 2")
        }
        #expect(try contentDigest(database) == before)

        guard case .loaded(let record, _) = try service.importFile(dataset: nmc, path: repeated, keepGoing: true) else {
            Issue.record("the file with repeated rows was not loaded under keep-going")
            return
        }
        #expect(record.rowsRejected == 10 && record.rowsLoaded == 17_121)
        #expect(try database.readOnlyQuery("SELECT COUNT(*) FROM nmc").rows == [[.integer(17_121)]])
        #expect(try database.rejects(dataset: "nmc").map(\.line) == Array(17_123...17_132))
        let loaded = try contentDigest(database)
        guard case .unchanged = try service.importFile(dataset: nmc, path: repeated, keepGoing: true) else {
            Issue.record("the second import of the same file was not recognised")
            return
        }
        #expect(try contentDigest(database) == loaded)
    }

    /// One data row repeated at the end of a real file of each family (one row per state, per member, per case
    /// with several names per cell, per roll call, wide per year, after a preamble) stops its import.
    @Test(arguments: ["states", "atop-member", "gsdb", "un-roll-calls", "imf-dots-imports", "sipri-transfers", "polity"])
    func aRepeatedRowStopsTheImportOfEachFamily(_ id: String) throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = DatasetCatalogue.dataset(id)!
        let relative = dataset.knownPaths[0]
        var appendedLine = 0, firstLine = 0
        let repeated = try alteredCopy(of: relative, name: (relative as NSString).lastPathComponent, in: folder) { lines in
            let header = dataset.headerStartsWith.flatMap { marker in lines.firstIndex { $0.hasPrefix(marker) } } ?? 0
            let end = lines.last == "" ? lines.count - 1 : lines.count
            lines.insert(lines[header + 1], at: end)
            firstLine = header + 2
            appendedLine = end + 1
        }
        let service = ImportService(database: try EntenteDatabase(path: nil), reference: TestData.reference)
        #expect {
            _ = try service.importFile(dataset: dataset, path: repeated)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.path == repeated && error.line == appendedLine && error.reason.contains("repeats line \(firstLine)")
                && error.column == dataset.key.columns.joined(separator: ", ")
        }
    }

    /// `--max-record-bytes` reaches the readers of both imports: NMC's 49-byte header and the GDELT sample's lines are
    /// over a limit of 40 bytes.
    @Test func theRecordLimitIsSetOnTheServices() throws {
        var service = ImportService(database: try EntenteDatabase(path: nil), reference: TestData.reference)
        service.maxRecordLength = 40
        let nmcPath = TestData.path("peacesciencer_csv/cow_nmc.csv")
        #expect {
            _ = try service.importFile(dataset: nmc, path: nmcPath)
        } throws: { "\($0)".hasPrefix("\(nmcPath):1: the record has more than 40 bytes") }
        var events = EventImportService(database: service.database, reference: TestData.reference)
        events.maxRecordLength = 40
        let gdelt = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        #expect {
            _ = try events.importFiles([gdelt])
        } throws: { "\($0)".hasPrefix("\(gdelt):1: the record has more than 40 bytes") }
    }

    /// A record over the limit (here 2 MiB against the default 1 MiB) stops an import, naming its line; with
    /// keep-going it is set aside like any bad record and the rest is imported.
    @Test func underKeepGoingAnOverlongRecordIsSetAside() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "cow_nmc.csv", in: folder) { lines in
            lines[5] = String(repeating: "9", count: 2 << 20)
        }
        let service = ImportService(database: try EntenteDatabase(path: nil), reference: TestData.reference)
        #expect {
            _ = try service.importFile(dataset: nmc, path: path)
        } throws: { "\($0)".hasPrefix("\(path): line 6: a record runs past 1048576 bytes") }
        guard case .loaded(let record, _) = try service.importFile(dataset: nmc, path: path, keepGoing: true) else {
            Issue.record("the file was not loaded")
            return
        }
        #expect(record.rowsRejected == 1 && record.rowsLoaded == record.rowsRead - 1, "\(record)")
        #expect(try service.database.readOnlyQuery("SELECT line, reason FROM import_rejects").rows
            == [[.integer(6), .text("the record has more than 1048576 bytes, the most one may have (--max-record-bytes)")]])
    }

    /// The read pass hashes what it reads: bytes that are not the ones checksummed before (the file was written to
    /// between the passes) are refused, and the same file with its own checksum reads as before.
    @Test func aFileChangedAfterItsChecksumIsRefused() throws {
        let path = TestData.path("peacesciencer_csv/cow_nmc.csv")
        let reader = DatasetReader(definition: nmc, crosswalk: TestData.reference.crosswalk)
        let checksum = try FileDigest.sha256(path: path)
        let other = try FileDigest.sha256(path: TestData.path("sanctions_gsdb/GSDB_V3.csv"))
        var rows = 0
        #expect(throws: FileChangedAfterChecksum.self) {
            _ = try reader.read(path: path, expectedChecksum: other) { _ in rows += 1 }
        }
        #expect(rows > 17_000, "the rows were read before the checksum was compared")
        let summary = try reader.read(path: path, expectedChecksum: checksum) { _ in }
        #expect(summary.rowsLoaded == rows)
    }

    @Test func aChangedFileReplacesTheDatasetsRows() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let shorter = try alteredCopy(of: "sanctions_gsdb/GSDB_V3.csv", name: "GSDB_V3.csv", in: folder) { lines in
            lines.removeSubrange(2...11)
        }
        guard case .loaded(let record, _) = try service.importFile(dataset: gsdb, path: shorter) else {
            Issue.record("a changed file was taken for the same one")
            return
        }
        #expect(record.rowsRead == 1315)
        #expect(try database.readOnlyQuery("SELECT COUNT(DISTINCT case_id) FROM gsdb").rows == [[.integer(1315)]])
        #expect(try database.ledger().count == 3)
    }

    @Test func aTruncatedCopyFailsClearlyAndChangesNothing() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let truncated = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "cow_nmc.csv", in: folder) { lines in
            lines = Array(lines.prefix(9000))
            lines[8999] = String(lines[8999].prefix(12))
        }
        #expect {
            _ = try service.importFile(dataset: nmc, path: truncated)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.path == truncated && error.line == 9000 && error.reason.contains("expected 9 fields")
        }
        #expect(try contentDigest(database) == before)
    }

    @Test func aTruncatedGzipFailsClearlyAndChangesNothing() throws {
        let database = try EntenteDatabase(path: nil)
        let service = ImportService(database: database, reference: TestData.reference)
        let before = try contentDigest(database)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TestData.path("peacesciencer_csv/cow_trade_ndy.csv.gz")))
        let url = temporaryPath("trade", suffix: ".csv.gz")
        defer { try? FileManager.default.removeItem(at: url) }
        try bytes.prefix(bytes.count / 3).write(to: url)
        #expect {
            _ = try service.importFile(dataset: DatasetCatalogue.dataset("trade")!, path: url.path)
        } throws: { error in
            "\(error)".contains("truncated")
        }
        #expect(try contentDigest(database) == before)
    }

    @Test func aCorruptedRowFailsWithLineColumnAndValueAndChangesNothing() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let corrupted = try alteredCopy(of: "peacesciencer_csv/cow_nmc.csv", name: "cow_nmc.csv", in: folder) { lines in
            var fields = lines[4999].components(separatedBy: ",")
            fields[8] = "0.0x3"
            lines[4999] = fields.joined(separator: ",")
        }
        #expect {
            _ = try service.importFile(dataset: nmc, path: corrupted)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.line == 5000 && error.column == "cinc" && error.value == "0.0x3" && "\(error)".contains(corrupted)
        }
        #expect(try contentDigest(database) == before)

        let kept = try service.importFile(dataset: nmc, path: corrupted, keepGoing: true)
        guard case .loaded(let record, _) = kept else { return }
        #expect(record.rowsRejected == 1 && record.rowsLoaded == 17120)
        #expect(try database.rejects(dataset: "nmc").map(\.line) == [5000])
    }

    @Test func anUnknownCountryStopsTheImport() throws {
        let folder = temporaryPath("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (database, service) = try loadedDatabase()
        let before = try contentDigest(database)
        let renamed = try alteredCopy(of: "sanctions_gsdb/GSDB_V3.csv", name: "GSDB_V3.csv", in: folder) { lines in
            lines[100] = lines[100].replacingOccurrences(of: ",United States,", with: ",Freedonia,")
        }
        #expect {
            _ = try service.importFile(dataset: gsdb, path: renamed)
        } throws: { error in
            (error as? FormatError)?.value == "Freedonia" && "\(error)".contains("unknown country name")
        }
        #expect(try contentDigest(database) == before)
    }
}


/// `import nmc /dev/zero` and `events import /dev/zero` read forever, and a FIFO hung them: both are refused at once.
@Suite(.timeLimit(.minutes(1)))
struct NonRegularInputTests {
    @Test func importsRefuseDevicesAndFIFOs() throws {
        let fifo = temporaryPath("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let database = try EntenteDatabase(path: nil)
        for path in ["/dev/zero", fifo] {
            #expect {
                _ = try ImportService(database: database, reference: TestData.reference)
                    .importFile(dataset: DatasetCatalogue.dataset("nmc")!, path: path)
            } throws: { "\($0)".contains("\(path): is not a regular file") }
            #expect {
                _ = try EventImportService(database: database, reference: TestData.reference).importFiles([path])
            } throws: { "\($0)".contains("\(path): is not a regular file") }
        }
        #expect(try database.ledger().isEmpty)
    }

    /// Files read whole (`brief --case`, `model show`) are refused the same way, not read until memory runs out.
    @Test func caseFilesAndModelsRefuseDevices() throws {
        let zero = URL(fileURLWithPath: "/dev/zero")
        #expect {
            _ = try CaseFileLoader(reference: TestData.reference).load(zero)
        } throws: { "\($0)".contains("/dev/zero") && "\($0)".contains("not a regular file") }
        #expect { _ = try AllianceModel.load(zero) } throws: { "\($0)".contains("/dev/zero: is not a regular file") }
    }
}
