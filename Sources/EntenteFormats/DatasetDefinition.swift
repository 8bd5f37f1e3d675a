import EntenteCore

/// How the text of one field becomes a stored value.
public enum FieldRule: Sendable {
    /// A whole number; `12.0` is accepted as 12 (TIES and the ideal points write integers as decimals).
    case integer
    case real
    case text
    /// `Yes`/`No` (any case) stored as 1/0.
    case yesNo
    /// A date stored as ISO `YYYY-MM-DD` text.
    case date(DateStyle)
    /// A code translated to a label through the table (Voeten's vote codes 1/2/3/8/9).
    case coded([String: String])
    /// A country name resolved through the crosswalk: the name is stored as text and its COW code in
    /// `<target>_ccode` (NULL for a recognised non-state). `yearFrom` names the source column whose integer
    /// chooses between states that share a name in different years.
    case country(yearFrom: String?)
    /// Several country names in one cell separated by commas (GSDB: "Austria, Finland, Sweden"), where a name
    /// may itself hold a comma ("Korea, North"): the longest run of pieces that resolves is taken as one name.
    /// Each name yields its own stored row.
    case countries(yearFrom: String?)
}

/// Where a dataset whose rows carry no year finds one: another, already imported dataset keyed by one of
/// this dataset's columns (UN votes take their year from the roll call's date).
public struct YearLookup: Sendable {
    /// The column of this dataset holding the key, such as `rcid`.
    public var keyColumn: String
    /// The dataset that maps the key to a year, such as `un-roll-calls`.
    public var dataset: String
    /// The column of that dataset holding an ISO date, whose year is taken.
    public var dateColumn: String

    /// Creates a year lookup.
    public init(keyColumn: String, dataset: String, dateColumn: String) {
        self.keyColumn = keyColumn
        self.dataset = dataset
        self.dateColumn = dateColumn
    }
}

/// The ways datasets write dates.
public enum DateStyle: Sendable {
    /// `1990-05-31`
    case iso
    /// `5/31/1990`, as Voeten's vote file writes it.
    case monthDayYear
}

/// One column of a source file and where it is stored.
public struct SourceColumn: Sendable {
    /// The column's name in the file's header.
    public var header: String
    /// The stored column's name.
    public var target: String
    public var rule: FieldRule
    /// Field texts meaning "missing", stored as NULL (the empty field always is).
    public var missing: Set<String>
    /// Whether a missing value is an error.
    public var required: Bool
    /// What the column means, for `entente describe`.
    public var summary: String
    /// Known defects of a release, repaired deliberately: raw text → corrected text (each documented in `summary`).
    public var corrections: [String: String]

    /// Creates a column mapping.
    public init(_ header: String, as target: String? = nil, _ rule: FieldRule, missing: Set<String> = [],
                required: Bool = false, summary: String = "", corrections: [String: String] = [:]) {
        self.header = header
        self.target = target ?? header
        self.rule = rule
        self.missing = missing
        self.required = required
        self.summary = summary
        self.corrections = corrections
    }

    var storedColumns: [StoredColumn] {
        switch rule {
        case .integer, .yesNo: [StoredColumn(target, .integer, summary)]
        case .real: [StoredColumn(target, .real, summary)]
        case .text, .date, .coded: [StoredColumn(target, .text, summary)]
        case .country, .countries:
            [StoredColumn(target, .text, summary), StoredColumn(target + "_ccode", .integer, "COW code of \(target)")]
        }
    }
}

/// A wide file turned long: every header not mapped by the layout's columns (and accepted by `selects`)
/// becomes a key, and each of its cells a row with that key and the cell as value.
public struct WideToLong: Sendable {
    public var key: SourceColumn
    public var value: SourceColumn
    /// Which unmapped headers are keys; others must be listed as ignored.
    public var selects: @Sendable (String) -> Bool
    /// Cell texts that produce no row: documented absences such as IGO status 0 ("not a member").
    public var skippedValues: Set<String>

    /// Creates a reshaping rule. The key column's `header` is unused; its rule parses the header text.
    public init(key: SourceColumn, value: SourceColumn, skippedValues: Set<String> = [],
                selects: @escaping @Sendable (String) -> Bool) {
        self.key = key
        self.value = value
        self.selects = selects
        self.skippedValues = skippedValues
    }
}

/// The stored columns whose values identify one row of a dataset (NMC: `ccode`, `year`). Import enforces it: a
/// second row with the same values stops the import, or is rejected under keep-going. A key with a missing
/// part identifies nothing and is not checked, as in SQL's UNIQUE (V-Dem units outside the COW system).
public struct NaturalKey: Sendable {
    /// Stored column names.
    public var columns: [String]
    /// Key values, as text in column order, that a published file is known to repeat: such rows are stored as
    /// published and counted in the import's notes. Each is explained where the key is declared.
    public var knownRepeats: Set<[String]>

    /// Creates a key of space-separated stored column names.
    public init(_ columns: String, knownRepeats: Set<[String]> = []) {
        self.columns = columns.split(separator: " ").map(String.init)
        self.knownRepeats = knownRepeats
    }
}

/// The records of a file a dataset stores, by the value of one field that is read and checked but not stored
/// (peacesciencer's gw_ddy: only the rows whose first state is a microstate). Every record is still parsed, so a
/// bad field anywhere is an error; a selection value outside `stored` and `passedOver` is one too.
public struct RecordSelection: Sendable {
    /// The header of the field that decides.
    public var header: String
    /// Values whose records are stored.
    public var stored: Set<String>
    /// Values whose records are read and checked, then passed over.
    public var passedOver: Set<String>

    /// Creates a selection.
    public init(_ header: String, stored: Set<String>, passedOver: Set<String>) {
        self.header = header
        self.stored = stored
        self.passedOver = passedOver
    }
}

/// One layout a dataset's files come in (NMC 5.0 and 7.0 differ, for instance).
public struct FileLayout: Sendable {
    public var name: String
    public var columns: [SourceColumn]
    /// Headers present in the file and deliberately not stored.
    public var ignored: Set<String>
    public var wide: WideToLong?
    /// The header ends in unnamed columns (COW states2016): they must be empty in every row.
    public var trailingUnnamedColumns: Bool
    /// This layout's rows are identified differently from the dataset's (ideal points by session, not year).
    public var key: NaturalKey?
    /// Only some records are stored.
    public var selection: RecordSelection?

    /// Creates a layout.
    public init(_ name: String, columns: [SourceColumn], ignored: Set<String> = [], wide: WideToLong? = nil,
                trailingUnnamedColumns: Bool = false, key: NaturalKey? = nil, selection: RecordSelection? = nil) {
        self.name = name
        self.columns = columns
        self.ignored = ignored
        self.wide = wide
        self.trailingUnnamedColumns = trailingUnnamedColumns
        self.key = key
        self.selection = selection
    }

    /// The headers a file must have to be of this layout.
    var requiredHeaders: [String] { columns.map(\.header) + (selection.map { [$0.header] } ?? []) }
}

/// A dataset Entente can import: its stored table, the layouts its files come in, and the quirks of those files.
public struct DatasetDefinition: Sendable {
    /// The name used on the command line, such as `atop-ddy`.
    public var id: String
    /// A human title with the release, such as "ATOP 5.1 directed dyad-years".
    public var title: String
    /// Where the data come from (citation URL).
    public var source: String
    public var tableName: String
    public var delimiter: UInt8
    public var encoding: TextEncoding
    /// When set, lines before the header are a preamble: the header is the first line starting with this text.
    public var headerStartsWith: String?
    /// The stored column holding the year, for coverage reports.
    public var yearColumn: String?
    /// What identifies a row; a layout may declare its own.
    public var key: NaturalKey
    public var layouts: [FileLayout]
    /// Paths inside the shared data folder's layout where `import all` finds this dataset, preferred first.
    public var knownPaths: [String]
    /// Indexes worth having for the joins later layers make.
    public var indexes: [[String]]
    /// For rows without a year of their own: where to look it up. The year is also stored in `yearColumn`.
    public var yearLookup: YearLookup?

    /// Creates a dataset definition.
    public init(id: String, title: String, source: String, tableName: String? = nil,
                delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8, headerStartsWith: String? = nil,
                yearColumn: String? = "year", key: NaturalKey, layouts: [FileLayout], knownPaths: [String],
                indexes: [[String]] = [], yearLookup: YearLookup? = nil) {
        self.id = id
        self.title = title
        self.source = source
        self.tableName = tableName ?? id.replacingOccurrences(of: "-", with: "_")
        self.delimiter = delimiter
        self.encoding = encoding
        self.headerStartsWith = headerStartsWith
        self.yearColumn = yearColumn
        self.key = key
        self.layouts = layouts
        self.knownPaths = knownPaths
        self.indexes = indexes
        self.yearLookup = yearLookup
    }

    /// The stored table: the union of every layout's stored columns, in first-seen order.
    public var table: StoredTable {
        var columns: [StoredColumn] = []
        var seen: Set<String> = []
        for layout in layouts {
            var stored = layout.columns.flatMap(\.storedColumns)
            if let wide = layout.wide { stored += wide.key.storedColumns + wide.value.storedColumns }
            for column in stored where seen.insert(column.name).inserted { columns.append(column) }
        }
        return StoredTable(name: tableName, columns: columns, indexes: indexes)
    }
}
