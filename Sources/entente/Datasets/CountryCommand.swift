import ArgumentParser
import Entente
import EntenteCore

struct CountryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "country", abstract: "Resolve a country name or code through the crosswalk.",
        discussion: "Accepts a COW number, an ISO3 or COW abbreviation, or any name variant a dataset uses. An unknown name is reported, never guessed.")

    @OptionGroup var output: OutputOptions

    @Argument(help: "A name or code, such as \"Russian Federation\", RUS or 365.")
    var name: String

    @Option(help: "The year, where one name meant different states at different times.")
    var year: Int?

    func run() throws {
        let reference = try ReferenceData()
        let code: CountryCode
        if let direct = Int(name).flatMap({ reference.crosswalk.countries[CountryCode($0)]?.code }) {
            code = direct
        } else {
            switch reference.crosswalk.resolve(name: name, year: year) {
            case .state(let resolved): code = resolved
            case .nonState(let kind): print("'\(name)' is a known \(kind.rawValue), not a state"); return
            case .ambiguous(let codes):
                throw CommandFailure(description: "'\(name)' means several states (\(codes.map(\.description).joined(separator: ", "))); give --year")
            case .unknown:
                guard let resolved = reference.crosswalk.resolve(userInput: name) else {
                    throw CommandFailure(description: "'\(name)' is not in the crosswalk")
                }
                code = resolved
            }
        }
        let country = reference.crosswalk.countries[code]!
        func optional(_ value: String?) -> FieldValue { value.map(FieldValue.text) ?? .null }
        let member = year.map { reference.stateSystem.isMember(code, in: $0) ? "yes" : "no" }
        print(ReportTable(columns: ["ccode", "stateabb", "name", "iso3", "iso2", "gwcode", "cameo", "member_in_year"], rows: [[
            .integer(Int64(code.rawValue)), .text(country.abbreviation), .text(country.name), optional(country.iso3),
            optional(country.iso2), country.gleditschWard.map { .integer(Int64($0)) } ?? .null, optional(country.cameo),
            optional(member),
        ]]).render(output.format), terminator: "")
    }
}
