/// How the bytes of text fields are decoded.
public enum TextEncoding: Sendable {
    /// UTF-8, validated: invalid bytes are an error.
    case utf8
    /// Windows code page 1252, for older files written on Windows (TIES 4.1).
    case windows1252
}

/// A problem in the content of an input file, located by line and, where known, column.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: String?
    public var value: String?
    public var reason: String

    /// Creates an error located at a line and optionally a column and its value.
    public init(path: String, line: Int, column: String? = nil, value: String? = nil, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }

    /// A record over the length limit that the reader has passed over: reading can go on from the next one.
    public var isOverlongRecord: Bool { column == nil && value == nil && reason.hasPrefix(ReadWindow.overlongReason) }

    public var description: String {
        var text = "\(path):\(line)"
        if let column { text += ": column '\(column)'" }
        if let value { text += ": value '\(value.count > 80 ? String(value.prefix(80)) + "…" : value)'" }
        return text + ": " + reason
    }
}

/// Splits delimited text (CSV, TSV) into records at the byte level, with RFC 4180 quoting, CRLF or LF line ends,
/// a leading UTF-8 byte-order mark, and records longer than one read up to `maxRecordLength`. Fields are byte
/// ranges into a reused buffer: nothing is allocated per field unless the caller asks for a `String`.
public final class DelimitedReader {
    /// The most bytes a record may have unless a reader is told otherwise: far above the longest line of any
    /// dataset (32 KB, COW inter-state wars), and small enough that input without line ends fails at once.
    public static let defaultMaxRecordLength = 1 << 20

    public let path: String
    private let input: any ByteInput
    private let delimiter: UInt8
    private let quoting: Bool
    public let encoding: TextEncoding
    private let maxRecordLength: Int
    /// Whether a record that runs past `maxRecordLength` without ending is passed over (to the next line end)
    /// and reported as a `FormatError` the caller may set aside, rather than stopping the read (keep-going).
    public var skipsOverlongRecords = false

    private var buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var filled = 0
    private var atEnd = false
    private var startedReading = false
    private var nextLine = 1
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var escaped: [Bool] = []
    private var scratch: [UInt8] = []

    /// The physical line (1-based) on which the current record starts.
    public private(set) var line = 0
    /// Blank lines passed over between records.
    public private(set) var blankLines = 0

    /// Reads records from `input`; `path` names the file in errors. A record of more than `maxRecordLength`
    /// bytes, its line end included, is an error.
    public init(path: String, input: any ByteInput, delimiter: UInt8 = UInt8(ascii: ","), quoting: Bool = true,
                encoding: TextEncoding = .utf8, bufferSize: Int = 1 << 20, maxRecordLength: Int = defaultMaxRecordLength) {
        self.path = path
        self.input = input
        self.delimiter = delimiter
        self.quoting = quoting
        self.encoding = encoding
        self.maxRecordLength = maxRecordLength
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 64), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Bytes consumed from the file so far, for progress.
    public var bytesConsumed: Int { input.bytesConsumed }

    /// The number of fields in the current record.
    public var fieldCount: Int { starts.count }

    /// Moves to the next record; `false` at the end of the input.
    public func nextRecord() throws -> Bool {
        try skipByteOrderMark()
        while true {
            guard try hasUnreadBytes() else { return false }
            switch try parseRecord() {
            case .record: return true
            case .blank: blankLines += 1
            case .needMore:
                if atEnd {
                    throw FormatError(path: path, line: nextLine, reason: "the file ends inside a quoted field")
                }
                try refill()
            }
        }
    }

    /// Passes over one physical line without splitting it, for preambles before a header. `false` at the end.
    public func skipLine() throws -> Bool {
        try skipByteOrderMark()
        while true {
            guard try hasUnreadBytes() else { return false }
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var index = position
            while index < filled && base[index] != 0x0A { index += 1 }
            if index < filled || atEnd {
                position = min(index + 1, filled)
                line = nextLine
                nextLine += 1
                return true
            }
            try refill()
        }
    }

    /// Returns the bytes of the current line without consuming them, up to its end, for preamble detection.
    public func peekLine() throws -> [UInt8]? {
        try skipByteOrderMark()
        while true {
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var index = position
            while index < filled && base[index] != 0x0A { index += 1 }
            if index < filled || atEnd {
                if position >= filled && atEnd { return nil }
                var end = index
                if end > position && base[end - 1] == 0x0D { end -= 1 }
                return Array(UnsafeBufferPointer(start: base + position, count: end - position))
            }
            try refill()
        }
    }

    private enum ParseOutcome { case record, blank, needMore }

    private func parseRecord() throws -> ParseOutcome {
        // Work on local arrays, put back on return: appending to stored properties of a class pays a dynamic
        // exclusivity check per field.
        var starts = self.starts, ends = self.ends, escaped = self.escaped
        self.starts = []
        self.ends = []
        self.escaped = []
        defer {
            self.starts = starts
            self.ends = ends
            self.escaped = escaped
        }
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
        var index = position
        var newlines = 0
        while true {
            if quoting && index < filled && base[index] == 0x22 {
                var cursor = index + 1
                var hasEscapes = false
                while true {
                    while cursor < filled && base[cursor] != 0x22 {
                        if base[cursor] == 0x0A { newlines += 1 }
                        cursor += 1
                    }
                    if cursor >= filled { return .needMore }
                    if cursor + 1 >= filled && !atEnd { return .needMore }
                    if cursor + 1 < filled && base[cursor + 1] == 0x22 {
                        hasEscapes = true
                        cursor += 2
                        continue
                    }
                    break
                }
                starts.append(index + 1)
                ends.append(cursor)
                escaped.append(hasEscapes)
                index = cursor + 1
                if index >= filled && !atEnd { return .needMore }
                if index < filled && base[index] == 0x0D {
                    if index + 1 >= filled && !atEnd { return .needMore }
                    if index + 1 < filled && base[index + 1] == 0x0A { index += 1 }
                }
                if index < filled && base[index] != delimiter && base[index] != 0x0A {
                    throw FormatError(path: path, line: nextLine + newlines, column: "field \(starts.count)",
                                      reason: "a character follows the closing quote of a quoted field")
                }
            } else {
                let fieldStart = index
                while index < filled && base[index] != delimiter && base[index] != 0x0A { index += 1 }
                if index >= filled && !atEnd { return .needMore }
                var fieldEnd = index
                if (index >= filled || base[index] == 0x0A) && fieldEnd > fieldStart && base[fieldEnd - 1] == 0x0D {
                    fieldEnd -= 1
                }
                starts.append(fieldStart)
                ends.append(fieldEnd)
                escaped.append(false)
            }
            if index >= filled {
                break
            }
            if base[index] == delimiter {
                index += 1
                if index >= filled && !atEnd { return .needMore }
                if index >= filled {
                    starts.append(index)
                    ends.append(index)
                    escaped.append(false)
                    break
                }
                continue
            }
            index += 1
            break
        }
        line = nextLine
        nextLine += newlines + 1
        if index - position > maxRecordLength {
            position = index
            throw ReadWindow.tooLong(limit: maxRecordLength, path: path, line: line)
        }
        position = index
        let quotedFirst = starts[0] > 0 && base[starts[0] - 1] == 0x22 && quoting
        if starts.count == 1 && starts[0] == ends[0] && !quotedFirst { return .blank }
        return .record
    }

    /// Whether bytes are left to read, refilling the buffer when it is used up; false at the end of the input.
    @inline(__always) private func hasUnreadBytes() throws -> Bool {
        while position >= filled {
            if atEnd { return false }
            try refill()
        }
        return true
    }

    private func refill() throws {
        do {
            try ReadWindow.refill(&buffer, position: &position, filled: &filled, atEnd: &atEnd, from: input,
                                  limit: maxRecordLength, path: path, line: nextLine, skipOverlong: skipsOverlongRecords)
        } catch is ReadWindow.SkippedRecord {
            line = nextLine
            nextLine += 1
            throw ReadWindow.tooLong(limit: maxRecordLength, path: path, line: line)
        }
    }

    /// Passes over a UTF-8 byte-order mark, reading until three bytes are in or the input ends.
    private func skipByteOrderMark() throws {
        guard !startedReading else { return }
        startedReading = true
        while filled < 3 && !atEnd { try refill() }
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if filled >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { position = 3 }
    }

    /// Calls `body` with the raw bytes of field `index` (quotes removed, doubled quotes still doubled).
    @inline(__always)
    public func withRawBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index]))
    }

    /// Whether field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool { starts[index] == ends[index] }

    /// The decoded text of field `index`; invalid bytes for the reader's encoding are an error.
    public func string(_ index: Int) throws -> String {
        let text: String? = withRawBytes(index) { raw in
            if escaped[index] {
                scratch.removeAll(keepingCapacity: true)
                var i = 0
                while i < raw.count {
                    scratch.append(raw[i])
                    i += raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22 ? 2 : 1
                }
                return scratch.withUnsafeBufferPointer { decode($0) }
            }
            return decode(raw)
        }
        guard let text else {
            throw FormatError(path: path, line: line, column: "field \(index + 1)",
                              reason: "the bytes are not valid UTF-8")
        }
        return text
    }

    /// The text of field `index` without leading and trailing spaces and tabs.
    public func trimmedString(_ index: Int) throws -> String {
        if !escaped[index] {
            let text: String? = withRawBytes(index) { raw in
                var start = 0, end = raw.count
                while start < end && (raw[start] == 0x20 || raw[start] == 0x09) { start += 1 }
                while end > start && (raw[end - 1] == 0x20 || raw[end - 1] == 0x09) { end -= 1 }
                let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
                // ASCII needs no validation, and is the common case.
                return bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : nil
            }
            if let text { return text }
        }
        let text = try string(index)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(text[first...last])
    }

    /// Every field of the current record as text.
    public func strings() throws -> [String] {
        try (0..<fieldCount).map { try string($0) }
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch encoding {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Windows1252.scalar(byte)) }
            return String(scalars)
        }
    }
}

enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte < 0xA0 { return Unicode.Scalar(high[Int(byte) - 0x80])! }
        return Unicode.Scalar(byte)
    }
}

/// The sliding window both record readers keep over their input: unread bytes moved to the front, the buffer
/// doubled when one record fills it, then the rest filled from the input.
enum ReadWindow {
    static let overlongReason = "the record has more than "

    /// A whole record over the limit: reading can go on after it.
    static func tooLong(limit: Int, path: String, line: Int) -> FormatError {
        FormatError(path: path, line: line, reason: overlongReason + "\(limit) bytes, the most one may have "
                    + "(--max-record-bytes)")
    }

    /// Thrown by `refill` once it has passed over a record that ran past the limit, through the next line end.
    struct SkippedRecord: Error {}

    /// Refills for the record starting at `position` (on `line`), which must not have more than `limit` bytes.
    /// With `skipOverlong`, a record past the limit is passed over to the next line feed (its end if it has no
    /// quoted line breaks) and `SkippedRecord` thrown; without, reading stops.
    static func refill(_ buffer: inout UnsafeMutableRawBufferPointer, position: inout Int, filled: inout Int,
                       atEnd: inout Bool, from input: any ByteInput, limit: Int, path: String, line: Int,
                       skipOverlong: Bool = false) throws {
        let remaining = filled - position
        // The unread bytes are one unfinished record: past the limit, memory would grow with the input. Its end is
        // not known: without keep-going reading stops here (the file may have no line ends at all).
        guard remaining <= limit else {
            guard skipOverlong else {
                throw InputError(path: path, message: "line \(line): a record runs past \(limit) bytes without ending: "
                                 + "this is not a file of records (no line ends?), or give a larger --max-record-bytes")
            }
            try skipToLineEnd(&buffer, position: &position, filled: &filled, atEnd: &atEnd, from: input)
            throw SkippedRecord()
        }
        if position > 0 && remaining > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + position, byteCount: remaining)
        }
        filled = remaining
        position = 0
        if filled == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
            buffer.deallocate()
            buffer = larger
        }
        // Reads of at most 256 KiB, to the front of the buffer: the bytes are still in the core's cache when the
        // checksum and then the parser go over them.
        let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<min(buffer.count, filled + (256 << 10))]))
        if count == 0 { atEnd = true }
        filled += count
    }

    /// Drops what is buffered (the start of a record past the limit) and reads on, in the same buffer, to just
    /// past the next line feed, or to the end of the input.
    private static func skipToLineEnd(_ buffer: inout UnsafeMutableRawBufferPointer, position: inout Int, filled: inout Int,
                                      atEnd: inout Bool, from input: any ByteInput) throws {
        position = 0
        filled = 0
        while true {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, 256 << 10)]))
            if count == 0 {
                atEnd = true
                return
            }
            if let index = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]).firstIndex(of: 0x0A) {
                position = index + 1
                filled = count
                return
            }
        }
    }
}
