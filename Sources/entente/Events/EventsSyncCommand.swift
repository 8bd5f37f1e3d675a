import ArgumentParser
import Entente
import EntenteCore
import EntenteFormats
import Foundation

/// `entente events sync`: fetch GDELT 2.0 event exports missing locally, verify them, import them.
struct EventsSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Download GDELT 2.0 event files from a date on, verify them, and import them.",
        discussion: """
            Reads GDELT's master file list (<base-url>masterfilelist.txt), selects the event exports \
            (*.export.CSV.zip) from --since on (UTC days), and fetches those not already in --dir with the listed \
            size and MD5. Each file is written as NAME.part and renamed only once its size and MD5 match the list; \
            a mismatch deletes it and is reported. An interrupted sync resumes by running it again: verified files \
            are not fetched again. All verified files from --since on are then imported in time order; the ledger \
            makes importing a file twice a no-op.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The first day to sync, YYYY-MM-DD (UTC).", valueName: "date"))
    var since: String

    @Option(help: ArgumentHelp("Where GDELT 2.0 is published; the master list is <url>masterfilelist.txt.", valueName: "url"))
    var baseURL: String = GDELTSync.defaultBaseURL.absoluteString

    @Option(help: ArgumentHelp("Where downloaded files are kept. Default: a `gdelt` folder next to the database file.", valueName: "path"))
    var dir: String?

    @Flag(help: "Fetch each file from the base URL instead of the URL in the list (for a mirror of GDELT's list).")
    var filesFromBase = false

    @Option(help: "Downloads at once.")
    var jobs = 4

    func validate() throws {
        guard Self.parseDate(since) != nil else { throw ValidationError("--since must be a date YYYY-MM-DD, got '\(since)'") }
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else {
            throw ValidationError("--base-url must be an http(s) or file URL, got '\(baseURL)'")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// `YYYY-MM-DD` to a valid date, else `nil`.
    static func parseDate(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let date = CalendarDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    func run() async throws {
        let databasePath = global.databasePath
        let directory = dir ?? ((databasePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("gdelt")
        let database = try global.openDatabase()
        let sync = GDELTSync(baseURL: URL(string: baseURL)!, directory: directory, since: Self.parseDate(since)!,
                             filesFromBase: filesFromBase, concurrentDownloads: jobs) { paths in
            try EventImportHook.importFiles(paths: paths, database: database)
        }
        let terminal = isatty(STDERR_FILENO) != 0
        let summary: GDELTSyncSummary
        do {
            summary = try await sync.run { progress in
                guard terminal else { return }
                let line = String(format: "\r\u{1B}[2Ksync %d/%d files  %.1f/%.1f MB  %@", progress.filesDone, progress.filesTotal,
                                  Double(progress.bytesDownloaded) / 1_000_000, Double(progress.bytesToDownload) / 1_000_000,
                                  progress.fileName ?? "")
                FileHandle.standardError.write(Data(line.utf8))
            }
        } catch GDELTSyncError.importFailed(let partial, let underlying) {
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            print(Self.report(partial, directory: directory, imported: false).render(output.format), terminator: "")
            Self.printFailures(partial)
            throw CommandFailure(description: "import failed (the \(partial.imported.count) verified file(s) stay in \(directory); run sync again to retry): \(underlying)")
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        print(Self.report(summary, directory: directory, imported: true).render(output.format), terminator: "")
        Self.printFailures(summary)
        if !summary.failed.isEmpty {
            throw CommandFailure(description: "\(summary.failed.count) file(s) could not be downloaded intact and were not imported; run sync again to retry")
        }
    }

    static func report(_ summary: GDELTSyncSummary, directory: String, imported: Bool) -> ReportTable {
        ReportTable(
            columns: ["listed", "selected", "present", "downloaded", "failed", "imported", "mb_downloaded", "directory"],
            rows: [[.integer(Int64(summary.listed)), .integer(Int64(summary.selected)), .integer(Int64(summary.alreadyPresent)),
                    .integer(Int64(summary.downloaded)), .integer(Int64(summary.failed.count)),
                    .integer(imported ? Int64(summary.imported.count) : 0),
                    .real((Double(summary.bytesDownloaded) / 10_000).rounded() / 100), .text(directory)]])
    }

    static func printFailures(_ summary: GDELTSyncSummary) {
        for failure in summary.failed {
            FileHandle.standardError.write(Data("failed: \(failure)\n".utf8))
        }
    }
}
