import EntenteTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `entente serve` as a process: where it binds by default, and how it refuses a bad tokens file.
@Suite struct ServeCommandTests {
    let binary = builtProducts.appendingPathComponent("entente")

    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// A fresh folder for the server's files; nil, recorded as a failure, when the tool is not built.
    func serverFolder() throws -> URL? {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            Issue.record("build the tool first (swift build --build-tests builds it)")
            return nil
        }
        let folder = temporaryPath("serve")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func itBindsLoopbackByDefaultAndAnswers() async throws {
        guard let folder = try serverFolder() else { return }
        defer { try? FileManager.default.removeItem(at: folder) }
        let (process, output, _) = try start(["--port", "0", "--draws", "100", "--database", folder.appendingPathComponent("team.sqlite").path])
        defer { process.terminate(); process.waitUntilExit() }
        // The first line names the bound address; reading it waits for the warm-up of the watch list.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")), let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        let address = try #require(text.firstRange(of: /http:\/\/([0-9.]+):([0-9]+)\//), "no address in \(text)")
        #expect(text[address].hasPrefix("http://127.0.0.1:"), "\(text)")
        #expect(text.contains("read-only, no tokens"))
        let (body, response) = try await URLSession.shared.data(from: URL(string: String(text[address]) + "api/dyads")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"dyad\":\"RUS-CHN\""))
    }

    @Test func aMalformedTokensFileIsRefusedWithItsLine() throws {
        guard let folder = try serverFolder() else { return }
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokens = folder.appendingPathComponent("team.tokens")
        try "# analysts\nalice 0123456789abcdef0123456789abcdef\nbob short\n".write(to: tokens, atomically: true, encoding: .utf8)
        let (process, _, errors) = try start(["--port", "0", "--tokens", tokens.path, "--database", folder.appendingPathComponent("t.sqlite").path])
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("team.tokens:3: the token must be at least 32"), "\(message)")
    }
}
