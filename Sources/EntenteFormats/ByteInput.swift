#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCrypto
import CZlib

/// A source of bytes read in chunks, so that files of any size pass through constant memory.
public protocol ByteInput: AnyObject {
    /// Fills `buffer` with up to `capacity` bytes and returns how many; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes consumed from the underlying file so far (compressed bytes for compressed input).
    var bytesConsumed: Int { get }
    /// The SHA-256 of the whole file on disk, when the input was opened with hashing: reads whatever of the
    /// file the input itself did not need (a zip's central directory) and finishes the digest.
    func finishChecksum() throws -> String?
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

/// A plain file read with POSIX `read`. Only regular files are read: a FIFO or a device (`/dev/zero`) may never
/// end and has no size to check against. At the end of the file its size and modification time must be what
/// they were when it was opened, and every byte read, so a file cut short, grown or rewritten while it is read
/// is an error, not a silently different read.
public final class FileInput: ByteInput {
    private let descriptor: Int32
    public let path: String
    public private(set) var bytesConsumed = 0
    private var digest: OpaquePointer?
    private let opened: stat

    /// Opens the file for reading; anything but a regular file is refused.
    public init(path: String) throws {
        // Non-blocking, so that opening a FIFO does not wait for a writer before it is refused.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let folder = (info.st_mode & S_IFMT) == S_IFDIR
            close(fd)
            throw InputError(path: path, message: folder ? "is a folder; name a file" : "is not a regular file (a FIFO, device or "
                             + "socket), which may never end: only files on disk are read; save the data to a file first")
        }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        descriptor = fd
        self.path = path
        opened = info
    }

    deinit {
        close(descriptor)
        if let digest { EVP_MD_CTX_free(digest) }
    }

    /// From now on, every byte read also goes into a SHA-256, so the ledger's checksum costs no second pass.
    public func startChecksum() {
        guard digest == nil, let context = EVP_MD_CTX_new() else { return }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        digest = context
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                bytesConsumed += count
                if let digest { EVP_DigestUpdate(digest, buffer.baseAddress, count) }
                return count
            }
            if count == 0 {
                try checkUnchanged()
                return 0
            }
            if errno != EINTR { throw InputError(path: path, message: "read failed: \(String(cString: strerror(errno)))") }
        }
    }

    private func checkUnchanged() throws {
        var now = stat()
        guard fstat(descriptor, &now) == 0 else {
            throw InputError(path: path, message: "cannot read its attributes: \(String(cString: strerror(errno)))")
        }
        guard now.st_size == opened.st_size, bytesConsumed == Int(opened.st_size),
              now.st_mtim.tv_sec == opened.st_mtim.tv_sec, now.st_mtim.tv_nsec == opened.st_mtim.tv_nsec else {
            throw InputError(path: path, message: "the file changed while it was read (\(opened.st_size) bytes when opened, "
                             + "\(now.st_size) now, \(bytesConsumed) read): read it again once whatever writes it has finished")
        }
    }

    /// The file's size in bytes when it was opened, for progress.
    public var size: Int { Int(opened.st_size) }

    /// The whole of a file read whole (a case file, a model), refused past `limit` bytes before anything is read,
    /// so that a wrong path fails at once instead of filling memory.
    public static func contents(of path: String, limit: Int) throws -> [UInt8] {
        let file = try FileInput(path: path)
        guard file.size <= limit else {
            throw InputError(path: path, message: "is \(file.size) bytes, more than the \(limit) such a file may have: is it the right file?")
        }
        var bytes = [UInt8](repeating: 0, count: file.size)
        var filled = 0
        while filled < bytes.count {
            let count = try bytes.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if count == 0 { break }
            filled += count
        }
        var end: UInt8 = 0
        // One more read: at the end it checks that the file did not change while it was read.
        _ = try withUnsafeMutableBytes(of: &end) { try file.read(into: $0) }
        return bytes
    }

    public func finishChecksum() throws -> String? {
        guard let digest else { return nil }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while try read(into: chunk) > 0 {}
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(digest, &bytes, &length)
        EVP_MD_CTX_free(digest)
        self.digest = nil
        return bytes.prefix(Int(length)).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

/// A compressed file inflated on the fly with zlib: a gzip file (concatenated members read as one stream) or
/// the first entry of a zip archive (GDELT ships each export as a zip holding one CSV), stored or deflated,
/// with the entry's CRC-32 checked at its end.
public final class InflatingInput: ByteInput {
    /// The wrappers this input understands.
    public enum Wrapper: Sendable {
        case gzip
        case zip
    }

    private let file: FileInput
    private let wrapper: Wrapper
    private var stream = z_stream()
    private let input: UnsafeMutableRawBufferPointer
    private var finished = false
    private var midStream = false
    private var entry: (stored: Bool, crc: UInt32?, remaining: Int?) = (false, nil, nil)
    private var crc: UInt = 0
    public var bytesConsumed: Int { file.bytesConsumed }
    /// The compressed file's size in bytes.
    public var size: Int { file.size }

    public func finishChecksum() throws -> String? { try file.finishChecksum() }

    /// Opens a compressed file; with `checksum`, the file's bytes also go into a SHA-256 as they are read.
    public init(path: String, wrapper: Wrapper, checksum: Bool = false) throws {
        file = try FileInput(path: path)
        if checksum { file.startChecksum() }
        self.wrapper = wrapper
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        // 15 + 16 requires a gzip wrapper; -15 is raw deflate, as inside a zip entry.
        let status = inflateInit2_(&stream, wrapper == .gzip ? 15 + 16 : -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw InputError(path: path, message: "zlib could not start (status \(status))")
        }
        if wrapper == .zip {
            do { try readZipHeader() } catch {
                inflateEnd(&stream)
                input.deallocate()
                throw error
            }
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Reads the first local file header and leaves the entry's data at the start of the input buffer.
    private func readZipHeader() throws {
        var have = 0
        func need(_ count: Int) throws {
            while have < count {
                let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[have...]))
                if got == 0 { throw InputError(path: file.path, message: "the zip file ends inside its header: truncated") }
                have += got
            }
        }
        func le<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size { value |= T(input[offset + index]) << (8 * index) }
            return value
        }
        try need(30)
        guard le(0, UInt32.self) == 0x0403_4b50 else {
            throw InputError(path: file.path, message: "not a zip file (no local file header)")
        }
        let flags = le(6, UInt16.self), method = le(8, UInt16.self)
        guard method == 0 || method == 8 else {
            throw InputError(path: file.path, message: "zip entry uses compression method \(method); only stored and deflate are read")
        }
        let sizesFollow = flags & 0x08 != 0
        let compressed = Int(le(18, UInt32.self))
        let headerLength = 30 + Int(le(26, UInt16.self)) + Int(le(28, UInt16.self))
        try need(headerLength)
        entry = (method == 0, sizesFollow ? nil : le(14, UInt32.self), sizesFollow ? nil : compressed)
        if method == 0 && sizesFollow {
            throw InputError(path: file.path, message: "a stored zip entry without sizes in its header cannot be streamed")
        }
        let leftover = have - headerLength
        if leftover > 0 { input.baseAddress!.copyMemory(from: input.baseAddress! + headerLength, byteCount: leftover) }
        stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = UInt32(leftover)
    }

    private var kind: String { wrapper == .gzip ? "gzip" : "zip" }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        if entry.stored { return try readStored(into: buffer) }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(buffer.count)
        while stream.avail_out > 0 && !finished {
            if stream.avail_in == 0 {
                let count = try file.read(into: input)
                if count == 0 {
                    if midStream || (wrapper == .zip) {
                        throw InputError(path: file.path, message: "the \(kind) stream ends early: the file is truncated")
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
                if wrapper == .zip { finished = true } else { inflateReset(&stream) }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw InputError(path: file.path, message: "corrupt \(kind) data: \(reason)")
            }
        }
        let produced = buffer.count - Int(stream.avail_out)
        try checkCRC(buffer, produced)
        return produced
    }

    private func readStored(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let remaining = entry.remaining ?? 0
        guard remaining > 0 else {
            finished = true
            try checkCRC(buffer, 0)
            return 0
        }
        var produced = 0
        if stream.avail_in > 0 {
            produced = min(Int(stream.avail_in), buffer.count, remaining)
            buffer.baseAddress!.copyMemory(from: UnsafeRawPointer(stream.next_in), byteCount: produced)
            stream.next_in += produced
            stream.avail_in -= UInt32(produced)
        } else {
            produced = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, remaining)]))
            if produced == 0 { throw InputError(path: file.path, message: "the zip entry ends early: the file is truncated") }
        }
        entry.remaining = remaining - produced
        if entry.remaining == 0 { finished = true }
        try checkCRC(buffer, produced)
        return produced
    }

    private func checkCRC(_ buffer: UnsafeMutableRawBufferPointer, _ produced: Int) throws {
        guard wrapper == .zip else { return }
        if produced > 0 {
            crc = crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), UInt32(produced))
        }
        if finished, let expected = entry.crc, UInt32(truncatingIfNeeded: crc) != expected {
            throw InputError(path: file.path, message: "the zip entry's CRC-32 does not match: the file is corrupt")
        }
    }
}

/// Opens a file as plain, gzip or zip input, by its magic bytes (`1f 8b` gzip, `PK 03 04` zip).
/// With `checksum`, the input also computes the file's SHA-256 as it reads (see `finishChecksum`).
public func openInput(path: String, checksum: Bool = false) throws -> (input: any ByteInput, size: Int) {
    let plain = try FileInput(path: path)
    var magic = [UInt8](repeating: 0, count: 4)
    let count = try magic.withUnsafeMutableBytes { try plain.read(into: $0) }
    if count >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
        let gzip = try InflatingInput(path: path, wrapper: .gzip, checksum: checksum)
        return (gzip, gzip.size)
    }
    if count == 4 && magic == [0x50, 0x4b, 0x03, 0x04] {
        let zip = try InflatingInput(path: path, wrapper: .zip, checksum: checksum)
        return (zip, zip.size)
    }
    let reopened = try FileInput(path: path)
    if checksum { reopened.startChecksum() }
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

    public func finishChecksum() throws -> String? { nil }

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
