import Entente
import EntenteCore
import EntenteFormats
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

let gdeltSamples = ["gdelt/gdelt1_daily_20160728_sample710.export.tsv", "gdelt/gdelt2_20240819130000.export.sample6rows.CSV",
                    "gdelt/gdelt1_reduced_1979_sample.tsv"]

/// The file's lines as Foundation reads them, split on tabs: the independent reading our reader must match.
func independentSplit(_ path: String) throws -> [[String]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

/// Writes `lines` to `name` in `folder` (a test's own, made if need be) and returns the path.
func temporaryCopy(_ lines: [String], name: String, in folder: URL) throws -> String {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    return url.path
}

func rollup(_ database: EntenteDatabase) throws -> [[FieldValue]] {
    try database.readOnlyQuery("""
        SELECT d.source, d.target, d.day, events, mentions, events_q1, events_q2, events_q3, events_q4,
               ROUND(goldstein_sum, 6), ROUND(tone_sum, 6),
               length(hosts) / 8
        FROM event_dyad_day d ORDER BY 1, 2, 3
        """).rows
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct EventImportTests {
    func service() throws -> (EntenteDatabase, EventImportService) {
        let database = try EntenteDatabase(path: nil)
        return (database, EventImportService(database: database, reference: TestData.reference))
    }

    @Test(arguments: gdeltSamples)
    func realRowsParseExactly(_ relative: String) throws {
        let path = TestData.path(relative)
        let expected = try independentSplit(path)
        let reader = GDELTReader(path: path, input: try openInput(path: path).input)
        var event = GDELTEvent()
        var records: [[String]] = []
        while try reader.next(into: &event) {
            let fields = reader.fields()
            records.append(fields)
            if reader.layout == .reduced {
                #expect(event.day == Int(fields[0]) && event.count == Int(fields[4]) && event.quadClass == Int(fields[6]))
                #expect(event.goldstein == Double(fields[7]))
                continue
            }
            #expect(event.id == Int64(fields[0]))
            #expect(event.day == Int(fields[1]))
            #expect(event.actor1Country.description == fields[7] && event.actor2Country.description == fields[17])
            #expect(event.actor1Type.description == String(fields[12].prefix(4)))
            #expect(event.eventCode.description == fields[26])
            #expect(event.isRoot == (fields[25] == "1"))
            #expect(event.quadClass == Int(fields[29]))
            #expect(event.goldstein == Double(fields[30]))
            #expect(event.mentions == Int(fields[31]) && event.sources == Int(fields[32]) && event.articles == Int(fields[33]))
            #expect(event.tone == Double(fields[34]))
        }
        let dataLines = relative.contains("reduced") ? Array(expected.dropFirst()) : expected
        #expect(records == dataLines)
        if relative.contains("gdelt1_daily") {
            #expect(Set(dataLines.map(\.count)) == [57, 58], "the 1.0 sample mixes both layouts")
        }
    }

    @Test func rollupEqualsAPandasGroupByOfTheSameFile() throws {
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let (database, service) = try service()
        _ = try service.importFiles([path])
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonHasPandas(python) else {
            #expect(!TestData.required, "pandas is needed for this comparison (pip install pandas)")
            return
        }
        let (output, status) = try runScript(python, "gdelt_rollup.py",
                                             [repositoryRoot.appendingPathComponent("Data/reference/cameo-countries.csv").path, path])
        #expect(status == 0)
        let expected: [[FieldValue]] = output.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, text in
                index == 9 || index == 10 ? .real((Double(text)! * 1e6).rounded() / 1e6) : .integer(Int64(text)!)
            }
        }
        let stored = try rollup(database)
        #expect(stored.count == expected.count)
        #expect(stored == expected)
    }

    @Test func reimportIsANoOpAndADuplicatedIDAcrossFilesCountsOnce() throws {
        let folder = temporaryPath("events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let (whole, wholeService) = try service()
        _ = try wholeService.importFiles([path])

        let first = try temporaryCopy(Array(lines[0..<400]), name: "a.export.tsv", in: folder)
        let second = try temporaryCopy(Array(lines[300...]), name: "b.export.tsv", in: folder)
        let (split, splitService) = try service()
        let reports = try splitService.importFiles([second, first])
        #expect(try rollup(split) == rollup(whole), "100 events in both files are counted once")
        let dropped = reports[1].drops.first { $0.rule == "event ID seen before" }?.rows ?? 0
        #expect(dropped > 0)

        let before = try contentDigest(split)
        let again = try splitService.importFiles([first, second])
        #expect(again.allSatisfy { $0.record == nil })
        #expect(try contentDigest(split) == before)
    }

    @Test(arguments: [false, true])
    func aFailingFileKeepsTheFilesBeforeItAndLeavesNothingOfItself(flushesInParts: Bool) throws {
        let folder = temporaryPath("events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let good = try temporaryCopy(Array(lines[0..<300]), name: "good.export.tsv", in: folder)
        var rest = Array(lines[300...])
        rest[rest.count - 1] = rest[rest.count - 1].split(separator: "\t", omittingEmptySubsequences: false).dropLast(3)
            .joined(separator: "\t")
        let broken = try temporaryCopy(rest, name: "broken.export.tsv", in: folder)
        let (alone, aloneService) = try service()
        _ = try aloneService.importFiles([good])

        let (database, defaultService) = try service()
        var service = defaultService
        if flushesInParts {
            // Batches of 20 events and a threshold of 10 dyad-days: the broken file has written rows before its
            // last line fails.
            service.eventsPerBatch = 20
            service.flushThreshold = 10
        }
        #expect {
            _ = try service.importFiles([good, broken])
        } throws: { error in
            (error as? FormatError)?.path == broken && (error as? FormatError)?.line == rest.count
        }
        #expect(try rollup(database) == rollup(alone), "the good file is stored, nothing of the broken one")
        #expect(try database.importedFiles(dataset: "gdelt").count == 1)

        // Known bytes under a new name, found only after the file has flushed in parts, roll back; the next file
        // of the same run is still imported.
        let before = try contentDigest(database)
        let renamed = try temporaryCopy(Array(lines[0..<300]), name: "renamed.export.tsv", in: folder)
        let subset = try temporaryCopy(Array(lines[0..<150]), name: "subset.export.tsv", in: folder)
        let reports = try service.importFiles([renamed, subset])
        #expect(reports[0].record == nil && reports[0].previous != nil)
        #expect(reports[1].record != nil)
        #expect(reports[1].drops.first { $0.rule == "event ID seen before" }?.rows ?? 0 > 0)
        #expect(try rollup(database) == rollup(alone), "every event of the subset was counted before")
        #expect(try database.importedFiles(dataset: "gdelt").count == 2)
        #expect(try contentDigest(database) != before)
    }

    @Test func aFileFlushedInPartsAddsUpToTheWholeFile() throws {
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let (whole, wholeService) = try service()
        _ = try wholeService.importFiles([path])
        let (parts, defaultService) = try service()
        var partsService = defaultService
        partsService.eventsPerBatch = 16
        partsService.flushThreshold = 8
        let reports = try partsService.importFiles([path])
        #expect(try rollup(parts) == rollup(whole))
        let wholeStored = try whole.readOnlyQuery("SELECT rows_stored FROM import_ledger WHERE dataset = 'gdelt'").rows
        #expect((reports[0].record?.rowsStored ?? 0) > (wholeStored.first?.first.flatMap { value -> Int? in
            if case .integer(let stored) = value { return Int(stored) } else { return nil }
        } ?? .max), "a dyad-day flushed twice counts twice")
    }

    @Test func checksumTakenWhileParsingIsTheFilesSHA256AndKnownBytesUnderANewNameChangeNothing() throws {
        let folder = temporaryPath("events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let (database, service) = try service()
        let report = try service.importFiles([path])
        #expect(report[0].record?.sha256 == (try FileDigest.sha256(path: path)))

        let renamed = try temporaryCopy(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init),
                                        name: "renamed.export.tsv", in: folder)
        #expect(try FileDigest.sha256(path: renamed) == FileDigest.sha256(path: path), "the copy has the same bytes")
        let before = try contentDigest(database)
        let again = try service.importFiles([renamed])
        #expect(again[0].record == nil && again[0].previous?.fileName == (path as NSString).lastPathComponent)
        #expect(try contentDigest(database) == before, "the parse-time transaction was rolled back")
    }

    @Test func zippedInputReadsLikePlainAndATruncatedZipChangesNothing() throws {
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        let folder = temporaryPath("zip")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let member = folder.appendingPathComponent("20160728.export.CSV")
        try FileManager.default.copyItem(atPath: path, toPath: member.path)
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        zip.currentDirectoryURL = folder
        zip.arguments = ["-q", "-j", "20160728.export.CSV.zip", member.path]
        try zip.run()
        zip.waitUntilExit()
        let zipped = folder.appendingPathComponent("20160728.export.CSV.zip").path

        let (plain, plainService) = try service()
        _ = try plainService.importFiles([path])
        let (fromZip, zipService) = try service()
        let zipReport = try zipService.importFiles([zipped])
        #expect(try rollup(fromZip) == rollup(plain))
        #expect(zipReport[0].record?.sha256 == (try FileDigest.sha256(path: zipped)), "the whole zip, central directory included")

        let bytes = try Data(contentsOf: URL(fileURLWithPath: zipped))
        let truncated = folder.appendingPathComponent("cut.export.CSV.zip")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let (database, truncatedService) = try service()
        let before = try contentDigest(database)
        #expect {
            _ = try truncatedService.importFiles([truncated.path])
        } throws: { error in
            "\(error)".contains("truncated") && "\(error)".contains(truncated.path)
        }
        #expect(try contentDigest(database) == before)
    }

    @Test func malformedLinesStopTheFileOrAreQuarantined() throws {
        let folder = temporaryPath("events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = TestData.path("gdelt/gdelt1_daily_20160728_sample710.export.tsv")
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[99] = lines[99].split(separator: "\t", omittingEmptySubsequences: false).dropLast(3).joined(separator: "\t")
        var fields = lines[199].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        fields[1] = "20161345"
        lines[199] = fields.joined(separator: "\t")
        let broken = try temporaryCopy(lines, name: "broken.export.tsv", in: folder)
        let (database, service) = try service()
        let before = try contentDigest(database)
        #expect {
            _ = try service.importFiles([broken])
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.line == 100 && error.reason.contains("found 55") && error.path == broken
        }
        #expect(try contentDigest(database) == before)

        let reports = try service.importFiles([broken], keepGoing: true)
        #expect(reports[0].record?.rowsRejected == 2)
        #expect(try database.rejects(dataset: "gdelt").map(\.line) == [100, 200])

        var invalid = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let secondLine = invalid.firstIndex(of: 0x0A)! + 10
        invalid[secondLine] = 0xFF
        let url = folder.appendingPathComponent("utf8.export.tsv")
        try Data(invalid).write(to: url)
        #expect {
            _ = try EventImportService(database: try EntenteDatabase(path: nil), reference: TestData.reference).importFiles([url.path])
        } throws: { error in
            (error as? FormatError)?.line == 2 && "\(error)".contains("UTF-8")
        }
    }

    @Test func seriesSumsDaysIntoMonthsAndICEWSGivesYears() throws {
        let (database, service) = try service()
        _ = try service.importFiles([TestData.path("gdelt/gdelt1_reduced_1979_sample.tsv")])
        let days = try database.readOnlyQuery("SELECT source, target, SUM(events) FROM event_dyad_day GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1").rows[0]
        guard case .integer(let a) = days[0], case .integer(let b) = days[1], case .integer(let total) = days[2] else { return }
        let monthly = try EventSeries(database: database).series(from: CountryCode(Int(a)), to: CountryCode(Int(b)), by: .month)
        #expect(monthly.columns == EventSeries.columns)
        let summed = monthly.rows.reduce(Int64(0)) { sum, row in if case .integer(let n) = row[1] { sum + n } else { sum } }
        #expect(summed == total)

        let icews = try EventSeries(database: TestData.database())
            .series(from: CountryCode(710), to: CountryCode(365), by: .year, origin: .icews)
        let raw = try TestData.rows("""
            SELECT verbal_cooperation, material_cooperation, verbal_conflict, material_conflict FROM icews
            WHERE source_ccode = 710 AND target_ccode = 365 AND year = 2010
            """)[0].map { Int64($0.text)! }
        let row2010 = icews.rows.first { $0[0] == .text("2010") }
        #expect(row2010?[1] == .integer(raw.reduce(0, +)))
        #expect(row2010?[3] == .integer(raw[0]) && row2010?[6] == .integer(raw[3]))
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct EventStatusTests {
    @Test func statusSummarisesTheEventFiles() throws {
        let database = try EntenteDatabase(path: nil)
        _ = try EventImportService(database: database, reference: TestData.reference)
            .importFiles(gdeltSamples.map(TestData.path))
        let report = try DatabaseStatus(database: database).report()
        let row = try #require(report.rows.first { $0[0] == .text("gdelt") })
        #expect(row[4] == .text("3 file(s)"))
        #expect(row[1] == (try database.readOnlyQuery("SELECT COUNT(*) FROM event_dyad_day").rows[0][0]))
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct PlainEventInputTests {
    /// A plain file (as the import opens it) gives the same records as the same bytes in memory read in odd-sized
    /// pieces, also for a last line without a line end, and its SHA-256 is the file's.
    @Test(arguments: gdeltSamples)
    func fileInputReadsLikeMemoryInput(_ relative: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: TestData.path(relative)))
        var bytes = [UInt8](original)
        while bytes.last == 0x0A || bytes.last == 0x0D { bytes.removeLast() }
        let url = temporaryPath("plain", suffix: ".tsv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        func records(_ input: any ByteInput) throws -> [[String]] {
            let reader = GDELTReader(path: url.path, input: input)
            reader.dyadicOnly = true
            var event = GDELTEvent()
            var rows: [[String]] = []
            while try reader.next(into: &event) {
                rows.append(reader.fields() + [String(event.isDyadic), String(event.day), String(event.goldstein),
                                               String(describing: event.tone), String(event.hostHash)])
            }
            return rows
        }
        let (file, size) = try openInput(path: url.path, checksum: true)
        #expect(file is FileInput && size == bytes.count)
        #expect(try records(file) == records(MemoryInput(bytes, chunkLimit: 97)))
        #expect(try file.finishChecksum() == FileDigest.sha256(path: url.path))
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct GDELTLineScanTests {
    /// The one-pass line and tab scan (64-byte blocks) gives the same records and the same errors for CRLF line
    /// ends, valid non-ASCII bytes, an invalid UTF-8 line, and lines cut anywhere by short reads.
    @Test func blockScanHandlesLineEndsNonASCIIAndShortReads() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: TestData.path(gdeltSamples[1])))
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { Array($0.utf8) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        var bytes: [UInt8] = []
        for (index, line) in lines.enumerated() {
            var row = line
            if index == 1, let last = row.lastIndex(of: 0x09) { row.insert(contentsOf: Array("é".utf8), at: last + 1) }
            bytes += row + (index % 2 == 0 ? [0x0D, 0x0A] : [0x0A])
            if index == 2 { bytes += [0x0A] }
        }
        // Lines with far more tabs than offsets are kept for (80): each sample row with 200 more, and one of tabs only.
        for line in lines { bytes += line + [UInt8](repeating: 0x09, count: 200) + [0x0A] }
        bytes += [UInt8](repeating: 0x09, count: 300) + [0x0A]
        var invalid = lines[0]
        invalid.insert(0xFF, at: invalid.count - 1)
        bytes += invalid + [0x0A] + lines[0]

        let url = temporaryPath("scan", suffix: ".tsv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        func records(_ input: any ByteInput) -> [String] {
            let reader = GDELTReader(path: url.path, input: input)
            reader.dyadicOnly = true
            var event = GDELTEvent()
            var rows: [String] = []
            while true {
                do {
                    guard try reader.next(into: &event) else { break }
                    rows.append(reader.fields().joined(separator: "|") + " \(event.isDyadic) \(event.id) \(event.hostHash)")
                } catch let error as FormatError {
                    rows.append("line \(error.line): \(error.reason)")
                } catch {
                    rows.append("\(error)")
                }
            }
            return rows
        }
        let expected = records(try openInput(path: url.path, checksum: true).input)
        #expect(expected.count == 2 * lines.count + 3)
        #expect(expected.filter { $0.hasSuffix("found 261") }.count == lines.count)
        #expect(expected.filter { $0.hasSuffix("found 301") }.count == 1)
        #expect(expected.contains { $0.hasSuffix("the line is not valid UTF-8") })
        #expect(!expected.contains { $0.contains("\r") })
        #expect(expected.filter { $0.contains("é") }.count == 1)
        for limit in [1, 7, 63, 64, 65, 4096] {
            #expect(records(MemoryInput(bytes, chunkLimit: limit)) == expected, "reads of \(limit) bytes")
        }
        let small = GDELTReader(path: url.path, input: MemoryInput(bytes, chunkLimit: 5), bufferSize: 64)
        var event = GDELTEvent()
        var count = 0
        while true {
            do {
                guard try small.next(into: &event) else { break }
                count += 1
            } catch is FormatError { count += 1 }
        }
        #expect(count == expected.count)
    }
}
