import Foundation

/// Locates the files that ship inside the Entente tool: reference tables (crosswalk, state system, CAMEO tables),
/// case files and the snapshot of derived data.
public enum BundledData {
    /// The folder that holds the shipped reference files.
    public static var referenceDirectory: URL {
        Bundle.module.url(forResource: "reference", withExtension: nil)!
    }

    /// The URL of one shipped reference file, such as `countries.csv`.
    public static func url(_ name: String) -> URL {
        referenceDirectory.appendingPathComponent(name)
    }

    /// The folder that holds the shipped case files, one per dyad, named `ISO1-ISO2.json`.
    public static var casesDirectory: URL {
        Bundle.module.url(forResource: "cases", withExtension: nil)!
    }

    /// The folder that holds the shipped snapshot of derived data (`entente snapshot build`): models, the latest
    /// dyad-years and the watch-list dyads, so that a fresh clone can brief without importing anything.
    public static var snapshotDirectory: URL {
        Bundle.module.url(forResource: "snapshot", withExtension: nil)!
    }

    /// The shipped case file for two states given by ISO3 code, in either order (`CHN-RUS.json` serves both
    /// `CHN, RUS` and `RUS, CHN`), or nil if none ships.
    public static func caseFile(for first: String, _ second: String) -> URL? {
        let (a, b) = (first.uppercased(), second.uppercased())
        return ["\(a)-\(b).json", "\(b)-\(a).json"].lazy
            .map { casesDirectory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
