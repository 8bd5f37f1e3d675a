import CCrypto

/// Content checksums of input files: SHA-256 for the import ledger, MD5 for checking downloads against the
/// checksums publishers list (GDELT's master file list gives MD5s).
public enum FileDigest {
    /// The SHA-256 of the file's bytes as stored on disk (compressed bytes for a `.gz`), in lowercase hex.
    public static func sha256(path: String) throws -> String {
        try digest(path: path, algorithm: EVP_sha256())
    }

    /// The MD5 of the file's bytes as stored on disk, in lowercase hex. MD5 is only for matching checksums a
    /// publisher lists; it is no protection against a deliberate forgery.
    public static func md5(path: String) throws -> String {
        try digest(path: path, algorithm: EVP_md5())
    }

    /// Streams the file through one OpenSSL EVP digest in 1 MiB reads, so memory stays flat whatever the size.
    private static func digest(path: String, algorithm: OpaquePointer?) throws -> String {
        let file = try FileInput(path: path)
        guard let context = EVP_MD_CTX_new() else {
            throw InputError(path: path, message: "OpenSSL could not allocate a digest context")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, algorithm, nil) == 1 else {
            throw InputError(path: path, message: "OpenSSL could not start the digest")
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try file.read(into: chunk)
            if count == 0 { break }
            EVP_DigestUpdate(context, chunk.baseAddress, count)
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension FileDigest {
    /// The SHA-256 of `bytes`, in lowercase hex: a fixed-length name for a long key.
    public static func sha256(_ bytes: some Collection<UInt8>) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let input = Array(bytes)
        _ = input.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        return digest.prefix(Int(length)).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
