import Foundation

/// What a name that is not a state stands for.
public enum NonStateKind: String, Sendable, Codable, CaseIterable {
    /// A sum over states: "World", "Advanced Economies", a region.
    case aggregate
    /// An international organisation: "EU", "UN", "African Union".
    case organisation
    /// An armed group or other actor that is not a state.
    case nonState = "non-state"
    /// A dependent or unrecognised territory: "Hong Kong SAR", "Palestine".
    case territory
}

/// One spelling of a state's name as some dataset writes it, optionally limited to years where the same
/// spelling means different COW states at different times ("Germany", "Yemen").
public struct NameVariant: Hashable, Sendable, Codable {
    public var name: String
    public var code: CountryCode
    public var fromYear: Int?
    public var toYear: Int?

    /// Creates a variant; `nil` years leave the range open.
    public init(name: String, code: CountryCode, fromYear: Int? = nil, toYear: Int? = nil) {
        self.name = name
        self.code = code
        self.fromYear = fromYear
        self.toYear = toYear
    }

    /// Whether the variant applies in the year.
    public func covers(_ year: Int) -> Bool {
        (fromYear.map { $0 <= year } ?? true) && (toYear.map { year <= $0 } ?? true)
    }

    /// Whether the variant applies in every year.
    public var isUnbounded: Bool { fromYear == nil && toYear == nil }
}

/// A name recognised as not being a state, so that it is never mistaken for one.
public struct NonStateEntity: Hashable, Sendable, Codable {
    public var name: String
    public var kind: NonStateKind

    /// Creates a non-state entry.
    public init(name: String, kind: NonStateKind) {
        self.name = name
        self.kind = kind
    }
}

/// The outcome of looking a name up. A name is resolved or reported, never guessed.
public enum NameResolution: Hashable, Sendable {
    case state(CountryCode)
    case nonState(NonStateKind)
    /// No entry has this name (after normalisation), or none covers the year.
    case unknown
    /// Several states carry this name and no year was given to choose between them.
    case ambiguous([CountryCode])
}

/// A problem in the crosswalk's own tables, found when it is built.
public struct CrosswalkInconsistency: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Maps the names and codes datasets use to COW state codes.
public struct Crosswalk: Sendable {
    /// Every state, keyed by COW code.
    public let countries: [CountryCode: Country]
    private let variantsByKey: [String: [NameVariant]]
    private let nonStatesByKey: [String: NonStateKind]
    private let byISO3: [String: CountryCode]
    private let byISO2: [String: CountryCode]
    private let byAbbreviation: [String: CountryCode]
    private let byCAMEO: [String: CountryCode]

    /// Builds the crosswalk and checks that its tables agree: every variant names a known state, no name is both
    /// a state and a non-state, one name's year ranges do not overlap for different states, codes are unique.
    public init(countries: [Country], variants: [NameVariant], nonStates: [NonStateEntity]) throws {
        var byCode: [CountryCode: Country] = [:]
        for country in countries {
            guard byCode.updateValue(country, forKey: country.code) == nil else {
                throw CrosswalkInconsistency(message: "COW code \(country.code) appears twice in the country table")
            }
        }
        func index(_ key: (Country) -> String?, _ label: String) throws -> [String: CountryCode] {
            var result: [String: CountryCode] = [:]
            for country in countries {
                guard let value = key(country), !value.isEmpty else { continue }
                if let other = result.updateValue(country.code, forKey: value.uppercased()) {
                    throw CrosswalkInconsistency(message: "\(label) \(value) belongs to both \(other) and \(country.code)")
                }
            }
            return result
        }
        byISO3 = try index({ $0.iso3 }, "ISO3 code")
        byISO2 = try index({ $0.iso2 }, "ISO2 code")
        byCAMEO = try index({ $0.cameo }, "CAMEO code")
        byAbbreviation = try index({ $0.abbreviation }, "COW abbreviation")

        var variantTable: [String: [NameVariant]] = [:]
        for variant in variants {
            guard byCode[variant.code] != nil else {
                throw CrosswalkInconsistency(message: "name '\(variant.name)' points to unknown COW code \(variant.code)")
            }
            let key = Self.normalize(variant.name)
            var existing = variantTable[key, default: []]
            if existing.contains(where: { $0.code == variant.code && $0.isUnbounded }) && variant.isUnbounded { continue }
            for other in existing where other.code != variant.code && Self.overlap(other, variant) {
                throw CrosswalkInconsistency(message:
                    "name '\(variant.name)' means both \(other.code) and \(variant.code) in overlapping years")
            }
            existing.append(variant)
            variantTable[key] = existing
        }
        // A canonical COW name counts as a variant unless the variants table already says what it means.
        for country in countries where variantTable[Self.normalize(country.name)] == nil {
            variantTable[Self.normalize(country.name)] = [NameVariant(name: country.name, code: country.code)]
        }
        var nonStateTable: [String: NonStateKind] = [:]
        for entity in nonStates {
            let key = Self.normalize(entity.name)
            if variantTable[key] != nil {
                throw CrosswalkInconsistency(message: "'\(entity.name)' is listed both as a state name and as a \(entity.kind.rawValue)")
            }
            nonStateTable[key] = entity.kind
        }
        self.countries = byCode
        variantsByKey = variantTable
        nonStatesByKey = nonStateTable
    }

    private static func overlap(_ a: NameVariant, _ b: NameVariant) -> Bool {
        let aLow = a.fromYear ?? Int.min, aHigh = a.toYear ?? Int.max
        let bLow = b.fromYear ?? Int.min, bHigh = b.toYear ?? Int.max
        return aLow <= bHigh && bLow <= aHigh
    }

    /// The matching key of a name: case-folded, diacritics removed, every run of other characters than letters
    /// and digits made one space, trimmed. "Côte d’Ivoire" and "COTE D'IVOIRE" share the key "cote d ivoire".
    public static func normalize(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var key = ""
        key.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !key.isEmpty { key.append(" ") }
                pendingSpace = false
                key.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return key
    }

    /// Resolves a dataset's name for a state. With a year, year-limited variants choose between states.
    public func resolve(name: String, year: Int? = nil) -> NameResolution {
        let key = Self.normalize(name)
        if let kind = nonStatesByKey[key] { return .nonState(kind) }
        guard let candidates = variantsByKey[key] else { return .unknown }
        let applicable = year.map { year in candidates.filter { $0.covers(year) } } ?? candidates
        let codes = Array(Set(applicable.map(\.code))).sorted()
        switch codes.count {
        case 0: return .unknown
        case 1: return .state(codes[0])
        default: return .ambiguous(codes)
        }
    }

    /// The state with an ISO 3166-1 alpha-3 code.
    public func code(iso3: String) -> CountryCode? { byISO3[iso3.uppercased()] }
    /// The state with an ISO 3166-1 alpha-2 code.
    public func code(iso2: String) -> CountryCode? { byISO2[iso2.uppercased()] }
    /// The state with a COW abbreviation.
    public func code(abbreviation: String) -> CountryCode? { byAbbreviation[abbreviation.uppercased()] }
    /// The state with a CAMEO country code.
    public func code(cameo: String) -> CountryCode? { byCAMEO[cameo.uppercased()] }

    /// The state a code names: a COW number, an ISO3 code or a COW abbreviation (ISO3 first where the two
    /// disagree). The one reading of a written state code; names are `resolve(userInput:)`'s.
    public func code(written text: String) -> CountryCode? {
        if let number = Int(text) { return countries[CountryCode(number)]?.code }
        return code(iso3: text) ?? code(abbreviation: text)
    }

    /// Resolves what a user types for a state: a COW number, an ISO3 or COW abbreviation, or a name.
    public func resolve(userInput: String) -> CountryCode? {
        let trimmed = userInput.trimmingCharacters(in: .whitespaces)
        if let code = code(written: trimmed) { return code }
        if Int(trimmed) == nil, case .state(let code) = resolve(name: trimmed) { return code }
        return nil
    }
}
