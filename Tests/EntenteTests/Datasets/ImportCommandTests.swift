import EntenteTestSupport
import Foundation
import Testing

/// `entente import all` as a user runs it.
@Suite struct ImportCommandTests {
    /// The table cuts a failure's message to its column width; after the table, every failure is printed in full,
    /// with its file, line, column and value.
    @Test func importAllPrintsEveryFailureInFull() throws {
        let binary = builtProducts.appendingPathComponent("entente")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            Issue.record("build the tool first (swift build --build-tests builds it)")
            return
        }
        let folder = temporaryPath("import")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = folder.appendingPathComponent("peacesciencer_csv")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        try "ccode,styear,stmonth,stday,endyear,endmonth,endday,version\n2,1898,8,13,2016,12,31,2016\n200,18x6,1,1,2016,12,31,2016\n"
            .write(to: files.appendingPathComponent("cow_majors.csv"), atomically: true, encoding: .utf8)
        try "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n1,Austria-France,220,300,1494,1918,European GPs,spatial,economic,\n"
            .write(to: files.appendingPathComponent("td_rivalries.csv"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", "all", "--from", folder.path, "--database", folder.appendingPathComponent("test.sqlite").path]
        let (output, errors) = (Pipe(), Pipe())
        (process.standardOutput, process.standardError) = (output, errors)
        try process.run()
        let table = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus != 0)
        let majors = "\(files.path)/cow_majors.csv:3: column 'styear': value '18x6': not a whole number"
        let rivalries = "\(files.path)/td_rivalries.csv:2: column 'type2': value 'economic': not one of the codes "
            + "ideological, interventionary, positional, spatial"
        #expect(table.components(separatedBy: "\n").filter { $0.contains("failed") }.count == 2, "\(table)")
        #expect(!table.contains(majors) && !table.contains(rivalries), "the table cuts them")
        #expect(message.contains(majors), "\(message)")
        #expect(message.contains(rivalries), "\(message)")
        #expect(message.contains("2 import(s) failed"))
    }
}
