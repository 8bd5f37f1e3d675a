#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The layouts GDELT has published its event records in.
public enum GDELTLayout: String, Sendable, CaseIterable {
    /// GDELT 1.0 daily export before SOURCEURL was added (57 tab-separated columns).
    case daily57 = "GDELT 1.0 daily (57 columns)"
    /// GDELT 1.0 daily export with SOURCEURL (58 columns).
    case daily58 = "GDELT 1.0 daily (58 columns)"
    /// GDELT 2.0 15-minute export (61 columns: each geo block gains an ADM2 code).
    case export61 = "GDELT 2.0 export (61 columns)"
    /// GDELT 1.0 reduced/historical backfile: a header row, one row per (day, source, target, code) with counts.
    case reduced = "GDELT 1.0 reduced"

    /// The layout with this many columns, for the headerless exports.
    init?(columns: Int) {
        switch columns {
        case 57: self = .daily57
        case 58: self = .daily58
        case 61: self = .export61
        default: return nil
        }
    }
}

/// Three or four ASCII letters or digits packed into an integer, so codes compare and hash without strings.
public struct PackedCode: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt32

    /// Packs up to four bytes; longer codes keep their first four.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var value: UInt32 = 0
        for index in 0..<min(4, bytes.count) { value |= UInt32(bytes[index]) << (8 * UInt32(index)) }
        raw = value
    }

    /// Packs a string's first four bytes.
    public init(_ text: String) {
        var copy = text
        raw = copy.withUTF8 { PackedCode($0).raw }
    }

    public var isEmpty: Bool { raw == 0 }

    public var description: String {
        var bytes: [UInt8] = []
        var value = raw
        while value != 0 {
            bytes.append(UInt8(value & 0xFF))
            value >>= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One event record as the roll-up needs it, read straight from the bytes.
public struct GDELTEvent: Sendable {
    /// Both actor country codes are set and differ. With `GDELTReader.dyadicOnly`, a record without this has
    /// only its ID, day and countries read.
    public var isDyadic = false
    /// GLOBALEVENTID; 0 in the reduced format, which has none.
    public var id: Int64 = 0
    /// SQLDATE, YYYYMMDD.
    public var day: Int = 0
    public var actor1Country = PackedCode(UnsafeBufferPointer(start: nil, count: 0))
    public var actor2Country = PackedCode(UnsafeBufferPointer(start: nil, count: 0))
    public var actor1Type = PackedCode(UnsafeBufferPointer(start: nil, count: 0))
    public var actor2Type = PackedCode(UnsafeBufferPointer(start: nil, count: 0))
    public var isRoot = false
    public var eventCode = PackedCode(UnsafeBufferPointer(start: nil, count: 0))
    public var quadClass = 0
    public var goldstein = 0.0
    /// Events this record stands for: 1, or NumEvents in the reduced format.
    public var count = 1
    public var mentions = 0
    public var sources = 0
    public var articles = 0
    /// AvgTone; nil in the reduced format.
    public var tone: Double? = nil
    /// A 64-bit hash of SOURCEURL's host, for counting distinct sources; 0 when there is no URL.
    public var hostHash: UInt64 = 0
    /// A 64-bit hash of SOURCEURL, for the near-duplicate rule; 0 when there is no URL.
    public var urlHash: UInt64 = 0

    public init() {}
}

/// Streams GDELT event files (any layout, plain or compressed input) record by record. Fields are found by
/// one scan of each line's bytes; only the fields the roll-up needs are converted, and nothing is allocated per
/// record. Lines must be valid UTF-8.
public final class GDELTReader {
    public let path: String
    private let input: any ByteInput
    // Unchecked (here and on the settings below): these are read or written per line, and a dynamic exclusivity
    // check per access (the class is never shared between threads, and no access overlaps another) cost more than
    // the line scan.
    @exclusivity(unchecked) private var buffer: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var atEnd = false
    /// Tab offsets of the current line. A raw pointer, not an array property: writing an array stored in a class
    /// pays a dynamic exclusivity check per element, which was a third of the parse time.
    /// Offsets are kept up to `tabCapacity`; a block's are written whole, eight at a time, so the buffer has room
    /// for a block's 64 and a round's 8 past it.
    private let tabs = UnsafeMutablePointer<Int>.allocate(capacity: 80 + 72)
    private let tabCapacity = 80
    /// Only rows whose two actor countries are set and differ get their numeric fields converted.
    @exclusivity(unchecked) public var dyadicOnly = false
    /// Whether `urlHash` is computed (only the near-duplicate rule needs it: hashing the whole URL byte by byte was
    /// a tenth of the parse time of a dyadic row).
    @exclusivity(unchecked) public var hashesURLs = true
    /// Whether a line that runs past `maxRecordLength` without ending is passed over to its end and reported as a
    /// `FormatError` (keep-going) rather than stopping the read.
    public var skipsOverlongRecords = false
    /// The layout of the file, known after the first record.
    @exclusivity(unchecked) public private(set) var layout: GDELTLayout?
    /// The physical line of the current record (1-based).
    @exclusivity(unchecked) public private(set) var line = 0
    @exclusivity(unchecked) private var current = (0, 0)

    /// Every field of the current record as text, for inspection and tests (not used when rolling up).
    public func fields() -> [String] {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let bytes = UnsafeBufferPointer(start: base + current.0, count: current.1 - current.0)
        return bytes.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    private let maxRecordLength: Int

    /// Reads from `input`; `path` names the file in errors. A line of more than `maxRecordLength` bytes, its line
    /// end included, is an error.
    public init(path: String, input: any ByteInput, bufferSize: Int = 4 << 20,
                maxRecordLength: Int = DelimitedReader.defaultMaxRecordLength) {
        self.path = path
        self.input = input
        self.maxRecordLength = maxRecordLength
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 1024), alignment: 64)
    }

    deinit {
        buffer.deallocate()
        tabs.deallocate()
    }

    /// Bytes consumed from the file so far, for progress.
    public var bytesConsumed: Int { input.bytesConsumed }

    /// Reads the next record into `event`; `false` at the end. A malformed line throws a `FormatError` naming the
    /// file and line; the reader can go on with the next line after it (keep-going).
    public func next(into event: inout GDELTEvent) throws -> Bool {
        while true {
            guard let (start, end, tabCount, nonASCII) = try scanLine() else { return false }
            line += 1
            if end == start { continue }
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if line == 1 && layout == nil && startsWith(base + start, end - start, "Date\t") {
                layout = .reduced
                continue
            }
            current = (start, end)
            if nonASCII, String(validating: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self) == nil {
                throw error(nil, nil, "the line is not valid UTF-8")
            }
            try parse(base, start, end, tabCount: tabCount, into: &event)
            return true
        }
    }

    private func startsWith(_ pointer: UnsafePointer<UInt8>, _ count: Int, _ prefix: StaticString) -> Bool {
        guard count >= prefix.utf8CodeUnitCount else { return false }
        return memcmp(pointer, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// The tabs, line feeds and non-ASCII bytes of the 64 bytes at `pointer`, one bit per byte.
    @inline(__always)
    private static func masks(_ pointer: UnsafeRawPointer) -> (tabs: UInt64, lines: UInt64, high: UInt64) {
        #if arch(x86_64)
        // SSE2 (every x86-64): four 16-byte compares per class, each turned into 16 bits by `pmovmskb`.
        let tab = _mm_set1_epi8(0x09), feed = _mm_set1_epi8(0x0A)
        var tabs: UInt64 = 0, lines: UInt64 = 0, high: UInt64 = 0
        for part in 0..<4 {
            let vector = _mm_load_si128(pointer.advanced(by: part * 16).assumingMemoryBound(to: __m128i.self))
            let shift = UInt64(part * 16)
            tabs |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(vector, tab)))) << shift
            lines |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(vector, feed)))) << shift
            high |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) << shift
        }
        return (tabs, lines, high)
        #else
        let vector = pointer.loadUnaligned(as: SIMD64<UInt8>.self)
        var tabs: UInt64 = 0, lines: UInt64 = 0, high: UInt64 = 0
        for index in 0..<64 {
            let byte = vector[index]
            tabs |= UInt64(byte == 0x09 ? 1 : 0) << UInt64(index)
            lines |= UInt64(byte == 0x0A ? 1 : 0) << UInt64(index)
            high |= UInt64(byte >> 7) << UInt64(index)
        }
        return (tabs, lines, high)
        #endif
    }

    /// The next line without its line end, found in the same pass as its tabs: the buffer is read in aligned
    /// 64-byte blocks, each turned into bitmasks of its tabs, line feeds and non-ASCII bytes, so every byte is
    /// compared once (not once by `memchr` for the line and again for the tabs). Tab offsets go into `tabs`; with
    /// `dyadicOnly`, only up to Actor2CountryCode until the row proves dyadic, and past that they are only
    /// counted (popcount), to check the column count. An aligned block never crosses a page or the end of the
    /// buffer (allocated 64-aligned in multiples of 64), so it is read whole and the bits past `filled` are dropped.
    private func scanLine() throws -> (start: Int, end: Int, tabCount: Int, nonASCII: Bool)? {
        scan: while true {
            let start = position
            if start >= filled {
                if atEnd { return nil }
                try refill()
                continue scan
            }
            let raw = UnsafeRawPointer(buffer.baseAddress!)
            let base = raw.assumingMemoryBound(to: UInt8.self)
            var count = 0
            var high: UInt64 = 0
            var recordLimit = dyadicOnly && layout != .reduced ? 18 : tabCapacity
            var decided = recordLimit == tabCapacity
            var block = start & ~63
            let tabs = self.tabs
            while true {
                if block >= filled {
                    // No line feed before the end of the data.
                    guard atEnd else {
                        try refill()
                        continue scan
                    }
                    if filled - start > maxRecordLength { throw tooLong(resumingAt: filled) }
                    var end = filled
                    if end > start && base[end - 1] == 0x0D { end -= 1 }
                    position = filled
                    return (start, end, count, high != 0)
                }
                var (tabMask, lineMask, highMask) = Self.masks(raw + block)
                if block < start {
                    let keep = ~UInt64(0) << UInt64(start - block)
                    tabMask &= keep
                    lineMask &= keep
                    highMask &= keep
                }
                if filled - block < 64 {
                    let keep = (UInt64(1) << UInt64(filled - block)) &- 1
                    tabMask &= keep
                    lineMask &= keep
                    highMask &= keep
                }
                var lineEnd = -1
                if lineMask != 0 {
                    let offset = lineMask.trailingZeroBitCount
                    let before = (UInt64(1) << UInt64(offset)) &- 1
                    tabMask &= before
                    highMask &= before
                    lineEnd = block + offset
                }
                high |= highMask
                if count < recordLimit {
                    // All of the block's offsets, eight to a round with no branch per tab (the slack after
                    // `tabCapacity` takes the ones written past the last tab), then the dyadic decision once the
                    // 18th tab is known.
                    var rest = tabMask, slot = count
                    while rest != 0 {
                        for lane in 0..<8 {
                            tabs[slot &+ lane] = block &+ rest.trailingZeroBitCount
                            rest &= rest &- 1
                        }
                        slot &+= 8
                    }
                    count &+= tabMask.nonzeroBitCount
                    if !decided && count >= 18 {
                        decided = true
                        let first = PackedCode(UnsafeBufferPointer(start: base + tabs[6] + 1, count: tabs[7] - tabs[6] - 1))
                        let second = PackedCode(UnsafeBufferPointer(start: base + tabs[16] + 1, count: tabs[17] - tabs[16] - 1))
                        if !first.isEmpty && !second.isEmpty && first != second { recordLimit = tabCapacity }
                    }
                } else {
                    count &+= tabMask.nonzeroBitCount
                }
                if lineEnd >= 0 {
                    if lineEnd + 1 - start > maxRecordLength { throw tooLong(resumingAt: lineEnd + 1) }
                    var end = lineEnd
                    if end > start && base[end - 1] == 0x0D { end -= 1 }
                    position = lineEnd + 1
                    return (start, end, count, high != 0)
                }
                block += 64
            }
        }
    }

    private func refill() throws {
        do {
            try ReadWindow.refill(&buffer, position: &position, filled: &filled, atEnd: &atEnd, from: input,
                                  limit: maxRecordLength, path: path, line: line + 1, skipOverlong: skipsOverlongRecords)
        } catch is ReadWindow.SkippedRecord {
            line += 1
            throw ReadWindow.tooLong(limit: maxRecordLength, path: path, line: line)
        }
    }

    /// Passes over a whole line that is too long, so that keep-going reads on from the next.
    private func tooLong(resumingAt next: Int) -> FormatError {
        position = next
        line += 1
        return ReadWindow.tooLong(limit: maxRecordLength, path: path, line: line)
    }

    private func error(_ column: String?, _ value: UnsafeBufferPointer<UInt8>?, _ reason: String) -> FormatError {
        FormatError(path: path, line: line, column: column, value: value.map { String(decoding: $0, as: UTF8.self) },
                    reason: reason)
    }

    /// Converts the fields of the line `start..<end`, whose `tabCount` tabs `scanLine` found (their offsets in
    /// `tabs`, as far as it kept them).
    private func parse(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int, tabCount count: Int,
                       into event: inout GDELTEvent) throws {
        let columns = count + 1
        func field(_ number: Int) -> UnsafeBufferPointer<UInt8> {
            let from = number == 0 ? start : tabs[number - 1] + 1
            let to = number == columns - 1 ? end : tabs[number]
            return UnsafeBufferPointer(start: base + from, count: to - from)
        }
        func integer(_ number: Int, _ name: String, required: Bool = true) throws -> Int {
            let bytes = field(number)
            if bytes.isEmpty && !required { return 0 }
            guard let value = FastField.integer(bytes) else { throw error(name, bytes, "not a whole number") }
            return Int(value)
        }
        func real(_ number: Int, _ name: String) throws -> Double {
            let bytes = field(number)
            if bytes.isEmpty { return 0 }
            if let value = Self.exactDecimal(bytes) { return value }
            guard let value = FastField.real(bytes) else { throw error(name, bytes, "not a number") }
            return value
        }
        func date(_ number: Int, _ name: String) throws -> Int {
            let value = try integer(number, name)
            let month = value / 100 % 100, dayOfMonth = value % 100
            guard value >= 1900_01_01 && value <= 2100_12_31 && (1...12).contains(month) && (1...31).contains(dayOfMonth) else {
                throw error(name, field(number), "not a date YYYYMMDD")
            }
            return value
        }

        if layout == .reduced {
            guard columns >= 8 else { throw error(nil, nil, "expected at least 8 tab-separated fields (reduced format), found \(columns)") }
            event = GDELTEvent()
            event.day = try date(0, "Date")
            let source = field(1), target = field(2)
            event.actor1Country = PackedCode(UnsafeBufferPointer(rebasing: source.prefix(3)))
            event.actor2Country = PackedCode(UnsafeBufferPointer(rebasing: target.prefix(3)))
            event.eventCode = PackedCode(field(3))
            event.isRoot = field(3).count == 2
            event.isDyadic = !event.actor1Country.isEmpty && !event.actor2Country.isEmpty && event.actor1Country != event.actor2Country
            event.count = try integer(4, "NumEvents")
            event.articles = try integer(5, "NumArts")
            event.mentions = event.articles
            event.quadClass = try integer(6, "QuadClass")
            event.goldstein = try real(7, "Goldstein")
            return
        }
        guard let found = GDELTLayout(columns: columns) else {
            throw error(nil, nil, "expected 57, 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, found \(columns)")
        }
        if layout == nil { layout = found }
        event.id = Int64(try integer(0, "GLOBALEVENTID"))
        event.day = try date(1, "SQLDATE")
        event.actor1Country = PackedCode(field(7))
        event.actor2Country = PackedCode(field(17))
        event.isDyadic = !event.actor1Country.isEmpty && !event.actor2Country.isEmpty && event.actor1Country != event.actor2Country
        if dyadicOnly && !event.isDyadic { return }
        event.actor1Type = PackedCode(field(12))
        event.actor2Type = PackedCode(field(22))
        event.isRoot = try integer(25, "IsRootEvent") == 1
        event.eventCode = PackedCode(field(26))
        event.quadClass = try integer(29, "QuadClass")
        guard (1...4).contains(event.quadClass) else { throw error("QuadClass", field(29), "not a quad class 1–4") }
        event.goldstein = try real(30, "GoldsteinScale")
        event.count = 1
        event.mentions = try integer(31, "NumMentions")
        event.sources = try integer(32, "NumSources")
        event.articles = try integer(33, "NumArticles")
        event.tone = try real(34, "AvgTone")
        if found == .daily57 {
            event.hostHash = 0
            event.urlHash = 0
        } else {
            let url = field(columns - 1)
            event.urlHash = hashesURLs ? Self.hash(url) : 0
            event.hostHash = Self.hostHash(Self.host(url))
        }
    }

    /// The host of a URL (`http://www.example.com/a` → `www.example.com`), or the whole text if it has no scheme.
    static func host(_ url: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        if let scheme = (0..<max(0, url.count - 2)).first(where: { url[$0] == 0x3A && url[$0 + 1] == 0x2F && url[$0 + 2] == 0x2F }),
           scheme < 10 {
            start = scheme + 3
        }
        var end = start
        while end < url.count && url[end] != 0x2F && url[end] != 0x3F && url[end] != 0x23 && url[end] != 0x3A { end += 1 }
        return UnsafeBufferPointer(rebasing: url[start..<end])
    }

    /// The hash of a host as one source: lower-cased, a leading `www.` dropped (www.bbc.co.uk is bbc.co.uk).
    static func hostHash(_ host: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var start = 0
        if host.count > 4, host[0] | 0x20 == 0x77, host[1] | 0x20 == 0x77, host[2] | 0x20 == 0x77, host[3] == 0x2E { start = 4 }
        guard start < host.count else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in start..<host.count {
            let byte = host[index]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            hash = (hash ^ UInt64(lower)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// Powers of ten that a Double holds exactly.
    private static let exactPowers: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    /// A plain decimal (`-2.45348042848619`) whose digits fit in 53 bits, converted without `strtod`: the digits
    /// and 10^k are both exact Doubles, so their quotient is correctly rounded, the same value `strtod` gives
    /// (Clinger's fast path). Anything else (exponents, more digits) returns nil for the general path.
    static func exactDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = bytes[0] == 0x2D
        if negative || bytes[0] == 0x2B { index = 1 }
        var mantissa: UInt64 = 0, digits = 0, fraction = -1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2E {
                guard fraction < 0 else { return nil }
                fraction = 0
            } else {
                let digit = byte &- 0x30
                guard digit < 10, digits < 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            index += 1
        }
        guard digits > 0, mantissa <= 1 << 53, fraction <= 22 else { return nil }
        let value = fraction > 0 ? Double(mantissa) / exactPowers[fraction] : Double(mantissa)
        return negative ? -value : value
    }

    /// FNV-1a, 64 bits.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard !bytes.isEmpty else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
