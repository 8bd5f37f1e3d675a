/// A Correlates of War (COW) state number, the key every Entente dataset is joined on.
public struct CountryCode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The COW numeric code, such as 710 for China or 365 for Russia.
    public let rawValue: Int

    /// Wraps a COW numeric code.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Wraps a COW numeric code.
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One state of the COW state system with the codes other datasets use for it.
public struct Country: Hashable, Sendable, Codable {
    /// COW numeric code.
    public var code: CountryCode
    /// COW three-letter abbreviation, such as `CHN` or `RUS`.
    public var abbreviation: String
    /// English name as COW spells it.
    public var name: String
    /// ISO 3166-1 alpha-3 code, when the state has one.
    public var iso3: String?
    /// ISO 3166-1 alpha-2 code, when the state has one.
    public var iso2: String?
    /// Gleditsch–Ward code, set only where it differs from the COW code.
    public var gleditschWard: Int?
    /// CAMEO country code as GDELT and ICEWS actors carry it.
    public var cameo: String?

    /// Creates a country record.
    public init(code: CountryCode, abbreviation: String, name: String, iso3: String? = nil, iso2: String? = nil,
                gleditschWard: Int? = nil, cameo: String? = nil) {
        self.code = code
        self.abbreviation = abbreviation
        self.name = name
        self.iso3 = iso3
        self.iso2 = iso2
        self.gleditschWard = gleditschWard
        self.cameo = cameo
    }
}
