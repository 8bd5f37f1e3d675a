import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

@Suite struct GDELTMasterListTests {
    static let list = """
        150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip
        318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip
        10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip
        149211 2A7F4F1E6E2AF3F3D2E4BB8B0C0B6F35 http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip\r

        """

    @Test func parsesEveryKindWithTimestamps() throws {
        let entries = try GDELTMasterList.parse(text: Self.list, source: "masterfilelist.txt")
        #expect(entries.map(\.kind) == [.export, .mentions, .gkg, .export])
        #expect(entries.map(\.line) == [1, 2, 3, 4])
        let first = entries[0]
        #expect(first.size == 150383)
        #expect(first.md5 == "297a16b493de7cf6ca809a7cc31d0b93")
        #expect(first.url == "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip")
        #expect(first.fileName == "20150218230000.export.CSV.zip")
        #expect(first.timestamp == GDELTTimestamp(year: 2015, month: 2, day: 18, hour: 23, minute: 0, second: 0))
        #expect(first.timestamp?.date == CalendarDate(year: 2015, month: 2, day: 18))
        #expect(first.timestamp?.description == "20150218230000")
        // Upper-case MD5s are normalised; the CR of a CRLF line end is not part of the URL.
        #expect(entries[3].md5 == "2a7f4f1e6e2af3f3d2e4bb8b0c0b6f35")
        #expect(entries[3].fileName == "20150218231500.export.CSV.zip")
        #expect(entries[0].timestamp! < entries[3].timestamp!)
    }

    @Test func selectsExportsOnlyButChecksAllLines() throws {
        let exports = try GDELTMasterList.parse(Data(Self.list.utf8), source: "list", kinds: [.export])
        #expect(exports.map(\.fileName) == ["20150218230000.export.CSV.zip", "20150218231500.export.CSV.zip"])
        #expect(exports.map(\.line) == [1, 4])
        // A damaged mentions line still fails a parse that only wants exports.
        let damaged = Self.list + "318084 nothex http://data.gdeltproject.org/gdeltv2/20150218231500.mentions.CSV.zip\n"
        #expect(throws: FormatError.self) { try GDELTMasterList.parse(text: damaged, source: "list", kinds: [.export]) }
    }

    @Test func kindsFromNames() {
        #expect(GDELTFileKind(fileName: "20150218230000.translation.export.CSV.zip") == .export)
        #expect(GDELTFileKind(fileName: "20150218230000.mentions.CSV.zip") == .mentions)
        #expect(GDELTFileKind(fileName: "20150218230000.gkg.csv.zip") == .gkg)
        #expect(GDELTFileKind(fileName: "masterfilelist.txt") == .other)
    }

    @Test func timestampsAreValidated() {
        #expect(GDELTTimestamp(fileName: "20150218230000.export.CSV.zip") != nil)
        #expect(GDELTTimestamp(fileName: "20150230230000.export.CSV.zip") == nil)  // 30 February
        #expect(GDELTTimestamp(fileName: "20150218240000.export.CSV.zip") == nil)  // hour 24
        #expect(GDELTTimestamp(fileName: "2015021823000.export.CSV.zip") == nil)   // 13 digits
        #expect(GDELTTimestamp(fileName: "201502182300001.export.CSV.zip") == nil) // 15 digits
        #expect(GDELTTimestamp(fileName: "20150218230000") != nil)
    }

    func failure(_ text: String) -> FormatError? {
        do {
            _ = try GDELTMasterList.parse(text: text, source: "masterfilelist.txt")
            return nil
        } catch let error as FormatError {
            return error
        } catch {
            return nil
        }
    }

    @Test func malformedLinesNameTheLine() throws {
        let good = "150383 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/20150218230000.export.CSV.zip\n"
        let cases: [(String, String?)] = [
            ("297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/20150218231500.export.CSV.zip", nil),
            ("15x383 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/20150218231500.export.CSV.zip", "size"),
            ("-1 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/20150218231500.export.CSV.zip", "size"),
            ("99999999999999999999 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/20150218231500.export.CSV.zip", "size"),
            ("150383 297a16b493de7cf6ca809a7cc31d0b9 http://h/gdeltv2/20150218231500.export.CSV.zip", "md5"),
            ("150383 297a16b493de7cf6ca809a7cc31d0bzz http://h/gdeltv2/20150218231500.export.CSV.zip", "md5"),
            ("150383 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/", "url"),
            ("150383 297a16b493de7cf6ca809a7cc31d0b93 http://h/gdeltv2/latest.export.CSV.zip", "url"),
            ("150383 297a16b493de7cf6ca809a7cc31d0b93 http://h/a.zip extra", nil),
        ]
        for (line, column) in cases {
            // Line 3: a good line and a blank line come first, so the count includes blank lines.
            let error = try #require(failure(good + "\n" + line + "\n" + good), "accepted: \(line)")
            #expect(error.line == 3, "\(line)")
            #expect(error.column == column, "\(line)")
            #expect(error.path == "masterfilelist.txt")
            #expect(error.description.hasPrefix("masterfilelist.txt:3"))
        }
    }

    @Test func emptyListHasNoEntries() throws {
        #expect(try GDELTMasterList.parse(text: "", source: "x").isEmpty)
        #expect(try GDELTMasterList.parse(text: "\n\r\n  \n", source: "x").isEmpty)
    }

    @Test func md5OfKnownText() throws {
        let folder = temporaryPath("md5")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let abc = folder.appendingPathComponent("abc").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: abc))
        #expect(try FileDigest.md5(path: abc) == "900150983cd24fb0d6963f7d28e17f72")
        // SHA-256 is unchanged by the shared digest loop.
        #expect(try FileDigest.sha256(path: abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = folder.appendingPathComponent("empty").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try FileDigest.md5(path: empty) == "d41d8cd98f00b204e9800998ecf8427e")
        // Larger than one 1 MiB read.
        let big = folder.appendingPathComponent("big").path
        try Data(repeating: 0x61, count: 3 << 20).write(to: URL(fileURLWithPath: big))
        let expected = try shell("/usr/bin/md5sum", [big]).split(separator: " ").first.map(String.init)
        #expect(try FileDigest.md5(path: big) == expected)
    }

    func shell(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
