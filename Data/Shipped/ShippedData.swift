import EntenteData
import Foundation

/// What the `entente` tool ships beside the library: the case files (`Data/cases`) and the snapshot of derived
/// data (`Data/snapshot`, rebuilt by `entente snapshot build`). A program that uses the library alone does not
/// carry them; it passes its own folders to `Snapshot.load(from:)` and `CaseFileLoader(reference:cases:)`.
public enum ShippedData {
    /// The folder of shipped case files, one per dyad, named `ISO1-ISO2.json`.
    public static func casesDirectory() throws -> URL {
        try BundledFolder.locate("cases", in: .module)
    }

    /// The folder of the shipped snapshot: models, the latest dyad-years and the watch-list dyads, so that a
    /// fresh clone can brief without importing anything.
    public static func snapshotDirectory() throws -> URL {
        try BundledFolder.locate("snapshot", in: .module)
    }
}
