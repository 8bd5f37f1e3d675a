import EntenteCore

/// What a GDELT 2.0 file holds, from its name.
public enum GDELTFileKind: String, Hashable, Sendable, CaseIterable {
    /// `YYYYMMDDHHMMSS.export.CSV.zip`: the events table (also the `.translation.export.CSV.zip` feed).
    case export
    /// `YYYYMMDDHHMMSS.mentions.CSV.zip`: one row per article mentioning an event.
    case mentions
    /// `YYYYMMDDHHMMSS.gkg.csv.zip`: the Global Knowledge Graph.
    case gkg
    /// Any other file name.
    case other

    /// The kind a file name denotes; the suffix is matched without regard to case.
    public init(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".export.csv.zip") { self = .export }
        else if name.hasSuffix(".mentions.csv.zip") { self = .mentions }
        else if name.hasSuffix(".gkg.csv.zip") { self = .gkg }
        else { self = .other }
    }
}

/// The UTC moment a GDELT 2.0 file covers, from the `YYYYMMDDHHMMSS` at the start of its name.
public struct GDELTTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// Creates a timestamp; `init?(fileName:)` is the validating parser.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Reads the 14 digits that open a GDELT file name (`20150218230000.export.CSV.zip`); `nil` when the name
    /// does not start with 14 digits followed by `.` or the end, or when they are not a real date and time.
    public init?(fileName: String) {
        let bytes = Array(fileName.utf8.prefix(15))
        guard bytes.count >= 14, bytes[..<14].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // A 15th digit would make this some other number, not a timestamp.
        if bytes.count == 15 && bytes[14] != UInt8(ascii: ".") { return nil }
        func number(_ start: Int, _ count: Int) -> Int {
            bytes[start..<start + count].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        self.init(year: number(0, 4), month: number(4, 2), day: number(6, 2),
                  hour: number(8, 2), minute: number(10, 2), second: number(12, 2))
        guard date.isValid, hour < 24, minute < 60, second < 60 else { return nil }
    }

    /// The calendar day (UTC) of the timestamp.
    public var date: CalendarDate { CalendarDate(year: year, month: month, day: day) }

    public static func < (lhs: GDELTTimestamp, rhs: GDELTTimestamp) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// The `YYYYMMDDHHMMSS` form GDELT uses.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(hour, 2) + pad(minute, 2) + pad(second, 2)
    }
}

/// One line of a GDELT 2.0 master file list: a published file with its size and MD5.
public struct GDELTMasterEntry: Hashable, Sendable {
    /// The file's size in bytes, as listed.
    public var size: Int64
    /// The file's MD5 as listed, in lowercase hex.
    public var md5: String
    /// The URL as listed (absolute in GDELT's own lists).
    public var url: String
    /// The last path component of the URL, e.g. `20150218230000.export.CSV.zip`.
    public var fileName: String
    /// What the file holds, from its name.
    public var kind: GDELTFileKind
    /// The moment the file covers; always present for `.export` entries, `nil` for other names without one.
    public var timestamp: GDELTTimestamp?
    /// The 1-based line of the list the entry came from, for messages.
    public var line: Int

    /// Creates an entry.
    public init(size: Int64, md5: String, url: String, fileName: String, kind: GDELTFileKind,
                timestamp: GDELTTimestamp?, line: Int) {
        self.size = size
        self.md5 = md5
        self.url = url
        self.fileName = fileName
        self.kind = kind
        self.timestamp = timestamp
        self.line = line
    }
}

/// Parses GDELT 2.0's master file lists (`http://data.gdeltproject.org/gdeltv2/masterfilelist.txt`, also
/// `lastupdate.txt` and the translation feed's lists), whose lines read `SIZE MD5 URL` separated by spaces:
///
///     150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip
///
/// GDELT 1.0 indexes its daily event files differently: `http://data.gdeltproject.org/events/filesizes`
/// (`SIZE NAME`) and `.../events/md5sums` (`MD5  NAME`, md5sum style) are two separate lists joined by file
/// name; they are not read here.
///
/// Pure parsing: bytes in, entries out. Every line is checked, including those of kinds the caller does not
/// want, so a damaged list is noticed rather than half-read. Blank lines are skipped and CRLF line ends accepted.
public enum GDELTMasterList {
    /// The entries of a master list, in list order.
    ///
    /// - Parameters:
    ///   - bytes: the list's bytes (UTF-8 / ASCII).
    ///   - source: where the bytes came from (a URL or path), for error messages.
    ///   - kinds: the kinds to return; `nil` returns all. Other lines are still checked.
    /// - Throws: `FormatError` naming the line for a line without exactly three fields, a size that is not a
    ///   non-negative integer, an MD5 that is not 32 hex digits, a URL without a file name, or an export file
    ///   whose name does not start with a valid `YYYYMMDDHHMMSS`.
    public static func parse(_ bytes: some Collection<UInt8>, source: String,
                             kinds: Set<GDELTFileKind>? = nil) throws -> [GDELTMasterEntry] {
        // Contiguous storage lets the scan below run over raw bytes without per-line allocation.
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            try parse(buffer: UnsafeRawBufferPointer(buffer), source: source, kinds: kinds)
        }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes { try parse(buffer: $0, source: source, kinds: kinds) }
    }

    /// The entries of a master list given as text.
    public static func parse(text: String, source: String, kinds: Set<GDELTFileKind>? = nil) throws -> [GDELTMasterEntry] {
        var text = text
        return try text.withUTF8 { try parse(buffer: UnsafeRawBufferPointer($0), source: source, kinds: kinds) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func parse(buffer: UnsafeRawBufferPointer, source: String,
                              kinds: Set<GDELTFileKind>?) throws -> [GDELTMasterEntry] {
        var entries: [GDELTMasterEntry] = []
        var lineNumber = 0
        var start = 0
        let end = buffer.count
        while start < end {
            lineNumber += 1
            var stop = start
            while stop < end && buffer[stop] != 0x0A { stop += 1 }
            let next = stop + 1
            var lineEnd = stop
            if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if let entry = try parseLine(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd]),
                                         line: lineNumber, source: source, kinds: kinds) {
                entries.append(entry)
            }
            start = next
        }
        return entries
    }

    private static func parseLine(_ line: UnsafeRawBufferPointer, line number: Int, source: String,
                                  kinds: Set<GDELTFileKind>?) throws -> GDELTMasterEntry? {
        // Split on runs of spaces or tabs.
        var fields: [Range<Int>] = []
        var index = 0
        while index < line.count {
            while index < line.count && isSpace(line[index]) { index += 1 }
            guard index < line.count else { break }
            let fieldStart = index
            while index < line.count && !isSpace(line[index]) { index += 1 }
            fields.append(fieldStart..<index)
        }
        if fields.isEmpty { return nil }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self) }
        func fail(_ reason: String, column: String? = nil, value: String? = nil) -> FormatError {
            FormatError(path: source, line: number, column: column, value: value, reason: reason)
        }
        guard fields.count == 3 else {
            throw fail("expected 3 fields (SIZE MD5 URL), found \(fields.count)", value: text(0..<line.count))
        }

        var size: Int64 = 0
        for position in fields[0] {
            let byte = line[position]
            guard byte >= 0x30 && byte <= 0x39 else {
                throw fail("the size is not a non-negative integer", column: "size", value: text(fields[0]))
            }
            let (times, overflow1) = size.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else { throw fail("the size is too large", column: "size", value: text(fields[0])) }
            size = sum
        }

        guard fields[1].count == 32, fields[1].allSatisfy({ isHex(line[$0]) }) else {
            throw fail("the MD5 is not 32 hexadecimal digits", column: "md5", value: text(fields[1]))
        }

        let url = text(fields[2])
        let fileName = url.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        guard !fileName.isEmpty, fileName != ".", fileName != ".." else {
            throw fail("the URL does not end in a file name", column: "url", value: url)
        }
        let kind = GDELTFileKind(fileName: fileName)
        let timestamp = GDELTTimestamp(fileName: fileName)
        if kind == .export && timestamp == nil {
            throw fail("the export file's name does not start with a valid YYYYMMDDHHMMSS", column: "url", value: url)
        }
        if let kinds, !kinds.contains(kind) { return nil }
        return GDELTMasterEntry(size: size, md5: text(fields[1]).lowercased(), url: url, fileName: fileName,
                                kind: kind, timestamp: timestamp, line: number)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
