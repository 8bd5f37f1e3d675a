import EntenteCore
import EntenteFormats
import Foundation

/// Briefing work kept between runs on one imported database: the trained models and each dyad's panel-derived
/// inputs. Every entry is filed under a key made of the database's dataset checksums, what was asked for and
/// Entente's version, so a re-imported file, another option or another release never reads a stale entry; an
/// entry is written whole (temp file and rename) or not at all.
public struct BriefingCache: Sendable {
    /// The folder the entries live in.
    public let directory: URL

    /// A cache in `directory`, created when the first entry is written.
    public init(directory: URL) { self.directory = directory }

    /// The default place for a database's cache: a folder beside it (`entente.sqlite.cache`).
    public static func beside(database path: String) -> BriefingCache {
        BriefingCache(directory: URL(fileURLWithPath: path + ".cache"))
    }

    /// The file an entry of `kind` lives in, for the key made of `parts` and the dataset `checksums`.
    func url(_ kind: String, checksums: [AllianceModel.DatasetChecksum], _ parts: [String]) -> URL {
        let key = ([EntenteVersion.current] + checksums.map { "\($0.dataset) \($0.sha256)" }.sorted() + parts).joined(separator: "\n")
        return directory.appendingPathComponent("\(kind)-\(FileDigest.sha256(Array(key.utf8)).prefix(32)).json")
    }

    /// The entry at `url`, or nil when there is none. An entry that cannot be read is an error naming the file, so
    /// a damaged cache is noticed rather than silently recomputed for ever.
    func read<Entry: Decodable>(_ type: Entry.Type, at url: URL) throws -> Entry? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: url))
        } catch {
            throw ModelError("the cached entry \(url.path) cannot be read (\(error.localizedDescription)); delete it to recompute")
        }
    }

    /// Writes `entry` to `url` whole, creating the folder if needed.
    func write<Entry: Encodable>(_ entry: Entry, to url: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Snapshot.encoded(entry).write(to: url, options: .atomic)
    }

    /// Writes `entry` when it can; a cache that cannot be written (a read-only folder, a full disk) costs the
    /// next run time, not this one its result, so the failure is reported and the briefing goes on.
    func keep<Entry: Encodable>(_ entry: Entry, at url: URL?, progress: (String) -> Void) {
        guard let url else { return }
        do { try write(entry, to: url) } catch {
            progress("could not keep \(url.lastPathComponent) in the cache \(directory.path): \(error.localizedDescription)")
        }
    }
}

/// The models a briefing trains from a database: the ensemble, its members on bilateral treaties and the single
/// default specification.
struct CachedModels: Codable {
    var model: AllianceModel
    var ensemble: EnsembleForecaster
    /// The members trained on bilateral treaties only.
    var bilateral: EnsembleForecaster
}

/// What a briefing reads from the panel and indices for one dyad: its panel rows, the alignment and pressure
/// series, the pressure test's findings and the reference class.
struct CachedDyad: Codable {
    var columns: [String]
    var rows: [SnapshotDyad.PanelRow]
    var alignment: [AlignmentIndex.Year]
    var pressure: [PressurePoint]
    var pressureTest: [String]
    var referenceClass: ReferenceClass?

    /// The dyad's rows as a panel again, with the columns in their original order.
    func panel(_ first: Int, _ second: Int) -> DyadYearPanel {
        var panel = DyadYearPanel(directed: false)
        panel.ccode1 = rows.map { _ in Int32(first) }
        panel.ccode2 = rows.map { _ in Int32(second) }
        panel.year = rows.map { Int32($0.year) }
        panel.columns = columns.map { name in
            PanelColumn(name: name, kind: .real, values: rows.map { ($0.values[name] ?? nil) ?? .nan })
        }
        return panel
    }

    /// The entry for a dyad's rows and series.
    init(rows panel: DyadYearPanel, alignment: [AlignmentIndex.Year], pressure: [PressurePoint], pressureTest: [String],
         referenceClass: ReferenceClass?) {
        columns = panel.columns.map(\.name)
        rows = SnapshotDyad.PanelRow.rows(panel)
        self.alignment = alignment
        self.pressure = pressure
        self.pressureTest = pressureTest
        self.referenceClass = referenceClass
    }
}
