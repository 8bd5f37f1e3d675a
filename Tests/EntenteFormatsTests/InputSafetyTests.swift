#if canImport(Glibc)
import Glibc
#endif
import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

/// A temporary file of `count` zero bytes, sparse: no line end anywhere, and no disk used.
func zeroFile(_ count: Int, in folder: URL) throws -> String {
    let path = try writeFixture("", name: "zeros.csv", in: folder)
    #expect(truncate(path, off_t(count)) == 0)
    return path
}

/// A GDELT 1.0 line with only its ID and day (58 columns, no actors): read, and passed over as not dyadic.
let bareEventLine = (0..<58).map { $0 == 0 ? "1" : $0 == 1 ? "20160728" : "" }.joined(separator: "\t")

/// Rows of a small CSV, enough that a reader is mid-file after its first buffer.
func csvFixture(rows: Int, in folder: URL) throws -> String {
    try writeFixture("ccode,year,cinc\n" + (1...rows).map { "\($0),1900,0.\($0)\n" }.joined(), name: "rows.csv", in: folder)
}

@Suite(.timeLimit(.minutes(1)))
struct InputSafetyTests {
    /// A record over the limit is an error naming its line, whether it is whole in the buffer or still growing it
    /// (then memory stops growing with it).
    @Test(arguments: [(1 << 20, Int.max), (64, 50)])
    func aRecordLongerThanTheLimitIsAnErrorNamingItsLine(buffer: Int, chunk: Int) throws {
        let long = String(repeating: "x", count: 300)
        func read(_ text: String) throws -> [String] {
            let reader = DelimitedReader(path: "limit.csv", input: MemoryInput(Array(text.utf8), chunkLimit: chunk),
                                         bufferSize: buffer, maxRecordLength: 200)
            var fields: [String] = []
            while try reader.nextRecord() { fields += try reader.strings() }
            return fields
        }
        #expect(try read("a,b\n\(long.prefix(190)),1\n").count == 4, "a record under the limit")
        #expect {
            _ = try read("a,b\n1,2\n\(long),3\n4,5\n")
        } throws: { error in
            "\(error)".hasPrefix("limit.csv:3: the record has more than 200 bytes")
                || "\(error)".hasPrefix("limit.csv: line 3: a record runs past 200 bytes without ending")
        }
    }

    /// Under keep-going a GDELT line over the limit is set aside and the next line is read, with its own number.
    @Test func aGDELTLineOverTheLimitIsSkippedWhole() throws {
        let line = bareEventLine
        let text = [line, line + String(repeating: "u", count: 400), line].joined(separator: "\n") + "\n"
        let reader = GDELTReader(path: "events.tsv", input: MemoryInput(Array(text.utf8)), maxRecordLength: 300)
        reader.dyadicOnly = true
        var event = GDELTEvent()
        var outcomes: [String] = []
        while true {
            do {
                guard try reader.next(into: &event) else { break }
                outcomes.append("\(reader.line) read")
            } catch let error as FormatError {
                outcomes.append("\(error.line) \(error.reason.prefix(34))")
            }
        }
        #expect(outcomes == ["1 read", "2 the record has more than 300 bytes", "3 read"])
    }

    /// Under keep-going a record that runs past the limit is passed over to its line end and reported as a
    /// record to set aside, whether it was whole in the buffer or kept growing it; the records after it are read.
    @Test(arguments: [(1 << 20, Int.max), (64, 50)])
    func underKeepGoingAnOverlongRecordIsPassedOver(buffer: Int, chunk: Int) throws {
        let text = "a,b\n1,2\n" + String(repeating: "x", count: 5000) + ",3\n4,5\n"
        let reader = DelimitedReader(path: "limit.csv", input: MemoryInput(Array(text.utf8), chunkLimit: chunk),
                                     bufferSize: buffer, maxRecordLength: 200)
        reader.skipsOverlongRecords = true
        var outcomes: [String] = []
        while true {
            do {
                guard try reader.nextRecord() else { break }
                outcomes.append("\(reader.line) " + (try reader.strings()).joined(separator: ","))
            } catch let error as FormatError {
                outcomes.append("\(error.line) \(error.isOverlongRecord ? "passed over" : error.reason)")
            }
        }
        #expect(outcomes == ["1 a,b", "2 1,2", "3 passed over", "4 4,5"])
    }

    /// The same for a GDELT line longer than the reader's whole buffer.
    @Test func underKeepGoingAGDELTLineLongerThanTheBufferIsPassedOver() throws {
        let line = bareEventLine
        let text = [line, line + String(repeating: "u", count: 5000), line].joined(separator: "\n") + "\n"
        let reader = GDELTReader(path: "events.tsv", input: MemoryInput(Array(text.utf8), chunkLimit: 100), bufferSize: 1024,
                                 maxRecordLength: 300)
        reader.dyadicOnly = true
        reader.skipsOverlongRecords = true
        var event = GDELTEvent()
        var outcomes: [String] = []
        while true {
            do {
                guard try reader.next(into: &event) else { break }
                outcomes.append("\(reader.line) read")
            } catch let error as FormatError {
                outcomes.append("\(error.line) \(error.isOverlongRecord ? "passed over" : error.reason)")
            }
        }
        #expect(outcomes == ["1 read", "2 passed over", "3 read"])
    }

    /// 64 MiB of zeros with no line end: both readers stop near the limit (1 MiB), not at the end of the file.
    @Test func aFileWithoutLineEndsFailsAfterTheLimitNotAtItsEnd() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try zeroFile(64 << 20, in: folder)
        let (csv, _) = try openInput(path: path)
        let reader = DelimitedReader(path: path, input: csv)
        #expect { _ = try reader.nextRecord() } throws: { "\($0)".hasPrefix("\(path): line 1: a record runs past") }
        #expect(csv.bytesConsumed <= 4 << 20)
        let (events, _) = try openInput(path: path)
        let gdelt = GDELTReader(path: path, input: events)
        var event = GDELTEvent()
        #expect {
            _ = try gdelt.next(into: &event)
        } throws: { error in
            "\(error)".hasPrefix("\(path): line 1: a record runs past 1048576 bytes without ending")
        }
        #expect(events.bytesConsumed <= 8 << 20)
    }

    @Test func devicesFIFOsAndFoldersAreRefusedWithoutWaiting() throws {
        let fifo = temporaryPath("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        for path in ["/dev/zero", fifo] {
            #expect { _ = try FileInput(path: path) } throws: { "\($0)".contains("\(path): is not a regular file") }
            #expect { _ = try FileDigest.sha256(path: path) } throws: { "\($0)".contains("not a regular file") }
            #expect { _ = try openInput(path: path) } throws: { "\($0)".contains("not a regular file") }
        }
        #expect { _ = try FileInput(path: FileManager.default.temporaryDirectory.path) } throws: { "\($0)".contains("is a folder") }
    }

    @Test func aFileReadWholeIsRefusedPastItsLimitAndWhenNotRegular() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("{\"a\": 1}\n", name: "small.json", in: folder)
        #expect(try FileInput.contents(of: path, limit: 100) == Array("{\"a\": 1}\n".utf8))
        #expect { _ = try FileInput.contents(of: path, limit: 5) } throws: { "\($0)".contains("is 9 bytes, more than the 5") }
        #expect { _ = try FileInput.contents(of: "/dev/zero", limit: 100) } throws: { "\($0)".contains("not a regular file") }
    }

    /// The file is cut to a third after the reader's first buffer: the read ends in an error naming the file, never
    /// a crash or a silently shorter read. (A mapped file crashed here with SIGBUS.)
    @Test func aFileTruncatedWhileItIsReadIsAnError() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try csvFixture(rows: 300_000, in: folder)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let (input, _) = try openInput(path: path, checksum: true)
        let reader = DelimitedReader(path: path, input: input)
        #expect(try reader.nextRecord())
        #expect(truncate(path, off_t(size / 3)) == 0)
        #expect {
            while try reader.nextRecord() {}
        } throws: { error in
            "\(error)".contains("\(path): the file changed while it was read (\(size) bytes when opened, \(size / 3) now")
        }
    }

    /// The same for a GDELT file, and for a file that grows: the reader must not take part of an append for the end.
    @Test func aGDELTFileTruncatedOrGrownWhileItIsReadIsAnError() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = bareEventLine + "\n"
        let path = try writeFixture(String(repeating: line, count: 200_000), name: "events.tsv", in: folder)
        let size = line.utf8.count * 200_000
        for change in ["truncate", "append"] {
            let (input, _) = try openInput(path: path)
            let reader = GDELTReader(path: path, input: input)
            reader.dyadicOnly = true
            var event = GDELTEvent()
            #expect(try reader.next(into: &event))
            if change == "truncate" {
                #expect(truncate(path, off_t(size / 2)) == 0)
            } else {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(line.utf8))
                try handle.close()
            }
            #expect {
                while try reader.next(into: &event) {}
            } throws: { error in
                "\(error)".contains("\(path): the file changed while it was read")
            }
            try Data(String(repeating: line, count: 200_000).utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Through the dataset reader, as `import` reads: the file is cut while rows are being stored.
    @Test func aDatasetFileTruncatedDuringTheImportIsAnError() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try csvFixture(rows: 300_000, in: folder)
        let definition = DatasetDefinition(
            id: "fixture-rows", title: "fixture rows", source: "test", key: NaturalKey("ccode"),
            layouts: [FileLayout("rows", columns: [SourceColumn("ccode", .integer), SourceColumn("year", .integer),
                                                   SourceColumn("cinc", .real)])], knownPaths: [])
        var stored = 0
        #expect {
            _ = try DatasetReader(definition: definition, crosswalk: fixtureCrosswalk).read(path: path) { _ in
                stored += 1
                if stored == 10 { #expect(truncate(path, 100) == 0) }
            }
        } throws: { error in
            "\(error)".contains("the file changed while it was read")
        }
    }
}
