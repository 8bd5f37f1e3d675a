import Entente
import EntenteCore
import Hummingbird

// The JSON of the API: the evidence log, and the answer to a write. These types are the only place its shape is written: the
// OpenAPI document's schemas are read from them (`SchemaReader`), each under its `schemaName`.

/// A source an evidence item cites.
struct SourceDocument: Codable, APISchema {
    static let schemaName = "Source"
    let title: String
    let url: String?
    let symbol: String?
}

/// One evidence item, from the case file or added by the team.
struct EvidenceDocument: Codable, APISchema {
    static let schemaName = "Evidence"
    static let schemaNotes = SchemaNotes(properties: ["direction": .oneOf(EvidenceDirection.self)])
    let id: String
    let date: String
    let kind: String
    let title: String
    let summary: String
    let direction: String
    let signposts: [String]
    let sources: [SourceDocument]
    let origin: EvidenceOrigin
    let analyst: String?
    let submittedAt: String?

    /// Every item of the view's case file (which includes the team's), oldest first.
    static func all(_ view: DyadView) -> [EvidenceDocument] {
        guard let file = view.briefing.inputs.caseFile else { return [] }
        let team = Dictionary(view.teamEvidence.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        return file.evidence.map { item in
            let added = team[item.id]
            return EvidenceDocument(
                id: item.id, date: item.date.description, kind: item.kind.rawValue, title: item.title, summary: item.summary,
                direction: item.direction.rawValue, signposts: item.signposts,
                sources: item.sources.compactMap { file.sources[$0] }.map { SourceDocument(title: $0.title, url: $0.url, symbol: $0.symbol) },
                origin: added == nil ? .caseFile : .team, analyst: added?.analyst, submittedAt: added?.submittedAt)
        }
    }
}

/// Where an evidence item comes from.
enum EvidenceOrigin: String, Codable, APIEnumeration {
    /// The shipped case file.
    case caseFile = "case-file"
    /// An analyst on the team server.
    case team
}

/// `GET /api/dyads/{dyad}/evidence`.
struct EvidenceListDocument: Codable, APISchema, ResponseEncodable {
    static let schemaName = "EvidenceList"
    let dyad: String
    let evidence: [EvidenceDocument]
}

/// The answer to a write: whether it stored something new, and the stored record.
struct WriteDocument<Record: Encodable & APISchema>: Codable, APISchema, ResponseEncodable {
    /// Whether a write stored something new.
    enum Status: String, Codable, APIEnumeration {
        case created
        case unchanged
    }

    /// `EvidenceWrite` for a `TeamEvidence`, `ForecastWrite` for a `TeamForecast`.
    static var schemaName: String { Record.schemaName.replacingOccurrences(of: "Team", with: "") + "Write" }

    let status: Status
    let record: Record
}
