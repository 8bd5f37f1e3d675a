import Entente
import EntenteTestSupport
import Foundation
import Testing

/// `--out` and `--chart` files: written whole or not at all, never replacing a device, a FIFO or a link.
@Suite struct OutputFileTests {
    /// Made afresh for each test (each runs on a new suite value), which removes it when done.
    let folder: URL = {
        let url = temporaryPath("out")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func contents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func aNewPathAndARegularFileAreWrittenWholeKeepingPermissions() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("brief.html")
        try OutputFile.write("first", to: file.path)
        #expect(try contents(file) == "first")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        try OutputFile.write("second", to: file.path)
        #expect(try contents(file) == "second")
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["brief.html"], "no temporary file left")
    }

    @Test func anUnfinishedWriteLeavesTheOldFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("panel.csv")
        try OutputFile.write("old", to: file.path)
        do {
            let output = try OutputFile(file.path)
            try output.write("half of the new")
        }
        #expect(try contents(file) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["panel.csv"])
    }

    @Test func aSymbolicLinkIsFollowedNotReplaced() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.svg"), link = folder.appendingPathComponent("link.svg")
        try OutputFile.write("target", to: target.path)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.svg")
        try OutputFile.write("through the link", to: link.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target.svg")
        #expect(try contents(target) == "through the link")
    }

    @Test func devicesFIFOsAndFoldersAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        for (path, words) in [("/dev/null", "device"), (fifo.path, "FIFO"), (folder.path, "folder"),
                              (folder.appendingPathComponent("missing/x.csv").path, "does not exist")] {
            #expect { try OutputFile.write("x", to: path) } throws: { error in
                (error as? OutputFileError)?.reason.contains(words) == true
            }
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "the device is still a device")
    }
}
