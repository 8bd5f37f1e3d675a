import Foundation

/// What a Spark roll-up job computes, written as `job.json` beside the job's script and copied into its output: the
/// roll-up format, the Entente version that wrote the job, the selection and the reading options. `events
/// import-rollup` refuses a roll-up whose description does not match what it is asked to import.
public struct SparkJobDescription: Codable, Hashable, Sendable {
    /// The layout of the job's output that this Entente reads (the columns of `rollup/`, `files/`, `event_ids/`).
    public static let currentFormat = 1

    /// The selection as the job reads it.
    public struct Selection: Codable, Hashable, Sendable {
        public var rootOnly: Bool
        public var minimumSources: Int
        public var minimumArticles: Int
        /// Upper-case, sorted.
        public var actorTypes: [String]
        public var dropNearDuplicates: Bool

        enum CodingKeys: String, CodingKey {
            case rootOnly = "root_only", minimumSources = "minimum_sources", minimumArticles = "minimum_articles"
            case actorTypes = "actor_types", dropNearDuplicates = "drop_near_duplicates"
        }
    }

    public var format: Int
    public var ententeVersion: String
    public var selection: Selection
    /// `EventSelection.summary`, for people reading the file.
    public var selectionSummary: String
    /// Whether malformed lines are set aside (`--keep-going`) instead of stopping the job.
    public var keepGoing: Bool
    public var maxRecordBytes: Int

    enum CodingKeys: String, CodingKey {
        case format, selection
        case ententeVersion = "entente_version", selectionSummary = "selection_summary", keepGoing = "keep_going"
        case maxRecordBytes = "max_record_bytes"
    }

    /// The description of a job this Entente writes.
    public init(selection: EventSelection, keepGoing: Bool, maxRecordBytes: Int) {
        format = Self.currentFormat
        ententeVersion = EntenteVersion.current
        self.selection = Selection(rootOnly: selection.rootOnly, minimumSources: selection.minimumSources,
                                   minimumArticles: selection.minimumArticles,
                                   actorTypes: selection.actorTypes.map { $0.uppercased() }.sorted(),
                                   dropNearDuplicates: selection.dropNearDuplicates)
        selectionSummary = selection.summary
        self.keepGoing = keepGoing
        self.maxRecordBytes = maxRecordBytes
    }

    /// The selection as the native import takes it.
    public var eventSelection: EventSelection {
        var value = EventSelection()
        value.rootOnly = selection.rootOnly
        value.minimumSources = selection.minimumSources
        value.minimumArticles = selection.minimumArticles
        value.actorTypes = Set(selection.actorTypes)
        value.dropNearDuplicates = selection.dropNearDuplicates
        return value
    }

    /// Entente versions agree on the roll-up when their major and minor numbers do (0.1.x reads 0.1.y).
    static func compatible(_ version: String, with current: String) -> Bool {
        let left = version.split(separator: "."), right = current.split(separator: ".")
        return left.count >= 2 && right.count >= 2 && left.prefix(2) == right.prefix(2)
    }

    /// Throws a `SparkRollupRefusal` when a roll-up with this description cannot be imported as `selection` by this
    /// version of Entente.
    public func checkImportable(as selection: EventSelection) throws {
        guard format == Self.currentFormat else {
            throw SparkRollupRefusal(message: "the roll-up has format \(format) and this Entente \(EntenteVersion.current) reads format "
                                     + "\(Self.currentFormat): write the job again with `entente events spark-job` and re-run it")
        }
        guard Self.compatible(ententeVersion, with: EntenteVersion.current) else {
            throw SparkRollupRefusal(message: "the roll-up was made by a job of Entente \(ententeVersion), which counts events differently "
                                     + "from this Entente \(EntenteVersion.current): write the job again with `entente events spark-job` and re-run it")
        }
        let wanted = SparkJobDescription(selection: selection, keepGoing: keepGoing, maxRecordBytes: maxRecordBytes)
        guard self.selection == wanted.selection else {
            throw SparkRollupRefusal(message: "the roll-up was made with the selection '\(selectionSummary)' and this import asks for "
                                     + "'\(selection.summary)': give import-rollup the selection options the job was written with, "
                                     + "or write and run the job again with the selection you want")
        }
    }
}

/// A roll-up that cannot be imported, and why.
public struct SparkRollupRefusal: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
