import EntenteCore
import EntenteFormats
import Foundation

/// Where a snapshot came from and how to rebuild it. Deliberately without timestamps or absolute paths: the same
/// data gives the same bytes.
public struct SnapshotProvenance: Sendable, Codable, Equatable {
    public var format: String
    public var ententeVersion: String
    /// The command that rebuilds the snapshot, run from the repository root.
    public var command: String
    public var years: Years
    /// Every dataset of the database the snapshot was built from.
    public var datasets: [Dataset]
    /// The models: written, or left out and why.
    public var models: [Model]
    /// The dyads with a file under `dyads/`.
    public var watchList: [WatchDyad]

    /// The year spans the snapshot covers, each `[first, last]`.
    public struct Years: Sendable, Codable, Equatable {
        /// The panel the models were fitted on and latest.csv was taken from (the models' years and the year
        /// before, for the lag).
        public var modelPanel: [Int]
        /// The years of latest.csv's rows: the panel's last two and, before them, the last year with values of a
        /// predictor that has none in those two (IGO data end in 2014).
        public var latest: [Int]
        /// The panel rows and pressure of the dyad files.
        public var dyadPanel: [Int]
        /// The alignment index of the dyad files.
        public var alignment: [Int]
        /// The pressure test of the dyad files.
        public var pressureTest: [Int]
        /// The years of the ICEWS data the dyad files' events come from; nil in a snapshot written before events
        /// shipped.
        public var events: [Int]?
    }

    /// One dataset file: the ledger's name and SHA-256, with the catalogue's title and source where it has them.
    public struct Dataset: Sendable, Codable, Equatable {
        public var dataset: String
        public var file: String
        /// Where `import all` finds the file under the shared data folder, when the catalogue knows it.
        public var path: String?
        public var sha256: String
        public var title: String?
        public var source: String?
    }

    /// One model of the snapshot.
    public struct Model: Sendable, Codable, Equatable {
        /// The model file, or nil when the fit failed.
        public var file: String?
        public var outcome: String
        public var years: [Int]
        public var observations: Int?
        public var events: Int?
        /// Why the model was left out.
        public var omitted: String?
    }

    /// A watch-list dyad and its file.
    public struct WatchDyad: Sendable, Codable, Equatable {
        public var iso1: String
        public var iso2: String
        /// The file under `dyads/`, named in the watch list's order (`CHN-RUS.json`).
        public var file: String
    }
}
