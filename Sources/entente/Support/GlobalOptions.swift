import ArgumentParser
import Entente
import EntenteStore
import EntenteCore
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The database file.", discussion: "Default: $ENTENTE_DATABASE, else entente.sqlite in the user's data directory ($XDG_DATA_HOME/entente or ~/.local/share/entente), created on first use."))
    var database: String?

    /// The database path chosen by flag, environment or default.
    var databasePath: String {
        if let database { return database }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ENTENTE_DATABASE"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("entente/entente.sqlite")
    }

    /// Opens the database: read-write creates and migrates it; read-only (commands that only look) needs one there.
    func openDatabase(_ access: EntenteDatabase.Access = .readWrite) throws -> EntenteDatabase {
        do {
            return try EntenteDatabase(path: databasePath, access: access)
        } catch DatabaseAccessError.noDatabase(let path) where database == nil {
            throw CommandFailure(description: "there is no database at \(path) yet: import data first (`entente import all --from DIR`) or give --database")
        } catch DatabaseAccessError.noDatabase(let path) {
            throw CommandFailure(description: "there is no database at \(path): check --database")
        }
    }
}

/// Options of commands that print results.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
}

/// Ends the command with a message and a failure status, without a stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

extension ReferenceData {
    /// The state a user typed (COW number, ISO3, COW abbreviation or name), or a usage error.
    func state(_ text: String) throws -> CountryCode {
        guard let code = crosswalk.resolve(userInput: text) else { throw ValidationError("unknown state '\(text)'") }
        return code
    }
}
