import EntenteCore
import Testing

@Suite struct CrosswalkTests {
    let countries = [
        Country(code: CountryCode(255), abbreviation: "GMY", name: "Germany", iso3: "DEU", iso2: "DE"),
        Country(code: CountryCode(260), abbreviation: "GFR", name: "German Federal Republic"),
        Country(code: CountryCode(365), abbreviation: "RUS", name: "Russia", iso3: "RUS", iso2: "RU", cameo: "RUS"),
        Country(code: CountryCode(437), abbreviation: "CDI", name: "Ivory Coast", iso3: "CIV"),
    ]

    func crosswalk() throws -> Crosswalk {
        try Crosswalk(countries: countries, variants: [
            NameVariant(name: "Russian Federation", code: CountryCode(365)),
            NameVariant(name: "USSR", code: CountryCode(365)),
            NameVariant(name: "Côte d’Ivoire", code: CountryCode(437)),
            NameVariant(name: "Germany", code: CountryCode(255), toYear: 1945),
            NameVariant(name: "Germany", code: CountryCode(260), fromYear: 1946, toYear: 1989),
            NameVariant(name: "Germany", code: CountryCode(255), fromYear: 1990),
        ], nonStates: [NonStateEntity(name: "World", kind: .aggregate), NonStateEntity(name: "EU", kind: .organisation)])
    }

    @Test func normalisationIgnoresCaseDiacriticsAndPunctuation() {
        #expect(Crosswalk.normalize("Côte d’Ivoire") == "cote d ivoire")
        #expect(Crosswalk.normalize("  KOREA, Democratic People's Republic of ") == "korea democratic people s republic of")
        #expect(Crosswalk.normalize("China, P.R.: Mainland") == "china p r mainland")
    }

    @Test func resolvesVariantsCodesAndNonStates() throws {
        let crosswalk = try crosswalk()
        #expect(crosswalk.resolve(name: "russian federation") == .state(CountryCode(365)))
        #expect(crosswalk.resolve(name: "COTE D'IVOIRE") == .state(CountryCode(437)))
        #expect(crosswalk.resolve(name: "Russia") == .state(CountryCode(365)))
        #expect(crosswalk.resolve(name: "World") == .nonState(.aggregate))
        #expect(crosswalk.resolve(name: "Narnia") == .unknown)
        #expect(crosswalk.code(iso3: "rus") == CountryCode(365))
        #expect(crosswalk.code(cameo: "RUS") == CountryCode(365))
        #expect(crosswalk.resolve(userInput: "GFR") == CountryCode(260))
        #expect(crosswalk.resolve(userInput: "365") == CountryCode(365))
        // A written code: a COW number, ISO3 or COW abbreviation, never a name, and never a number outside the system.
        #expect(crosswalk.code(written: "365") == CountryCode(365) && crosswalk.code(written: "rus") == CountryCode(365))
        #expect(crosswalk.code(written: "GFR") == CountryCode(260))
        #expect(crosswalk.code(written: "Russia") == nil && crosswalk.code(written: "9999") == nil)
        #expect(crosswalk.resolve(userInput: "9999") == nil && crosswalk.resolve(userInput: " Russia ") == CountryCode(365))
    }

    @Test func yearLimitedNamesChooseByYearAndAreAmbiguousWithout() throws {
        let crosswalk = try crosswalk()
        #expect(crosswalk.resolve(name: "Germany", year: 1930) == .state(CountryCode(255)))
        #expect(crosswalk.resolve(name: "Germany", year: 1970) == .state(CountryCode(260)))
        #expect(crosswalk.resolve(name: "Germany", year: 1995) == .state(CountryCode(255)))
        #expect(crosswalk.resolve(name: "Germany") == .ambiguous([CountryCode(255), CountryCode(260)]))
    }

    @Test func inconsistentTablesAreRefused() {
        #expect(throws: CrosswalkInconsistency.self) {
            try Crosswalk(countries: countries, variants: [
                NameVariant(name: "Prussia", code: CountryCode(255), toYear: 1950),
                NameVariant(name: "Prussia", code: CountryCode(260), fromYear: 1946),
            ], nonStates: [])
        }
        #expect(throws: CrosswalkInconsistency.self) {
            try Crosswalk(countries: countries, variants: [NameVariant(name: "Atlantis", code: CountryCode(9999))], nonStates: [])
        }
        #expect(throws: CrosswalkInconsistency.self) {
            try Crosswalk(countries: countries, variants: [], nonStates: [NonStateEntity(name: "Russia", kind: .territory)])
        }
    }
}
