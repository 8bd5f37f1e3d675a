import EntenteCore
import EntenteData
import EntenteFormats
import Foundation

/// The reference tables shipped in `Data/reference`: the crosswalk and the state system.
public struct ReferenceData: Sendable {
    public let crosswalk: Crosswalk
    public let stateSystem: StateSystem
    /// The folder the tables were read from.
    public let directory: URL
    /// CAMEO actor country codes (as GDELT writes them) and the COW state each names; regions, territories and
    /// other non-state codes are present with no state, so they are recognised rather than guessed.
    public let cameoCountries: [String: CountryCode?]
    /// Polity's own state numbers (364 the USSR, 347 Serbia and Montenegro, ...) and the COW state each stands for
    /// in a span of years, in order of precedence (polity-codes.csv).
    public let polityCodes: [PolityCode]
    /// States that continued their predecessors' alliances, with the year (successor-states.csv).
    public let successions: [Succession]
    /// The sanction senders counted as Western (western-senders.csv).
    public let westernSenders: [WesternSender]

    /// A Polity number standing for a COW state from `fromYear` to `toYear`.
    public struct PolityCode: Sendable {
        public let polityCode: Int, fromYear: Int, toYear: Int, code: Int
    }

    /// A successor state and the predecessor whose ties it continued from `year`.
    public struct Succession: Sendable {
        public let predecessor: Int, successor: Int, year: Int
    }

    /// A Western sender: a COW state, or an organisation by name (`code` nil).
    public struct WesternSender: Sendable {
        public let name: String, code: Int?
    }

    /// Loads the shipped tables, or those in `directory` (for tests of the tables themselves).
    public init(directory: URL? = nil) throws {
        let directory = try directory ?? ReferenceFiles.directory()
        self.directory = directory
        let countries = try Self.rows(directory.appendingPathComponent("countries.csv"),
                                      ["ccode", "stateabb", "name", "iso3", "iso2", "gwcode", "cameo"]) { field, line in
            Country(code: CountryCode(try field.integer("ccode", line)), abbreviation: try field.text("stateabb", line),
                    name: try field.text("name", line), iso3: field.optional("iso3"), iso2: field.optional("iso2"),
                    gleditschWard: try field.optionalInteger("gwcode", line), cameo: field.optional("cameo"))
        }
        let variants = try Self.rows(directory.appendingPathComponent("country-names.csv"),
                                     ["name", "ccode", "from_year", "to_year"]) { field, line in
            NameVariant(name: try field.text("name", line), code: CountryCode(try field.integer("ccode", line)),
                        fromYear: try field.optionalInteger("from_year", line), toYear: try field.optionalInteger("to_year", line))
        }
        let nonStates = try Self.rows(directory.appendingPathComponent("non-states.csv"), ["name", "kind"]) { field, line in
            let kindText = try field.text("kind", line)
            guard let kind = NonStateKind(rawValue: kindText) else {
                throw FormatError(path: field.path, line: line, column: "kind", value: kindText,
                                  reason: "kind must be one of \(NonStateKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return NonStateEntity(name: try field.text("name", line), kind: kind)
        }
        let periods = try Self.rows(directory.appendingPathComponent("state-system.csv"), ["ccode", "start", "end"]) { field, line in
            MembershipPeriod(code: CountryCode(try field.integer("ccode", line)), start: try field.date("start", line),
                             end: try field.date("end", line))
        }
        crosswalk = try Crosswalk(countries: countries, variants: variants, nonStates: nonStates)
        let known = Set(countries.map(\.code))
        let cameo = try Self.rows(directory.appendingPathComponent("cameo-countries.csv"), ["cameo", "ccode", "kind"]) { field, line in
            let code = try field.optionalInteger("ccode", line).map { CountryCode($0) }
            if let code, !known.contains(code) {
                throw FormatError(path: field.path, line: line, column: "ccode", value: code.description, reason: "not a COW code in countries.csv")
            }
            return (try field.text("cameo", line), code)
        }
        cameoCountries = Dictionary(cameo, uniquingKeysWith: { first, _ in first })
        polityCodes = try Self.rows(directory.appendingPathComponent("polity-codes.csv"), ["polity_ccode", "ccode"]) { field, line in
            PolityCode(polityCode: try field.integer("polity_ccode", line), fromYear: try field.optionalInteger("from_year", line) ?? Int.min,
                       toYear: try field.optionalInteger("to_year", line) ?? Int.max, code: try field.integer("ccode", line))
        }
        successions = try Self.rows(directory.appendingPathComponent("successor-states.csv"), ["predecessor", "successor", "year"]) { field, line in
            Succession(predecessor: try field.integer("predecessor", line), successor: try field.integer("successor", line),
                       year: try field.integer("year", line))
        }
        westernSenders = try Self.rows(directory.appendingPathComponent("western-senders.csv"), ["sender", "ccode"]) { field, line in
            WesternSender(name: try field.text("sender", line), code: try field.optionalInteger("ccode", line))
        }
        stateSystem = StateSystem(periods: periods, releaseEnd: periods.map(\.end).max() ?? CalendarDate(year: 2016, month: 12, day: 31))
    }

    /// The fields of one reference row by header name, with typed accessors that report file, line and column.
    struct Fields {
        let path: String
        let values: [String: String]

        func optional(_ name: String) -> String? {
            let value = values[name] ?? ""
            return value.isEmpty ? nil : value
        }

        func text(_ name: String, _ line: Int) throws -> String {
            guard let value = optional(name) else {
                throw FormatError(path: path, line: line, column: name, reason: "a value is required")
            }
            return value
        }

        func integer(_ name: String, _ line: Int) throws -> Int {
            let value = try text(name, line)
            guard let number = Int(value) else {
                throw FormatError(path: path, line: line, column: name, value: value, reason: "not a whole number")
            }
            return number
        }

        func optionalInteger(_ name: String, _ line: Int) throws -> Int? {
            optional(name) == nil ? nil : try integer(name, line)
        }

        func date(_ name: String, _ line: Int) throws -> CalendarDate {
            let value = try text(name, line)
            let parts = value.split(separator: "-").compactMap { Int($0) }
            let date = parts.count == 3 ? CalendarDate(year: parts[0], month: parts[1], day: parts[2]) : nil
            guard let date, date.isValid else {
                throw FormatError(path: path, line: line, column: name, value: value, reason: "not a date YYYY-MM-DD")
            }
            return date
        }
    }

    static func rows<T>(_ url: URL, _ required: [String], _ make: (Fields, Int) throws -> T) throws -> [T] {
        let reader = DelimitedReader(path: url.path, input: try FileInput(path: url.path))
        guard try reader.nextRecord() else { throw FormatError(path: url.path, line: 1, reason: "the file is empty") }
        let header = try reader.strings()
        for name in required where !header.contains(name) {
            throw FormatError(path: url.path, line: 1, column: name, reason: "the header lacks this column")
        }
        var result: [T] = []
        while try reader.nextRecord() {
            let values = try reader.strings()
            guard values.count == header.count else {
                throw FormatError(path: url.path, line: reader.line,
                                  reason: "expected \(header.count) fields, found \(values.count)")
            }
            result.append(try make(Fields(path: url.path, values: Dictionary(zip(header, values), uniquingKeysWith: { a, _ in a })),
                                   reader.line))
        }
        return result
    }
}
