import Entente
import EntenteStore

/// The import step of `entente events sync`: loads verified GDELT files into the database.
enum EventImportHook {
    /// Imports the files, given in timestamp order. A file already in the ledger changes nothing, since every
    /// sync hands over all verified files, including those fetched by earlier runs.
    static func importFiles(paths: [String], database: EntenteDatabase) throws {
        _ = try EventImportService(database: database, reference: try ReferenceData()).importFiles(paths)
    }
}
