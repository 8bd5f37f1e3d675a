import EntenteCore
import EntenteFormats
import Foundation

/// One problem found in a case file: where (the item and field) and what is wrong.
public struct CaseFileProblem: Hashable, Sendable, CustomStringConvertible {
    /// The item, such as `evidence[12] (id "2014-05-gas-deal")`; nil for the file's top level.
    public var item: String?
    /// The field within the item, such as `date`.
    public var field: String?
    /// The line, for JSON syntax errors.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates a problem.
    public init(item: String? = nil, field: String? = nil, line: Int? = nil, message: String) {
        self.item = item
        self.field = field
        self.line = line
        self.message = message
    }

    /// `item, field "name": message` (or `line N: message`).
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let item { place.append(item) }
        if let field { place.append("field \"\(field)\"") }
        return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
    }
}

/// A case file could not be read, or broke one or more rules of `Docs/case-file.md`; every problem found is listed.
public struct CaseFileError: Error, Sendable, CustomStringConvertible {
    /// The file, as given to the loader.
    public var path: String
    /// Every problem found, section by section in the order of the format.
    public var problems: [CaseFileProblem]

    /// Creates the error.
    public init(path: String, problems: [CaseFileProblem]) {
        self.path = path
        self.problems = problems
    }

    /// One line per problem, each starting with the file, so that every line can be read (or grepped) alone.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["\(path): \(count) in the case file"] + problems.map { "\(path): \($0)" }).joined(separator: "\n")
    }
}

/// Reads a case file (`Docs/case-file.md`) and checks every rule, resolving the dyad through the crosswalk and
/// side-neutral columns to the panel's orientation.
public struct CaseFileLoader: Sendable {
    /// The crosswalk that resolves the dyad and actors.
    public let reference: ReferenceData
    /// The folder of case files named `ISO1-ISO2.json` that `shipped(_:_:)` reads (the tool's are in `Data/cases`),
    /// or nil for none.
    public let cases: URL?

    /// Creates a loader that resolves states through `reference` and finds a pair's case file in `cases`.
    public init(reference: ReferenceData, cases: URL? = nil) {
        self.reference = reference
        self.cases = cases
    }

    /// Reads and checks the case file at `url`.
    public func load(_ url: URL) throws -> CaseFile {
        let data: Data
        do {
            data = Data(try FileInput.contents(of: url.path, limit: 16 << 20))
        } catch let error as InputError {
            throw CaseFileError(path: url.path, problems: [CaseFileProblem(message: "cannot read the file: \(error.message)")])
        }
        return try decode(data, path: url.path)
    }

    /// Checks case-file JSON; `path` names it in the messages.
    public func decode(_ data: Data, path: String) throws -> CaseFile {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw CaseFileError(path: path, problems: [Self.syntaxProblem(data)])
        }
        let check = CaseFileCheck(reference: reference)
        let file = check.caseFile(root)
        guard check.problems.isEmpty, let file else { throw CaseFileError(path: path, problems: check.problems) }
        return file
    }

    /// The case file for a pair in the `cases` folder (`ISO1-ISO2.json`, either order: `CHN-RUS.json` serves both
    /// `CHN, RUS` and `RUS, CHN`), or nil if there is none.
    public func shipped(_ a: CountryCode, _ b: CountryCode) throws -> CaseFile? {
        guard let cases, let first = reference.crosswalk.countries[a]?.iso3,
              let second = reference.crosswalk.countries[b]?.iso3 else { return nil }
        let url = ["\(first)-\(second).json", "\(second)-\(first).json"].lazy
            .map { cases.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        return try url.map(load)
    }

    /// The syntax error with its line and column. JSONDecoder gives no position on Linux; JSONSerialization names
    /// the byte offset ("around character N"), which is turned into a line here.
    static func syntaxProblem(_ data: Data) -> CaseFileProblem {
        let reason: String
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            reason = "not valid JSON"
        } catch {
            reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
        }
        guard let range = reason.range(of: #"character \d+"#, options: .regularExpression),
              let offset = Int(reason[range].dropFirst("character ".count)) else {
            return CaseFileProblem(message: "not valid JSON: \(reason)")
        }
        let before = data.prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return CaseFileProblem(line: line, message: "not valid JSON at column \(column): \(reason)")
    }
}
