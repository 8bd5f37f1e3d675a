/// Where a team keeps what its analysts add: evidence items (including evidence for signposts) and forecasts.
/// Two stores implement it with one schema (`TeamSchema`) and one behaviour: SQLite in the embedded database
/// (`SQLiteTeamStore`) and a PostgreSQL server (`PostgresTeamStore`, in EntentePostgres). Records are only ever
/// added, and adding one whose key is taken is a no-op when the content is the same and a `TeamConflict` when not.
public protocol TeamStore: Sendable {
    /// The store in words, for logs and the data page (never a password).
    var description: String { get }
    /// Stores an evidence item; its key is (dyad, key).
    func addEvidence(_ item: TeamEvidence) async throws -> TeamWrite<TeamEvidence>
    /// A dyad's evidence items in the order they were stored.
    func evidence(first: Int, second: Int) async throws -> [TeamEvidence]
    /// Stores a forecast; its key is (dyad, question, analyst, date).
    func addForecast(_ forecast: TeamForecast) async throws -> TeamWrite<TeamForecast>
    /// A dyad's forecasts in the order they were stored.
    func forecasts(first: Int, second: Int) async throws -> [TeamForecast]
    /// How much a dyad has (changes exactly when a record is added).
    func revision(first: Int, second: Int) async throws -> TeamRevision
    /// How much one analyst has added to a dyad.
    func revision(first: Int, second: Int, analyst: String) async throws -> TeamRevision
    /// Every dyad with team data, lower code first, in code order.
    func dyads() async throws -> [TeamDyadCount]
}

/// The team tables, in SQL both SQLite and PostgreSQL accept: the two stores create them from these statements,
/// so their columns, keys and constraints cannot drift apart.
public enum TeamSchema {
    /// The schema version these statements create.
    public static let version = 1

    /// `CREATE TABLE` statements; `identity` is the dialect's auto-assigned 64-bit key
    /// (`INTEGER PRIMARY KEY` in SQLite, `BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY` in PostgreSQL).
    public static func statements(identity: String) -> [String] {
        [
            """
            CREATE TABLE team_evidence (
                id \(identity),
                first_state INTEGER NOT NULL CHECK (first_state < second_state),
                second_state INTEGER NOT NULL,
                item_key TEXT NOT NULL,
                date TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                summary TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('closer', 'apart', 'neutral')),
                sources TEXT NOT NULL,
                signposts TEXT NOT NULL,
                analyst TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                UNIQUE (first_state, second_state, item_key))
            """,
            """
            CREATE TABLE team_forecasts (
                id \(identity),
                first_state INTEGER NOT NULL CHECK (first_state < second_state),
                second_state INTEGER NOT NULL,
                question TEXT NOT NULL,
                analyst TEXT NOT NULL,
                date TEXT NOT NULL,
                probability DOUBLE PRECISION NOT NULL CHECK (probability >= 0 AND probability <= 1),
                submitted_at TEXT NOT NULL,
                UNIQUE (first_state, second_state, question, analyst, date))
            """,
        ]
    }

    /// Lists (sources, signposts) are stored as one text column each: entries joined by a newline, which the
    /// service layer never lets into an entry.
    public static func joinList(_ values: [String]) -> String { values.joined(separator: "\n") }

    /// The inverse of `joinList`.
    public static func splitList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

extension TeamSchema {
    /// The statements both stores run, with `?` for each parameter in order (PostgreSQL's store numbers them).
    public enum Query {
        static let evidenceColumns = "id, first_state, second_state, item_key, date, kind, title, summary, direction, sources, signposts, analyst, submitted_at"
        static let forecastColumns = "id, first_state, second_state, question, analyst, date, probability, submitted_at"

        /// Inserts an evidence item unless its key is taken; returns the new row, or nothing.
        public static let insertEvidence = """
            INSERT INTO team_evidence (first_state, second_state, item_key, date, kind, title, summary, direction, sources, signposts, analyst, submitted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING \(evidenceColumns)
            """
        /// The item stored under (first, second, key).
        public static let evidenceByKey = "SELECT \(evidenceColumns) FROM team_evidence WHERE first_state = ? AND second_state = ? AND item_key = ?"
        /// A dyad's items, oldest first.
        public static let evidence = "SELECT \(evidenceColumns) FROM team_evidence WHERE first_state = ? AND second_state = ? ORDER BY id"
        /// Inserts a forecast unless its key is taken; returns the new row, or nothing.
        public static let insertForecast = """
            INSERT INTO team_forecasts (first_state, second_state, question, analyst, date, probability, submitted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING \(forecastColumns)
            """
        /// The forecast stored under (first, second, question, analyst, date).
        public static let forecastByKey = "SELECT \(forecastColumns) FROM team_forecasts WHERE first_state = ? AND second_state = ? AND question = ? AND analyst = ? AND date = ?"
        /// A dyad's forecasts, oldest first.
        public static let forecasts = "SELECT \(forecastColumns) FROM team_forecasts WHERE first_state = ? AND second_state = ? ORDER BY id"
        /// A dyad's counts.
        public static let revision = """
            SELECT (SELECT COUNT(*) FROM team_evidence WHERE first_state = ? AND second_state = ?),
                   (SELECT COUNT(*) FROM team_forecasts WHERE first_state = ? AND second_state = ?)
            """
        /// One analyst's counts in a dyad.
        public static let analystRevision = """
            SELECT (SELECT COUNT(*) FROM team_evidence WHERE first_state = ? AND second_state = ? AND analyst = ?),
                   (SELECT COUNT(*) FROM team_forecasts WHERE first_state = ? AND second_state = ? AND analyst = ?)
            """
        /// Every dyad's counts.
        public static let dyads = """
            SELECT first_state, second_state, SUM(e), SUM(f) FROM (
                SELECT first_state, second_state, 1 AS e, 0 AS f FROM team_evidence
                UNION ALL SELECT first_state, second_state, 0, 1 FROM team_forecasts) AS team
            GROUP BY first_state, second_state ORDER BY first_state, second_state
            """
    }
}

/// The team store cannot take a request now but may shortly: the database is locked by another writer past the
/// busy timeout, or the database server cannot be reached. Clients may retry after `retryAfterSeconds`.
public struct TeamStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What happened, in words.
    public var reason: String
    /// When a retry may succeed.
    public var retryAfterSeconds: Int

    /// Creates the error.
    public init(_ reason: String, retryAfterSeconds: Int = 5) {
        self.reason = reason
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "the team store is unavailable: \(reason); try again shortly" }
}
