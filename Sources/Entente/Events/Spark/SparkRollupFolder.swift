import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation

/// One input file of a Spark roll-up, as the job's `files/` lists it.
public struct SparkRollupFile: Decodable, Hashable, Sendable {
    /// The file's place in the job's order (file name, then path).
    public var file: Int
    public var name: String
    public var path: String
    public var bytes: Int
    public var sha256: String
    /// `loaded`, or skipped because an earlier file of the job had the same bytes (`sameAs`).
    public var status: String
    public var sameAs: String?
    public var layout: String?
    public var rowsRead: Int?
    public var rowsLoaded: Int?
    public var rowsRejected: Int?
    public var dyadDays: Int?
    public var eventIDs: Int?
    public var drops: [Drop]?

    /// Rows one rule dropped.
    public struct Drop: Decodable, Hashable, Sendable {
        public var rule: String
        public var rows: Int
    }

    /// Whether the file's events are in the roll-up.
    public var isLoaded: Bool { status == "loaded" }

    enum CodingKeys: String, CodingKey {
        case file, name, path, bytes, sha256, status, layout, drops
        case sameAs = "same_as", rowsRead = "rows_read", rowsLoaded = "rows_loaded", rowsRejected = "rows_rejected"
        case dyadDays = "dyad_days", eventIDs = "event_ids"
    }
}

/// The totals the job writes last: a roll-up without them did not finish.
public struct SparkRollupManifest: Decodable, Hashable, Sendable {
    /// `running` from the job's start, `complete` once everything else is written.
    public var status: String
    public var format: Int
    public var files: Int
    public var loadedFiles: Int
    public var dyadDays: Int
    public var eventIDs: Int
    public var rejects: Int
    public var inputBytes: Int
    public var seconds: Double
    public var sparkVersion: String

    enum CodingKeys: String, CodingKey {
        case status, format, files, rejects, seconds
        case loadedFiles = "loaded_files", dyadDays = "dyad_days", eventIDs = "event_ids", inputBytes = "input_bytes"
        case sparkVersion = "spark_version"
    }
}

/// Whether the job finished.
struct SparkRollupState: Decodable {
    var status: String
}

/// A line set aside by a keep-going job.
struct SparkRollupReject: Decodable {
    var file: Int
    var line: Int
    var column: String?
    var value: String?
    var reason: String
}

/// The output folder of a Spark roll-up job: its description, its files and totals, and streams over its roll-up
/// rows and event IDs in file order.
public struct SparkRollupFolder: Sendable {
    public let path: String
    public let job: SparkJobDescription
    public let files: [SparkRollupFile]
    public let manifest: SparkRollupManifest

    /// Reads the folder's description, file list and totals; throws if the job did not finish or the parts
    /// disagree.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(path: path, message: "no such roll-up folder (the --out folder of `entente events spark-run`)")
        }
        let states = try Self.jsonLines(path, "manifest", as: SparkRollupState.self)
        guard let state = states.first, state.status == "complete" else {
            throw InputError(path: path, message: "the Spark job writing this roll-up did not finish (its manifest/ is "
                             + "\(states.first.map { "'\($0.status)'" } ?? "missing")): run it again")
        }
        guard let manifest = try Self.jsonLines(path, "manifest", as: SparkRollupManifest.self).first else {
            throw InputError(path: path, message: "the roll-up has no manifest/")
        }
        self.manifest = manifest
        guard let job = try Self.jsonLines(path, "job", as: SparkJobDescription.self).first else {
            throw InputError(path: path, message: "the roll-up has no job/ description")
        }
        self.job = job
        files = try Self.jsonLines(path, "files", as: SparkRollupFile.self).sorted { $0.file < $1.file }
        guard files.count == manifest.files, files.enumerated().allSatisfy({ $0.offset == $0.element.file }),
              files.filter(\.isLoaded).count == manifest.loadedFiles,
              files.compactMap(\.dyadDays).reduce(0, +) == manifest.dyadDays,
              files.compactMap(\.eventIDs).reduce(0, +) == manifest.eventIDs else {
            throw InputError(path: path, message: "the roll-up's files/ do not add up to its manifest: parts of two runs mixed? Run the job again into an empty folder")
        }
    }

    /// The part files of one output folder, in order.
    static func parts(_ root: String, _ folder: String, suffix: String) throws -> [String] {
        let directory = (root as NSString).appendingPathComponent(folder)
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("part-") && $0.hasSuffix(suffix) }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    static func jsonLines<T: Decodable>(_ root: String, _ folder: String, as type: T.Type) throws -> [T] {
        let decoder = JSONDecoder()
        var values: [T] = []
        for part in try parts(root, folder, suffix: "") where !part.hasSuffix(".crc") {
            let text = try String(contentsOfFile: part, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                do {
                    values.append(try decoder.decode(T.self, from: Data(line.utf8)))
                } catch {
                    throw FormatError(path: part, line: number + 1, reason: "not a \(folder) line of an Entente roll-up: \(error)")
                }
            }
        }
        return values
    }

    /// The lines the job set aside, by file.
    func rejects() throws -> [Int: [RejectedRow]] {
        var byFile: [Int: [RejectedRow]] = [:]
        for reject in try Self.jsonLines(path, "rejects", as: SparkRollupReject.self) {
            byFile[reject.file, default: []].append(RejectedRow(line: reject.line, column: reject.column, value: reject.value,
                                                                reason: reject.reason))
        }
        return byFile
    }

    /// The roll-up rows in file then key order.
    func rows() throws -> SparkRollupRows { try SparkRollupRows(parts: Self.parts(path, "rollup", suffix: ".csv")) }

    /// The counted event IDs in file then ID order.
    func eventIDs() throws -> SparkRollupIDs { try SparkRollupIDs(parts: Self.parts(path, "event_ids", suffix: ".csv")) }
}

/// CSV part files read one after another, header checked.
final class SparkCSVParts {
    private let parts: [String]
    private let header: [String]
    private var next = 0
    private(set) var reader: DelimitedReader?

    init(parts: [String], header: [String]) {
        self.parts = parts
        self.header = header
    }

    /// Moves to the next record of any part; `false` after the last.
    func nextRecord() throws -> Bool {
        while true {
            if let reader, try reader.nextRecord() { return true }
            guard next < parts.count else { return false }
            let path = parts[next]
            next += 1
            let opened = DelimitedReader(path: path, input: try openInput(path: path).input)
            guard try opened.nextRecord() else { reader = nil; continue }
            guard try opened.strings() == header else {
                throw FormatError(path: path, line: 1, reason: "expected the header \(header.joined(separator: ","))")
            }
            reader = opened
        }
    }

    func integer(_ index: Int, _ name: String) throws -> Int64 {
        guard let reader else { return 0 }
        let text = try reader.string(index)
        guard let value = Int64(text) else {
            throw FormatError(path: reader.path, line: reader.line, column: name, value: text, reason: "not a whole number")
        }
        return value
    }

    func real(_ index: Int, _ name: String) throws -> Double {
        guard let reader else { return 0 }
        let text = try reader.string(index)
        guard let value = Double(text) else {
            throw FormatError(path: reader.path, line: reader.line, column: name, value: text, reason: "not a number")
        }
        return value
    }

    var location: String { reader.map { "\($0.path):\($0.line)" } ?? "the roll-up" }
}

/// One dyad-day of one input file.
struct SparkRollupRow {
    var file: Int
    var key: DyadDay
    var tally: EventTally
    /// Ascending.
    var hosts: [UInt64]
}

/// The rows of `rollup/`, checked to be in file then key order.
final class SparkRollupRows {
    static let header = ["file", "source", "target", "day", "events", "mentions", "events_q1", "events_q2", "events_q3",
                         "events_q4", "mentions_q1", "mentions_q2", "mentions_q3", "mentions_q4", "goldstein_sum",
                         "tone_sum", "toned_events", "hosts"]
    private let csv: SparkCSVParts
    private var pending: SparkRollupRow?
    private var last: (Int, UInt64) = (-1, 0)

    init(parts: [String]) throws { csv = SparkCSVParts(parts: parts, header: Self.header) }

    /// The next row without taking it.
    func peek() throws -> SparkRollupRow? {
        if pending == nil { pending = try read() }
        return pending
    }

    /// Takes the next row.
    func take() throws -> SparkRollupRow? {
        let row = try peek()
        pending = nil
        return row
    }

    private func read() throws -> SparkRollupRow? {
        guard try csv.nextRecord() else { return nil }
        let file = Int(try csv.integer(0, "file"))
        let key = DyadDay(source: CountryCode(Int(try csv.integer(1, "source"))), target: CountryCode(Int(try csv.integer(2, "target"))),
                          day: Int(try csv.integer(3, "day")))
        guard (file, key.packed) > last else {
            throw InputError(path: csv.location, message: "the roll-up rows are not in file and dyad-day order: was rollup/ written by the job?")
        }
        last = (file, key.packed)
        var tally = EventTally()
        tally.events = Int(try csv.integer(4, "events"))
        tally.mentions = Int(try csv.integer(5, "mentions"))
        for quad in 0..<4 {
            tally.eventsByQuad[quad] = Int(try csv.integer(6 + quad, "events_q\(quad + 1)"))
            tally.mentionsByQuad[quad] = Int(try csv.integer(10 + quad, "mentions_q\(quad + 1)"))
        }
        tally.goldsteinSum = try csv.real(14, "goldstein_sum")
        tally.toneSum = try csv.real(15, "tone_sum")
        tally.tonedEvents = Int(try csv.integer(16, "toned_events"))
        var hosts: [UInt64] = []
        let text = try csv.reader!.string(17)
        for part in text.split(separator: " ") {
            guard let value = Int64(part) else {
                throw FormatError(path: csv.reader!.path, line: csv.reader!.line, column: "hosts", value: String(part),
                                  reason: "not a host hash")
            }
            hosts.append(UInt64(bitPattern: value))
        }
        hosts.sort()
        return SparkRollupRow(file: file, key: key, tally: tally, hosts: hosts)
    }
}

/// The rows of `event_ids/`, checked to be in file then ID order.
final class SparkRollupIDs {
    private let csv: SparkCSVParts
    private var pending: (file: Int, id: Int64)?
    private var last: (Int, Int64) = (-1, 0)

    init(parts: [String]) throws { csv = SparkCSVParts(parts: parts, header: ["file", "id"]) }

    func peek() throws -> (file: Int, id: Int64)? {
        if pending == nil, try csv.nextRecord() {
            let row = (file: Int(try csv.integer(0, "file")), id: try csv.integer(1, "id"))
            guard (row.file, row.id) > last else {
                throw InputError(path: csv.location, message: "the event IDs are not in file and ID order: was event_ids/ written by the job?")
            }
            last = (row.file, row.id)
            pending = row
        }
        return pending
    }

    func take() throws -> (file: Int, id: Int64)? {
        let row = try peek()
        pending = nil
        return row
    }
}
