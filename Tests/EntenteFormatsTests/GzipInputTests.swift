import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

/// Writes `text` gzip-compressed with the system's gzip (an independent compressor) into `folder` (a test's own,
/// made if need be) and returns the path.
func gzipFile(_ text: String, name: String, in folder: URL) throws -> String {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let plain = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: plain)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-k", "-9", plain.path]
    try process.run()
    process.waitUntilExit()
    return plain.path + ".gz"
}

@Suite struct GzipInputTests {
    static let text = (1...20_000).map { "\($0),row \($0),\($0 * 7)" }.joined(separator: "\n") + "\n"

    func readAll(_ path: String) throws -> [UInt8] {
        let (input, _) = try openInput(path: path)
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
            if count == 0 { break }
            result += chunk[0..<count]
        }
        return result
    }

    @Test func inflatesWhatGzipCompressed() throws {
        let folder = temporaryPath("gzip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try gzipFile(Self.text, name: "rows.csv", in: folder)
        #expect(try readAll(path) == Array(Self.text.utf8))
    }

    @Test func truncatedFileIsAnError() throws {
        let folder = temporaryPath("gzip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try gzipFile(Self.text, name: "rows.csv", in: folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = path.replacingOccurrences(of: ".csv.gz", with: "-cut.csv.gz")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect {
            _ = try readAll(truncated)
        } throws: { error in
            "\(error)".contains("truncated")
        }
    }

    @Test func checksumMatchesSha256sum() throws {
        let folder = temporaryPath("gzip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try gzipFile("abc", name: "abc.txt", in: folder)
        let plain = String(path.dropLast(3))
        #expect(try FileDigest.sha256(path: plain) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
