import EntenteCore
import EntenteFormats
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Progress of a sync, reported after the master list is read and after each file is settled.
public struct GDELTSyncProgress: Hashable, Sendable {
    /// Files settled so far (already present, downloaded or failed).
    public var filesDone: Int
    /// Files the sync selected.
    public var filesTotal: Int
    /// Bytes downloaded so far in this run.
    public var bytesDownloaded: Int64
    /// Bytes of the files that had to be downloaded, as listed.
    public var bytesToDownload: Int64
    /// The file just settled, if any.
    public var fileName: String?

    /// Creates a progress report.
    public init(filesDone: Int, filesTotal: Int, bytesDownloaded: Int64, bytesToDownload: Int64, fileName: String?) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDownloaded = bytesDownloaded
        self.bytesToDownload = bytesToDownload
        self.fileName = fileName
    }
}

/// A file the sync could not obtain intact.
public struct GDELTSyncFailure: Hashable, Sendable, CustomStringConvertible {
    /// The URL the file was fetched from.
    public var url: String
    /// Why it failed (HTTP status, size or MD5 mismatch with expected and actual values, IO error).
    public var reason: String

    /// Creates a failure.
    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }

    public var description: String { "\(url): \(reason)" }
}

/// What a sync did.
public struct GDELTSyncSummary: Hashable, Sendable {
    /// Export files in the master list, before the date selection.
    public var listed: Int
    /// Export files at or after the `since` date.
    public var selected: Int
    /// Selected files already on disk with the listed size and MD5, not fetched again.
    public var alreadyPresent: Int
    /// Files fetched and verified in this run.
    public var downloaded: Int
    /// Bytes fetched in this run (verified files only).
    public var bytesDownloaded: Int64
    /// Files that could not be obtained intact; none of them is imported.
    public var failed: [GDELTSyncFailure]
    /// The verified paths handed to the importer, in timestamp order.
    public var imported: [String]

    /// Creates a summary.
    public init(listed: Int = 0, selected: Int = 0, alreadyPresent: Int = 0, downloaded: Int = 0,
                bytesDownloaded: Int64 = 0, failed: [GDELTSyncFailure] = [], imported: [String] = []) {
        self.listed = listed
        self.selected = selected
        self.alreadyPresent = alreadyPresent
        self.downloaded = downloaded
        self.bytesDownloaded = bytesDownloaded
        self.failed = failed
        self.imported = imported
    }
}

/// Why a sync stopped as a whole (a single file's failure is only recorded in the summary).
public enum GDELTSyncError: Error, CustomStringConvertible {
    /// The master list could not be fetched or read.
    case masterList(url: String, reason: String)
    /// The download folder could not be created.
    case folder(path: String, reason: String)
    /// The importer failed; the verified files stay on disk, so a re-run retries only the import.
    case importFailed(summary: GDELTSyncSummary, underlying: any Error)

    public var description: String {
        switch self {
        case .masterList(let url, let reason): "cannot read the master file list \(url): \(reason)"
        case .folder(let path, let reason): "cannot use the download folder \(path): \(reason)"
        case .importFailed(_, let underlying): "the files were downloaded and verified, but the import failed: \(underlying)"
        }
    }
}

/// Keeps a folder in step with GDELT 2.0's event exports: reads the master file list, fetches the export files
/// from a date on that are missing or damaged locally, checks each against the listed size and MD5, and hands
/// the verified files to an importer.
///
/// Resuming is by re-running: a file is written as `NAME.part` and renamed to `NAME` only once its size and MD5
/// match the list, so anything called `NAME` that still matches is never fetched again, and an interrupted
/// download merely leaves a `.part` that the next run overwrites.
public struct GDELTSync: Sendable {
    /// GDELT 2.0's own location.
    public static let defaultBaseURL = URL(string: "http://data.gdeltproject.org/gdeltv2/")!

    /// The folder holding the master list; the list is `<base>masterfilelist.txt`.
    public var baseURL: URL
    /// Where files are stored (created if missing).
    public var directory: String
    /// The first UTC day whose export files are selected.
    public var since: CalendarDate
    /// Fetch each file as `<base><file name>` instead of from the URL in the list, for a mirror that copied
    /// GDELT's list verbatim (its URLs still name data.gdeltproject.org).
    public var filesFromBase: Bool
    /// How many downloads run at once.
    public var concurrentDownloads: Int
    /// Imports verified files, given in timestamp order; supplied by the caller.
    public var importFiles: @Sendable ([String]) throws -> Void

    /// Creates a sync.
    public init(baseURL: URL = GDELTSync.defaultBaseURL, directory: String, since: CalendarDate,
                filesFromBase: Bool = false, concurrentDownloads: Int = 4,
                importFiles: @escaping @Sendable ([String]) throws -> Void) {
        self.baseURL = baseURL
        self.directory = directory
        self.since = since
        self.filesFromBase = filesFromBase
        self.concurrentDownloads = max(1, concurrentDownloads)
        self.importFiles = importFiles
    }

    /// `<base>masterfilelist.txt`, the base taken as a folder whether or not it ends in `/`.
    public var masterListURL: URL { folderURL.appendingPathComponent("masterfilelist.txt") }

    private var folderURL: URL {
        baseURL.absoluteString.hasSuffix("/") ? baseURL : URL(string: baseURL.absoluteString + "/") ?? baseURL
    }

    /// Runs the sync: list, select, verify or fetch, import.
    ///
    /// - Parameter progress: called after the list is read and after each file is settled.
    /// - Returns: what was found, fetched and imported; per-file failures are in `failed`.
    /// - Throws: `GDELTSyncError` when the list cannot be read, the folder cannot be used, or the import fails.
    public func run(progress: @Sendable (GDELTSyncProgress) -> Void = { _ in }) async throws -> GDELTSyncSummary {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GDELTSyncError.folder(path: directory, reason: "\(error)")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }

        let listURL = masterListURL
        let listBytes: Data
        do {
            listBytes = try await fetch(listURL, session: session) { try Data(contentsOf: $0) }
        } catch {
            throw GDELTSyncError.masterList(url: listURL.absoluteString, reason: "\(error)")
        }
        let exports: [GDELTMasterEntry]
        do {
            exports = try GDELTMasterList.parse(listBytes, source: listURL.absoluteString, kinds: [.export])
        } catch {
            throw GDELTSyncError.masterList(url: listURL.absoluteString, reason: "\(error)")
        }

        var summary = GDELTSyncSummary(listed: exports.count)
        // One entry per file name (the first listed wins), from `since` on, oldest first.
        var seen = Set<String>()
        let selected = exports
            .filter { $0.timestamp!.date >= since && seen.insert($0.fileName).inserted }
            .sorted { ($0.timestamp!, $0.fileName) < ($1.timestamp!, $1.fileName) }
        summary.selected = selected.count

        var verified: [String: String] = [:]  // file name → path
        var missing: [GDELTMasterEntry] = []
        for entry in selected {
            let path = localPath(entry)
            if Self.matches(path: path, entry: entry) == nil {
                // A part file left by an interrupted run is dead weight once the file itself is verified.
                try? FileManager.default.removeItem(atPath: path + ".part")
                verified[entry.fileName] = path
                summary.alreadyPresent += 1
            } else {
                missing.append(entry)
            }
        }

        var report = GDELTSyncProgress(filesDone: summary.alreadyPresent, filesTotal: selected.count, bytesDownloaded: 0,
                                       bytesToDownload: missing.reduce(0) { $0 + $1.size }, fileName: nil)
        progress(report)

        // A sliding window of downloads; results are gathered here, in the parent task, so no state is shared.
        await withTaskGroup(of: (GDELTMasterEntry, GDELTSyncFailure?).self) { group in
            var pending = missing[...]
            func startNext() {
                guard let entry = pending.popFirst() else { return }
                group.addTask { (entry, await download(entry, session: session)) }
            }
            for _ in 0..<concurrentDownloads { startNext() }
            while let (entry, failure) = await group.next() {
                if let failure {
                    summary.failed.append(failure)
                } else {
                    verified[entry.fileName] = localPath(entry)
                    summary.downloaded += 1
                    summary.bytesDownloaded += entry.size
                }
                report.filesDone += 1
                report.bytesDownloaded = summary.bytesDownloaded
                report.fileName = entry.fileName
                progress(report)
                startNext()
            }
        }
        // Failures in list order, whatever order the downloads finished in.
        let order = Dictionary(selected.enumerated().map { ($1.fileName, $0) }, uniquingKeysWith: { first, _ in first })
        let failedOrder = Dictionary(missing.map { (sourceURL($0).absoluteString, order[$0.fileName] ?? 0) },
                                     uniquingKeysWith: { first, _ in first })
        summary.failed.sort { (failedOrder[$0.url] ?? 0) < (failedOrder[$1.url] ?? 0) }

        summary.imported = selected.compactMap { verified[$0.fileName] }
        if !summary.imported.isEmpty {
            do {
                try importFiles(summary.imported)
            } catch {
                throw GDELTSyncError.importFailed(summary: summary, underlying: error)
            }
        }
        return summary
    }

    /// Where an entry is stored.
    public func localPath(_ entry: GDELTMasterEntry) -> String {
        (directory as NSString).appendingPathComponent(entry.fileName)
    }

    /// Where an entry is fetched from: the listed URL (resolved against the base if relative), or the base
    /// plus the file name with `filesFromBase`.
    public func sourceURL(_ entry: GDELTMasterEntry) -> URL {
        if filesFromBase { return folderURL.appendingPathComponent(entry.fileName) }
        return URL(string: entry.url, relativeTo: folderURL)?.absoluteURL ?? folderURL.appendingPathComponent(entry.fileName)
    }

    /// `nil` when the file at `path` has the entry's size and MD5, else why not.
    static func matches(path: String, entry: GDELTMasterEntry) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.int64Value else { return "missing" }
        // The size is checked first: it is free, and a short file needs no hashing.
        guard size == entry.size else { return "size \(size) bytes, expected \(entry.size)" }
        guard let md5 = try? FileDigest.md5(path: path) else { return "unreadable" }
        guard md5 == entry.md5 else { return "MD5 \(md5), expected \(entry.md5)" }
        return nil
    }

    /// Fetches one file to `NAME.part`, verifies it and renames it to `NAME`; `nil` on success. On any failure
    /// the part file is removed, so only verified files ever carry the final name.
    private func download(_ entry: GDELTMasterEntry, session: URLSession) async -> GDELTSyncFailure? {
        let url = sourceURL(entry)
        let path = localPath(entry)
        let part = path + ".part"
        let manager = FileManager.default
        do {
            try await fetch(url, session: session) { temporary in
                try? manager.removeItem(atPath: part)
                try manager.moveItem(at: temporary, to: URL(fileURLWithPath: part))
            }
        } catch {
            try? manager.removeItem(atPath: part)
            return GDELTSyncFailure(url: url.absoluteString, reason: "\(error)")
        }
        if let mismatch = Self.matches(path: part, entry: entry) {
            try? manager.removeItem(atPath: part)
            return GDELTSyncFailure(url: url.absoluteString, reason: "downloaded file does not match the list: \(mismatch)")
        }
        do {
            // A damaged older copy under the final name is replaced only now that the new one is verified.
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.moveItem(atPath: part, toPath: path)
        } catch {
            try? manager.removeItem(atPath: part)
            return GDELTSyncFailure(url: url.absoluteString, reason: "cannot store \(path): \(error)")
        }
        return nil
    }

    /// Downloads `url` to a temporary file and hands it to `use` before it is deleted; non-2xx is an error.
    /// A `file:` URL (a local mirror) is copied, since URLSession on Linux does not read files.
    private func fetch<T>(_ url: URL, session: URLSession, use: (URL) throws -> T) async throws -> T {
        if url.isFileURL {
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("entente-sync-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: temporary) }
            try FileManager.default.copyItem(at: url, to: temporary)
            return try use(temporary)
        }
        let (temporary, response) = try await session.download(from: url)
        defer { try? FileManager.default.removeItem(at: temporary) }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw HTTPStatusError(status: http.statusCode)
        }
        return try use(temporary)
    }
}

/// A response other than 2xx.
struct HTTPStatusError: Error, CustomStringConvertible {
    var status: Int
    var description: String { "HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))" }
}
