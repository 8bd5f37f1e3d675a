#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A source of bytes read in chunks, so that files of any size pass through constant memory.
public protocol ByteInput: AnyObject {
    /// Fills `buffer` with up to `capacity` bytes and returns how many; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes consumed from the underlying file so far (compressed bytes for compressed input).
    var bytesConsumed: Int { get }
}

/// A failure to read an input file.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A plain file read with POSIX `read`.
public final class FileInput: ByteInput {
    private let descriptor: Int32
    public let path: String
    public private(set) var bytesConsumed = 0

    /// Opens the file for reading.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                bytesConsumed += count
                return count
            }
            if errno != EINTR { throw InputError(path: path, message: "read failed: \(String(cString: strerror(errno)))") }
        }
    }

    /// The file's size in bytes, for progress.
    public var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }
}

/// A gzip file inflated on the fly with zlib; concatenated gzip members are read as one stream.
public final class GzipInput: ByteInput {
    private let file: FileInput
    private var stream = z_stream()
    private let input: UnsafeMutableRawBufferPointer
    private var finished = false
    private var midStream = false
    public var bytesConsumed: Int { file.bytesConsumed }
    /// The compressed file's size in bytes.
    public var size: Int { file.size }

    /// Opens a gzip file.
    public init(path: String) throws {
        file = try FileInput(path: path)
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        // 15 + 16: a gzip wrapper is required.
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw InputError(path: path, message: "zlib could not start (status \(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let count = try file.read(into: input)
                if count == 0 {
                    if midStream {
                        throw InputError(path: file.path, message: "the gzip stream ends early: the file is truncated")
                    }
                    finished = true
                    break
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(count)
            }
            midStream = true
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                midStream = false
                inflateReset(&stream)
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw InputError(path: file.path, message: "corrupt gzip data: \(reason)")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}

/// Opens a file as plain or gzip input, by its name (`.gz`) or, failing that, its magic bytes.
public func openInput(path: String) throws -> (input: any ByteInput, size: Int) {
    let plain = try FileInput(path: path)
    var magic = [UInt8](repeating: 0, count: 2)
    let count = try magic.withUnsafeMutableBytes { try plain.read(into: $0) }
    if path.hasSuffix(".gz") || (count == 2 && magic == [0x1f, 0x8b]) {
        let gzip = try GzipInput(path: path)
        return (gzip, gzip.size)
    }
    let reopened = try FileInput(path: path)
    return (reopened, reopened.size)
}

/// Bytes already in memory, read in chunks like a file (uploaded files, tests).
public final class MemoryInput: ByteInput {
    private let bytes: [UInt8]
    private let chunkLimit: Int
    public private(set) var bytesConsumed = 0

    /// Serves `bytes`, at most `chunkLimit` per read (small limits exercise records split across reads).
    public init(_ bytes: [UInt8], chunkLimit: Int = .max) {
        self.bytes = bytes
        self.chunkLimit = max(1, chunkLimit)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, chunkLimit, bytes.count - bytesConsumed)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + bytesConsumed, byteCount: count)
        }
        bytesConsumed += count
        return count
    }
}
