#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EntenteCore
import Foundation

/// How far a read has come, for progress bars.
public struct ReadProgress: Sendable {
    public var bytesRead: Int
    public var totalBytes: Int
    public var records: Int

    /// Creates a progress report.
    public init(bytesRead: Int, totalBytes: Int, records: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.records = records
    }
}

/// What reading a file produced.
public struct ReadSummary: Sendable {
    /// The layout the header matched.
    public var layout: String
    public var rowsRead = 0
    public var rowsLoaded = 0
    /// Records set aside (keep-going mode only), each with its reason.
    public var rejects: [FormatError] = []
    /// Header columns present in the file that this dataset does not store.
    public var unstoredColumns: [String] = []
    /// Records whose every field is empty (spreadsheet exports leave them), passed over.
    public var emptyRecords = 0
    /// Values found in unnamed trailing columns (COW states2016), ignored as the file's known junk.
    public var junkValues: [FormatError] = []
    /// Rows stored although their natural key repeats, because the published file is known to repeat it.
    public var knownRepeats = 0
    /// Records read and checked but not stored, because the layout's `selection` passes them over.
    public var passedOver = 0
}

/// Reads a dataset file record by record and turns each into stored rows, checking every field.
public struct DatasetReader {
    public let definition: DatasetDefinition
    public let crosswalk: Crosswalk
    /// Years by key for datasets with a `yearLookup`.
    public let years: [Int64: Int]
    /// The most bytes one record may have.
    public var maxRecordLength = DelimitedReader.defaultMaxRecordLength

    /// Creates a reader for files of one dataset.
    public init(definition: DatasetDefinition, crosswalk: Crosswalk, years: [Int64: Int] = [:]) {
        self.definition = definition
        self.crosswalk = crosswalk
        self.years = years
    }

    /// Reads the file at `path`, calling `emit` with each stored row. A bad record, or one whose rows repeat a
    /// natural key of an earlier row, throws a `FormatError` naming file, line, column and value, unless
    /// `keepGoing`, in which case it is listed in the summary's rejects and none of its rows are emitted.
    /// With `expectedChecksum` (the SHA-256 taken before), the bytes are hashed as they are read and a file that
    /// no longer has that checksum is an error at the end: it changed between the two passes.
    public func read(path: String, keepGoing: Bool = false, expectedChecksum: String? = nil, progress: ((ReadProgress) -> Void)? = nil,
                     emit: ([FieldValue]) throws -> Void) throws -> ReadSummary {
        let (input, size) = try openInput(path: path, checksum: expectedChecksum != nil)
        let reader = DelimitedReader(path: path, input: input, delimiter: definition.delimiter,
                                     encoding: definition.encoding, maxRecordLength: maxRecordLength)
        try skipPreamble(reader, path: path)
        guard try reader.nextRecord() else {
            throw FormatError(path: path, line: 1, reason: "the file is empty: no header")
        }
        let header = try reader.strings()
        let plan = try RowPlan(definition: definition, header: header, path: path, line: reader.line,
                               crosswalk: crosswalk, years: years)
        var summary = ReadSummary(layout: plan.layout.name, unstoredColumns: plan.unstored)
        var keys = KeyIndex(key: plan.layout.key ?? definition.key, table: definition.table, dataset: definition.id, path: path)
        var rows: [[FieldValue]] = [[FieldValue](repeating: .null, count: plan.width)]
        reader.skipsOverlongRecords = keepGoing
        while true {
            do {
                guard try reader.nextRecord() else { break }
            } catch let error as FormatError where keepGoing && error.isOverlongRecord {
                // The reader has passed over it: set aside like any bad record.
                summary.rowsRead += 1
                summary.rejects.append(error)
                continue
            }
            if (0..<reader.fieldCount).allSatisfy(reader.isEmpty) {
                summary.emptyRecords += 1
                continue
            }
            summary.rowsRead += 1
            do {
                try plan.rows(from: reader, into: &rows, junk: &summary.junkValues)
                if try plan.isSelected(reader) {
                    try keys.admit(rows, line: reader.line)
                    for stored in rows { try emit(stored) }
                    summary.rowsLoaded += 1
                } else {
                    summary.passedOver += 1
                }
            } catch let error as FormatError where keepGoing {
                summary.rejects.append(error)
            }
            if summary.rowsRead & 0x3FFF == 0 {
                progress?(ReadProgress(bytesRead: reader.bytesConsumed, totalBytes: size, records: summary.rowsRead))
            }
        }
        progress?(ReadProgress(bytesRead: reader.bytesConsumed, totalBytes: size, records: summary.rowsRead))
        if let expectedChecksum, let checksum = try input.finishChecksum(), checksum != expectedChecksum {
            throw FileChangedAfterChecksum(path: path, before: expectedChecksum, read: checksum)
        }
        summary.knownRepeats = keys.knownRepeats
        return summary
    }

    private func skipPreamble(_ reader: DelimitedReader, path: String) throws {
        guard let marker = definition.headerStartsWith else { return }
        var skipped = 0
        while let line = try reader.peekLine() {
            if line.starts(with: Array(marker.utf8)) { return }
            _ = try reader.skipLine()
            skipped += 1
            if skipped > 100 { break }
        }
        throw FormatError(path: path, line: skipped, reason: "no header line starting with '\(marker)' was found")
    }
}

/// The per-layout plan: where each source column is in the file and where its values go in the stored row.
struct RowPlan {
    let layout: FileLayout
    let width: Int
    let unstored: [String]
    private let path: String
    private let headerCount: Int
    private let trailingUnnamed: Range<Int>?
    private let fields: [(column: SourceColumn, fieldIndex: Int, target: Int)]
    /// For each of `fields`, a byte-level reader of the common case, or `nil` where only the general path will do.
    private let fastFields: [FastField?]
    private let fieldIndexByHeader: [String: Int]
    private let missingByHeader: [String: Set<String>]
    private let wideKeys: [(header: String, fieldIndex: Int, key: FieldValue)]
    private let wideTarget: (key: Int, value: Int)?
    private let crosswalk: Crosswalk
    private let years: [Int64: Int]
    private let lookup: (fieldIndex: Int, yearTarget: Int?)?
    /// The wide layout's skipped cell texts as bytes, checked before any string is made.
    private let skipped: [[UInt8]]
    /// A wide layout whose keys are years: names without a year column are resolved per cell.
    private let yearlyCells: Bool
    /// Names repeat in every file (870,000 UN votes, 190 names): each is normalised and looked up once.
    private let resolutions = ResolutionCache()
    /// The layout's record selection and the field it reads.
    private let selection: (RecordSelection, fieldIndex: Int)?

    init(definition: DatasetDefinition, header: [String], path: String, line: Int, crosswalk: Crosswalk,
         years: [Int64: Int]) throws {
        self.path = path
        self.crosswalk = crosswalk
        self.years = years
        headerCount = header.count
        let trimmed = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var namedCount = trimmed.count
        while namedCount > 0 && trimmed[namedCount - 1].isEmpty { namedCount -= 1 }
        let positions = Dictionary(trimmed.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let matching = definition.layouts.first { layout in layout.requiredHeaders.allSatisfy { positions[$0] != nil } }
        guard let layout = matching else {
            let nearest = definition.layouts.min { a, b in
                a.requiredHeaders.filter { positions[$0] == nil }.count < b.requiredHeaders.filter { positions[$0] == nil }.count
            }!
            let missing = nearest.requiredHeaders.filter { positions[$0] == nil }
            throw FormatError(path: path, line: line, column: missing.first, reason:
                "the header matches no layout of \(definition.title): \(nearest.name) lacks column(s) \(missing.joined(separator: ", "))")
        }
        if namedCount < trimmed.count && !layout.trailingUnnamedColumns {
            throw FormatError(path: path, line: line, column: "field \(namedCount + 1)", reason: "the header has unnamed columns")
        }
        self.layout = layout
        let table = definition.table
        let targetIndex = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1.name, $0) })
        width = table.columns.count
        fields = layout.columns.map { column in (column, positions[column.header]!, targetIndex[column.target]!) }
        fastFields = layout.columns.map(FastField.init)
        fieldIndexByHeader = positions
        missingByHeader = Dictionary(layout.columns.map { ($0.header, $0.missing) }, uniquingKeysWith: { a, _ in a })
        trailingUnnamed = namedCount < trimmed.count ? namedCount..<trimmed.count : nil
        // Only a layout without a year of its own needs the lookup.
        if let yearLookup = definition.yearLookup, let keyIndex = positions[yearLookup.keyColumn],
           !layout.columns.contains(where: { $0.target == definition.yearColumn }) {
            lookup = (keyIndex, definition.yearColumn.flatMap { targetIndex[$0] })
        } else {
            lookup = nil
        }
        let mapped = Set(layout.requiredHeaders)
        var keys: [(String, Int, FieldValue)] = []
        var unstored: [String] = []
        for (index, name) in trimmed.prefix(namedCount).enumerated() where !mapped.contains(name) {
            if let wide = layout.wide, !layout.ignored.contains(name), wide.selects(name) {
                guard let key = try? Self.parse(name, rule: wide.key.rule) else {
                    throw FormatError(path: path, line: line, column: name, value: name,
                                      reason: "this header should be a \(wide.key.target) but cannot be read as one")
                }
                keys.append((name, index, key))
            } else {
                unstored.append(name)
            }
        }
        wideKeys = keys
        skipped = layout.wide.map { $0.skippedValues.map { Array($0.utf8) } } ?? []
        yearlyCells = !keys.isEmpty && keys.allSatisfy { if case .integer = $0.2 { true } else { false } }
        self.unstored = unstored
        selection = layout.selection.map { ($0, positions[$0.header]!) }
        if let wide = layout.wide {
            wideTarget = (targetIndex[wide.key.target]!, targetIndex[wide.value.target]!)
        } else {
            wideTarget = nil
        }
    }

    /// Appends the stored rows one record yields: one row, one per name of a multi-name cell, or one per wide cell.
    func rows(from reader: DelimitedReader, into rows: inout [[FieldValue]], junk: inout [FormatError]) throws {
        guard reader.fieldCount == headerCount else {
            throw FormatError(path: path, line: reader.line,
                              reason: "expected \(headerCount) fields as in the header, found \(reader.fieldCount)")
        }
        if let trailingUnnamed {
            for index in trailingUnnamed where !reader.isEmpty(index) {
                junk.append(FormatError(path: path, line: reader.line, column: "field \(index + 1)",
                                        value: try reader.string(index), reason: "value in an unnamed column, ignored"))
            }
        }
        var lookedUpYear: Int?
        if let lookup {
            let keyText = try reader.trimmedString(lookup.fieldIndex)
            guard case .integer(let key)? = try? Self.parse(keyText, rule: .integer), let year = years[key] else {
                throw FormatError(path: path, line: reader.line, column: nil, value: keyText,
                                  reason: "no year is known for this key in the lookup dataset")
            }
            lookedUpYear = year
        }
        // `rows` comes back with the previous record's rows: keep its first row's storage and overwrite it, so
        // that the common record (one row) allocates nothing.
        if rows.isEmpty { rows = [[FieldValue](repeating: .null, count: width)] }
        if rows.count > 1 { rows.removeSubrange(1...) }
        for index in rows[0].indices { rows[0][index] = .null }
        var partial: [[FieldValue]] = []
        swap(&partial, &rows)
        if let target = lookup?.yearTarget, let lookedUpYear { partial[0][target] = .integer(Int64(lookedUpYear)) }
        for position in fields.indices {
            // Indexing, not iterating, so the common case does not copy (retain and release) each SourceColumn.
            if let fast = fastFields[position], let value = reader.withRawBytes(fields[position].fieldIndex, fast.value) {
                let target = fields[position].target
                for index in partial.indices { partial[index][target] = value }
                continue
            }
            let field = fields[position]
            if yearlyCells && field.column.isYearlessCountry { continue }
            let values = try values(of: field.column, at: field.fieldIndex, reader: reader, keyYear: lookedUpYear)
            if values.count == 1 {
                for index in partial.indices { store(values[0], column: field.column, target: field.target, in: &partial[index]) }
            } else {
                partial = partial.flatMap { base in
                    values.map { value in
                        var expanded = base
                        store(value, column: field.column, target: field.target, in: &expanded)
                        return expanded
                    }
                }
            }
        }
        guard let wide = layout.wide, let wideTarget else {
            swap(&partial, &rows)
            return
        }
        let yearlessCountries = fields.filter(\.column.isYearlessCountry)
        for key in wideKeys {
            if reader.withRawBytes(key.fieldIndex, { bytes in skipped.contains { $0.elementsEqual(bytes) } }) { continue }
            let text = try reader.trimmedString(key.fieldIndex)
            if wide.skippedValues.contains(text) { continue }
            let keyYear: Int? = if case .integer(let year) = key.key { Int(year) } else { lookedUpYear }
            let value = try values(of: wide.value, at: key.fieldIndex, reader: reader, columnName: key.header,
                                   keyYear: keyYear)[0]
            for base in partial {
                var cellRow = base
                cellRow[wideTarget.key] = key.key
                store(value, column: wide.value, target: wideTarget.value, in: &cellRow)
                // A name in a row of yearly cells is resolved for each cell's year ("Germany" before and after 1990).
                if yearlyCells {
                    for field in yearlessCountries {
                        let resolved = try values(of: field.column, at: field.fieldIndex, reader: reader, keyYear: keyYear)
                        store(resolved[0], column: field.column, target: field.target, in: &cellRow)
                    }
                }
                rows.append(cellRow)
            }
        }
    }

    /// Whether the current record is one the layout stores; a selection value it does not know is an error.
    func isSelected(_ reader: DelimitedReader) throws -> Bool {
        guard let (selection, index) = selection else { return true }
        let text = try reader.trimmedString(index)
        if selection.stored.contains(text) { return true }
        if selection.passedOver.contains(text) { return false }
        throw FormatError(path: path, line: reader.line, column: selection.header, value: text,
                          reason: "expected one of " + selection.stored.union(selection.passedOver).sorted().joined(separator: ", "))
    }

    private func store(_ value: ParsedValue, column: SourceColumn, target: Int, in row: inout [FieldValue]) {
        row[target] = value.value
        switch column.rule {
        case .country, .countries: row[target + 1] = value.code
        default: break
        }
    }

    private struct ParsedValue {
        var value: FieldValue
        var code: FieldValue = .null
    }

    /// The year a row's country names are resolved for: the `yearFrom` column's value, else the wide key's or
    /// the looked-up year.
    private func year(_ yearFrom: String?, reader: DelimitedReader, keyYear: Int?) -> Int? {
        guard let yearFrom, let index = fieldIndexByHeader[yearFrom], let text = try? reader.trimmedString(index),
              !(missingByHeader[yearFrom]?.contains(text) ?? false),
              case .integer(let year)? = try? Self.parse(text, rule: .integer)
        else { return keyYear }
        return Int(year)
    }

    private func values(of column: SourceColumn, at index: Int, reader: DelimitedReader, columnName: String? = nil,
                        keyYear: Int?) throws -> [ParsedValue] {
        let name = columnName ?? column.header
        var text = try reader.trimmedString(index)
        if let corrected = column.corrections[text] { text = corrected }
        if text.isEmpty || column.missing.contains(text) {
            if column.required {
                throw FormatError(path: path, line: reader.line, column: name, value: text, reason: "a value is required")
            }
            return [ParsedValue(value: .null)]
        }
        switch column.rule {
        case .country(let yearFrom):
            let rowYear = year(yearFrom, reader: reader, keyYear: keyYear)
            return [try resolve(text, year: rowYear, column: name, line: reader.line)]
        case .countries(let yearFrom):
            let rowYear = year(yearFrom, reader: reader, keyYear: keyYear)
            return try splitNames(text, year: rowYear, column: name, line: reader.line)
        default:
            do {
                return [ParsedValue(value: try Self.parse(text, rule: column.rule))]
            } catch let reason as RuleFailure {
                throw FormatError(path: path, line: reader.line, column: name, value: text, reason: reason.message)
            }
        }
    }

    private func resolve(_ text: String, year: Int?, column: String, line: Int) throws -> ParsedValue {
        switch resolutions.resolve(text, year: year, crosswalk: crosswalk) {
        case .state(let code): return ParsedValue(value: .text(text), code: .integer(Int64(code.rawValue)))
        case .nonState: return ParsedValue(value: .text(text))
        case .ambiguous(let codes):
            throw FormatError(path: path, line: line, column: column, value: text, reason:
                "the name means several states (\(codes.map(\.description).joined(separator: ", ")))"
                + (year.map { " in \($0)" } ?? " and the row has no year")
                + "; a year-limited entry in Data/reference/country-names.csv must choose")
        case .unknown:
            throw FormatError(path: path, line: line, column: column, value: text, reason:
                "unknown country name" + (year.map { " for \($0)" } ?? "")
                + ": add it to Data/reference/country-names.csv or non-states.csv")
        }
    }

    /// Splits a comma-separated list of names, taking at each position the longest run of pieces that is a
    /// known name, so that "Korea, North, Japan" gives "Korea, North" and "Japan".
    private func splitNames(_ text: String, year: Int?, column: String, line: Int) throws -> [ParsedValue] {
        let pieces = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var result: [ParsedValue] = []
        var start = 0
        while start < pieces.count {
            var taken: (ParsedValue, Int)?
            for end in stride(from: pieces.count, to: start, by: -1) {
                let candidate = pieces[start..<end].joined(separator: ", ")
                if case .unknown = resolutions.resolve(candidate, year: year, crosswalk: crosswalk) { continue }
                taken = (try resolve(candidate, year: year, column: column, line: line), end)
                break
            }
            guard let (value, end) = taken else {
                _ = try resolve(pieces[start], year: year, column: column, line: line)
                return []
            }
            result.append(value)
            start = end
        }
        return result
    }

    struct RuleFailure: Error { var message: String }

    static func parse(_ text: String, rule: FieldRule) throws -> FieldValue {
        switch rule {
        case .integer:
            if let number = Int64(text) { return .integer(number) }
            if let number = Double(text), number.rounded() == number, abs(number) < 9e15 { return .integer(Int64(number)) }
            throw RuleFailure(message: "not a whole number")
        case .real:
            guard let number = Double(text), number.isFinite else { throw RuleFailure(message: "not a number") }
            return .real(number)
        case .text, .country, .countries:
            return .text(text)
        case .yesNo:
            switch text.lowercased() {
            case "yes", "y", "true", "1": return .integer(1)
            case "no", "n", "false", "0": return .integer(0)
            default: throw RuleFailure(message: "expected Yes or No")
            }
        case .coded(let labels):
            guard let label = labels[text] else {
                throw RuleFailure(message: "not one of the codes \(labels.keys.sorted().joined(separator: ", "))")
            }
            return .text(label)
        case .date(let style):
            let parts = text.split(separator: style == .iso ? "-" : "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else {
                throw RuleFailure(message: style == .iso ? "not a date of the form YYYY-MM-DD" : "not a date of the form M/D/YYYY")
            }
            let date = style == .iso ? CalendarDate(year: a, month: b, day: c) : CalendarDate(year: c, month: a, day: b)
            guard date.isValid else { throw RuleFailure(message: "no such calendar date") }
            return .text(date.description)
        }
    }
}

/// A file whose bytes, hashed as they were read, are not those checksummed just before: it was written to between
/// the two passes, so the checksum would not describe the rows.
public struct FileChangedAfterChecksum: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// The SHA-256 taken first, and the one of the bytes read.
    public var before: String
    public var read: String

    public init(path: String, before: String, read: String) {
        self.path = path
        self.before = before
        self.read = read
    }

    public var description: String {
        "\(path): the file changed after its checksum was taken (SHA-256 \(before.prefix(12))… before, \(read.prefix(12))… as read); "
            + "nothing was imported from it: import it again once whatever writes it has finished"
    }
}
