#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file a user asked a command to write (`--out`, `--chart`, `--export-design`), written so that nothing else
/// is ever replaced: the bytes go to a temporary file beside the target, which is renamed into place only when
/// complete, so a failed or interrupted write leaves the old file whole. Only a regular file or a new path is
/// written; a device, a FIFO, a socket or a folder is refused, and a symbolic link is followed to its target,
/// which is written in place of the link itself being replaced.
public final class OutputFile {
    /// The path as the user gave it.
    public let path: String
    /// Where the bytes end up: `path`, or the file its symbolic links lead to.
    public let target: String
    private let temporary: String
    /// The temporary file, for writers that stream into a `FileHandle`; `commit()` puts it in place.
    public let handle: FileHandle
    private var committed = false

    /// Opens a temporary file beside the target of `path`; nothing is visible at `path` until `commit()`.
    public init(_ path: String) throws(OutputFileError) {
        self.path = path
        target = try Self.resolve(path)
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).entente-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputFileError(path: path, reason: "cannot create a file in \(directory.isEmpty ? "this folder" : directory): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit {
        if !committed { unlink(temporary) }
    }

    /// Appends bytes to the temporary file.
    public func write(_ data: Data) throws(OutputFileError) {
        do { try handle.write(contentsOf: data) } catch {
            throw OutputFileError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws(OutputFileError) { try write(Data(text.utf8)) }

    /// Flushes the bytes to disk and renames the temporary file onto the target, keeping an existing file's
    /// permissions.
    public func commit() throws(OutputFileError) {
        var existing = stat()
        if stat(target, &existing) == 0 { fchmod(handle.fileDescriptor, existing.st_mode & 0o7777) }
        guard fsync(handle.fileDescriptor) == 0 else {
            throw OutputFileError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        do { try handle.close() } catch {
            throw OutputFileError(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary, target) == 0 else {
            throw OutputFileError(path: path, reason: "cannot put the file in place: \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    /// Writes `data` to `path` whole, or not at all.
    public static func write(_ data: Data, to path: String) throws(OutputFileError) {
        let file = try OutputFile(path)
        try file.write(data)
        try file.commit()
    }

    /// Writes `text` as UTF-8 to `path` whole, or not at all.
    public static func write(_ text: String, to path: String) throws(OutputFileError) {
        try write(Data(text.utf8), to: path)
    }

    /// Checks before any work that `path` can be written: a regular file, a new path in an existing folder, or a
    /// symbolic link to one of those.
    public static func check(_ path: String) throws(OutputFileError) { _ = try resolve(path) }

    /// The regular file or new path that writing `path` should produce, following symbolic links.
    static func resolve(_ path: String) throws(OutputFileError) -> String {
        guard !path.isEmpty else { throw OutputFileError(path: path, reason: "the path is empty") }
        var current = path
        for _ in 0..<32 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                guard errno == ENOENT else {
                    throw OutputFileError(path: path, reason: "cannot inspect \(current): \(String(cString: strerror(errno)))")
                }
                let directory = (current as NSString).deletingLastPathComponent
                var isFolder: ObjCBool = false
                guard directory.isEmpty || (FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) && isFolder.boolValue) else {
                    throw OutputFileError(path: path, reason: "the folder \(directory) does not exist")
                }
                return current
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return current
            case S_IFLNK:
                guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                    throw OutputFileError(path: path, reason: "cannot read the symbolic link \(current)")
                }
                current = destination.hasPrefix("/")
                    ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
            case S_IFDIR: throw OutputFileError(path: path, reason: "it is a folder; give a file name")
            case S_IFCHR, S_IFBLK: throw OutputFileError(path: path, reason: "it is a device, not a file; give a file name")
            case S_IFIFO: throw OutputFileError(path: path, reason: "it is a FIFO, not a file; give a file name")
            default: throw OutputFileError(path: path, reason: "it is not a regular file; give a file name")
            }
        }
        throw OutputFileError(path: path, reason: "too many symbolic links")
    }
}

/// An output file could not be written; nothing was replaced.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What was wrong.
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}
