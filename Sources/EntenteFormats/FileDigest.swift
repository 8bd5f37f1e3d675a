import CCrypto

/// Content checksums of input files, recorded in the import ledger.
public enum FileDigest {
    /// The SHA-256 of the file's bytes as stored on disk (compressed bytes for a `.gz`), in lowercase hex.
    public static func sha256(path: String) throws -> String {
        let file = try FileInput(path: path)
        guard let context = EVP_MD_CTX_new() else {
            throw InputError(path: path, message: "OpenSSL could not allocate a digest context")
        }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
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
