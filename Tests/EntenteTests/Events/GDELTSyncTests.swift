import Entente
import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Python's `http.server` on a free loopback port, serving one folder and logging each request to a file.
final class LocalHTTPServer {
    let process: Process
    let port: Int
    let logPath: String

    var baseURL: String { "http://127.0.0.1:\(port)/" }

    init(directory: String, logPath: String) async throws {
        self.logPath = logPath
        for _ in 0..<20 {
            let port = Int.random(in: 20_000..<60_000)
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // -u: unbuffered, so each request is in the log as soon as it is served.
            process.arguments = ["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", String(port), "--directory", directory]
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardError = log
            process.standardOutput = log
            try process.run()
            if await Self.waitUntilAnswering(port: port, process: process, logPath: logPath) {
                self.process = process
                self.port = port
                return
            }
            // The port was taken (the server exited) or it never answered: try another one.
            Self.kill(process)
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "could not start python3 -m http.server on a free port"])
    }

    /// True once our server has bound the port (its banner is in the log, so a reply cannot come from some
    /// other program already on that port) and answers a request.
    private static func waitUntilAnswering(port: Int, process: Process, logPath: String) async -> Bool {
        let url = URL(string: "http://127.0.0.1:\(port)/")!
        for _ in 0..<100 {
            guard process.isRunning else { return false }
            let banner = (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("Serving HTTP on") ?? false
            if banner, let (_, response) = try? await URLSession.shared.data(from: url),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                return true
            }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return false
    }

    /// The paths of the GET requests served so far, in order, without the start-up probes of `/`.
    func requestedPaths() throws -> [String] {
        let text = try String(contentsOfFile: logPath, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "\"GET ") else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }.filter { $0 != "/" }
    }

    func stop() { Self.kill(process) }

    /// SIGKILL, not `terminate()`: children of the test runner inherit a signal mask blocking SIGTERM and SIGINT,
    /// so a politely asked server would never exit and `waitUntilExit()` would hang.
    static func kill(_ process: Process) {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Collects what the sync hands to the importer; the lock makes the test's closure Sendable.
final class ImportRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [[String]] = []
    private var reports: [GDELTSyncProgress] = []

    func record(_ paths: [String]) { lock.withLock { calls.append(paths) } }
    func record(_ progress: GDELTSyncProgress) { lock.withLock { reports.append(progress) } }
    var importCalls: [[String]] { lock.withLock { calls } }
    var progressReports: [GDELTSyncProgress] { lock.withLock { reports } }
}

@Suite struct GDELTSyncTests {
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments) failed"])
        }
    }

    /// A small zip holding one tab-separated GDELT-like file, made with the system's zip.
    /// A fresh temporary folder with `served` (what the test server offers) and the path for `local` downloads.
    static func workspace() throws -> (root: String, served: String, local: String) {
        let root = temporaryPath("sync").path
        let served = (root as NSString).appendingPathComponent("served")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        return (root, served, (root as NSString).appendingPathComponent("local"))
    }

    static func makeZip(named name: String, in folder: String, rows: Int) throws {
        let inner = (folder as NSString).appendingPathComponent(String(name.dropLast(4)))
        let text = (0..<rows).map { "\(1_000_000 + $0)\t20240102\tCHN\tRUS\t042\t\(name)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: inner))
        try run("/usr/bin/zip", ["-q", "-j", "-X", (folder as NSString).appendingPathComponent(name), inner])
        try FileManager.default.removeItem(atPath: inner)
    }

    static func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber).int64Value
    }

    static func modified(_ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
    }

    @Test func masterListURLAndSources() throws {
        let since = CalendarDate(year: 2024, month: 1, day: 2)
        let plain = GDELTSync(baseURL: URL(string: "http://mirror.example/gdeltv2")!, directory: "/tmp/x", since: since) { _ in }
        #expect(plain.masterListURL.absoluteString == "http://mirror.example/gdeltv2/masterfilelist.txt")
        #expect(GDELTSync(directory: "/tmp/x", since: since) { _ in }.masterListURL.absoluteString
            == "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt")
        let entry = try #require(try GDELTMasterList.parse(
            text: "1 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20240102000000.export.CSV.zip",
            source: "list").first)
        #expect(plain.sourceURL(entry).absoluteString == entry.url)
        let mirror = GDELTSync(baseURL: URL(string: "http://mirror.example/g/")!, directory: "/tmp/x", since: since,
                               filesFromBase: true) { _ in }
        #expect(mirror.sourceURL(entry).absoluteString == "http://mirror.example/g/20240102000000.export.CSV.zip")
        #expect(plain.localPath(entry) == "/tmp/x/20240102000000.export.CSV.zip")
    }

    @Test func syncAgainstLocalServer() async throws {
        let manager = FileManager.default
        let (root, served, local) = try Self.workspace()
        defer { try? manager.removeItem(atPath: root) }

        let before = "20240101234500.export.CSV.zip"   // before --since: never fetched
        let first = "20240102000000.export.CSV.zip"
        let badMD5 = "20240102001500.export.CSV.zip"   // listed with a wrong MD5
        let third = "20240102003000.export.CSV.zip"
        let absent = "20240102004500.export.CSV.zip"   // listed but not on the server: HTTP 404
        let mentions = "20240102000000.mentions.CSV.zip"
        let gkg = "20240102000000.gkg.csv.zip"
        for (index, name) in [before, first, badMD5, third, mentions, gkg].enumerated() {
            try Self.makeZip(named: name, in: served, rows: 50 + index * 40)
        }

        let server = try await LocalHTTPServer(directory: served, logPath: (root as NSString).appendingPathComponent("server.log"))
        defer { server.stop() }

        func line(_ name: String, md5: String? = nil, size: Int64? = nil) throws -> String {
            let path = (served as NSString).appendingPathComponent(name)
            return "\(try size ?? Self.size(path)) \(try md5 ?? FileDigest.md5(path: path)) \(server.baseURL)\(name)"
        }
        let wrongMD5 = "0123456789abcdef0123456789abcdef"
        // Out of time order, to check that the importer still gets time order.
        let list = [
            try line(third), try line(before), try line(mentions), try line(first),
            try line(badMD5, md5: wrongMD5), try line(gkg), try line(absent, md5: wrongMD5, size: 10),
        ].joined(separator: "\n") + "\n"
        try Data(list.utf8).write(to: URL(fileURLWithPath: (served as NSString).appendingPathComponent("masterfilelist.txt")))

        let recorder = ImportRecorder()
        let sync = GDELTSync(baseURL: URL(string: server.baseURL)!, directory: local,
                             since: CalendarDate(year: 2024, month: 1, day: 2), concurrentDownloads: 2) { paths in
            recorder.record(paths)
        }
        func path(_ name: String) -> String { (local as NSString).appendingPathComponent(name) }

        // First run: the two good files after `since` arrive; the bad one and the absent one are reported.
        let summary = try await sync.run { recorder.record($0) }
        #expect(summary.listed == 5)
        #expect(summary.selected == 4)
        #expect(summary.alreadyPresent == 0)
        #expect(summary.downloaded == 2)
        #expect(summary.bytesDownloaded == (try Self.size(path(first))) + (try Self.size(path(third))))
        #expect(summary.failed.map(\.url) == [server.baseURL + badMD5, server.baseURL + absent])
        let badReason = try #require(summary.failed.first?.reason)
        let actualMD5 = try FileDigest.md5(path: (served as NSString).appendingPathComponent(badMD5))
        #expect(badReason.contains(wrongMD5) && badReason.contains(actualMD5), "\(badReason)")
        #expect(summary.failed.last?.reason.contains("404") == true, "\(summary.failed)")
        #expect(summary.imported == [path(first), path(third)])
        #expect(recorder.importCalls == [[path(first), path(third)]])
        #expect(try manager.contentsOfDirectory(atPath: local).sorted() == [first, third])
        for name in [first, third] {
            #expect(try FileDigest.md5(path: path(name)) == FileDigest.md5(path: (served as NSString).appendingPathComponent(name)))
        }
        let requests = try server.requestedPaths()
        #expect(requests.first == "/masterfilelist.txt")
        #expect(Set(requests.dropFirst()) == Set(["/" + first, "/" + badMD5, "/" + third, "/" + absent]))
        #expect(requests.count == 5)
        let reports = recorder.progressReports
        #expect(reports.first?.filesDone == 0)
        #expect(reports.last?.filesDone == 4 && reports.last?.filesTotal == 4)
        #expect(reports.last?.bytesDownloaded == summary.bytesDownloaded)

        // Second run: nothing verified is fetched again (server log and mtimes); the failures are retried.
        let stamps = try [first, third].map { try Self.modified(path($0)) }
        let second = try await sync.run()
        #expect(second.alreadyPresent == 2)
        #expect(second.downloaded == 0)
        #expect(second.bytesDownloaded == 0)
        #expect(second.failed.count == 2)
        #expect(second.imported == [path(first), path(third)])
        let again = Array(try server.requestedPaths().dropFirst(requests.count))
        #expect(again.first == "/masterfilelist.txt")
        #expect(Set(again.dropFirst()) == Set(["/" + badMD5, "/" + absent]))
        #expect(try [first, third].map { try Self.modified(path($0)) } == stamps)
        #expect(try manager.contentsOfDirectory(atPath: local).sorted() == [first, third])

        // Resume after damage: a leftover part file and a local copy corrupted in place (same size) are
        // replaced; the intact file is still not fetched again.
        let partLeftover = path(first) + ".part"
        try Data("interrupted".utf8).write(to: URL(fileURLWithPath: partLeftover))
        var damaged = try Data(contentsOf: URL(fileURLWithPath: path(third)))
        damaged[damaged.count / 2] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: path(third)))
        let logged = try server.requestedPaths().count
        let third_ = try await sync.run()
        #expect(third_.alreadyPresent == 1)
        #expect(third_.downloaded == 1)
        #expect(try FileDigest.md5(path: path(third)) == FileDigest.md5(path: (served as NSString).appendingPathComponent(third)))
        #expect(Set(try server.requestedPaths().dropFirst(logged)) == Set(["/masterfilelist.txt", "/" + third, "/" + badMD5, "/" + absent]))
        #expect(try manager.contentsOfDirectory(atPath: local).sorted() == [first, third])
        #expect(recorder.importCalls.count == 3)

        // A missing master list stops the sync before anything is fetched or imported.
        let nowhere = GDELTSync(baseURL: URL(string: server.baseURL + "nowhere/")!, directory: local,
                                since: CalendarDate(year: 2024, month: 1, day: 2)) { _ in Issue.record("imported without a list") }
        await #expect(throws: GDELTSyncError.self) { try await nowhere.run() }
    }

    @Test func importFailureKeepsVerifiedFiles() async throws {
        let manager = FileManager.default
        let (root, served, local) = try Self.workspace()
        defer { try? manager.removeItem(atPath: root) }
        let name = "20240301000000.export.CSV.zip"
        try Self.makeZip(named: name, in: served, rows: 10)
        // A file:// base needs no server: the sync only relies on URLSession.
        let file = (served as NSString).appendingPathComponent(name)
        let list = "\(try Self.size(file)) \(try FileDigest.md5(path: file)) \(name)\n"
        try Data(list.utf8).write(to: URL(fileURLWithPath: (served as NSString).appendingPathComponent("masterfilelist.txt")))
        struct Refused: Error {}
        let sync = GDELTSync(baseURL: URL(fileURLWithPath: served + "/"), directory: local,
                             since: CalendarDate(year: 2024, month: 3, day: 1)) { _ in throw Refused() }
        do {
            _ = try await sync.run()
            Issue.record("the import error was swallowed")
        } catch GDELTSyncError.importFailed(let summary, let underlying) {
            #expect(underlying is Refused)
            #expect(summary.downloaded == 1)
            #expect(summary.imported == [(local as NSString).appendingPathComponent(name)])
        }
        #expect(try manager.contentsOfDirectory(atPath: local) == [name])
    }
}
