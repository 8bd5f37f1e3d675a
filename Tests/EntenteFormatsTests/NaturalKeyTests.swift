import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

@Suite struct NaturalKeyTests {
    func capabilities(knownRepeats: Set<[String]> = []) -> DatasetDefinition {
        DatasetDefinition(
            id: "fixture-nmc", title: "fixture capabilities", source: "test",
            key: NaturalKey("ccode year", knownRepeats: knownRepeats),
            layouts: [FileLayout("fixture", columns: [
                SourceColumn("ccode", .integer), SourceColumn("year", .integer, required: true), SourceColumn("cinc", .real),
            ])], knownPaths: [])
    }

    let sanctions = DatasetDefinition(
        id: "fixture-sanctions", title: "fixture sanctions", source: "test", key: NaturalKey("case senders"),
        layouts: [FileLayout("fixture", columns: [
            SourceColumn("case", .integer, required: true), SourceColumn("senders", .countries(yearFrom: "year"), required: true),
            SourceColumn("year", .integer),
        ])], knownPaths: [])

    @Test func aRepeatedKeyStopsTheReadNamingFileLineKeyAndTheFirstLine() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("ccode,year,cinc\n2,1816,0.1\n2,1817,0.2\n20,1816,0.3\n2,1817,0.25\n", in: folder)
        #expect {
            _ = try readAll(capabilities(), path)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.path == path && error.line == 5 && error.column == "ccode, year" && error.value == "2, 1817"
                && error.reason.contains("repeats line 3") && "\(error)".contains(path)
        }
    }

    @Test func keepGoingRejectsTheRepeatsAndKeepsTheFirstRow() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("ccode,year,cinc\n2,1816,0.1\n2,1816,0.9\n2,1817,0.2\n2,1816,0.8\n", in: folder)
        let (summary, rows) = try readAll(capabilities(), path, keepGoing: true)
        #expect(rows.map { $0[2] } == [.real(0.1), .real(0.2)])
        #expect(summary.rowsRead == 4 && summary.rowsLoaded == 2)
        #expect(summary.rejects.map(\.line) == [3, 5])
    }

    @Test func aKeyWithAMissingPartIsNotChecked() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("ccode,year,cinc\n,1816,0.1\n,1816,0.2\n", in: folder)
        #expect(try readAll(capabilities(), path).1.count == 2)
    }

    /// A record that yields several rows (one per sender) is admitted or rejected whole: a sender named twice in
    /// one cell, or a sender the case already had, rejects the record, and its other senders are not kept as seen.
    @Test func aRecordOfSeveralRowsIsCheckedWhole() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("""
            case,senders,year
            1,"United States, EU",2014
            2,"Japan, EU, Japan",2014
            1,"Japan, EU",2014
            1,Japan,2014
            """, in: folder)
        #expect {
            _ = try readAll(sanctions, path)
        } throws: { error in
            (error as? FormatError)?.line == 3 && "\(error)".contains("the record gives this key twice")
        }
        let (summary, rows) = try readAll(sanctions, path, keepGoing: true)
        #expect(summary.rejects.map(\.line) == [3, 4])
        #expect(summary.rejects[1].value == "1, EU" && summary.rejects[1].reason.contains("repeats line 2"))
        #expect(rows.map { [$0[0], $0[1]] } == [
            [.integer(1), .text("United States")], [.integer(1), .text("EU")], [.integer(1), .text("Japan")],
        ])
    }

    @Test func wideCellsAreKeyedWithTheirColumn() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let wide = DatasetDefinition(
            id: "fixture-wide", title: "fixture wide", source: "test", key: NaturalKey("partner year"),
            layouts: [FileLayout("wide", columns: [SourceColumn("partner", .text, required: true)],
                                 wide: WideToLong(key: SourceColumn("", as: "year", .integer),
                                                  value: SourceColumn("", as: "value", .real),
                                                  skippedValues: [""], selects: { Int($0) != nil }))],
            knownPaths: [])
        #expect(try readAll(wide, try writeFixture("partner,1989,1990\nJapan,1,\nWorld,3,4\nJapan,,5\n", in: folder)).1.count == 4,
                "Japan's 1989 and 1990 are different keys")
        #expect {
            _ = try readAll(wide, try writeFixture("partner,1989,1990\nJapan,1,2\nWorld,3,4\nJapan,,5\n", in: folder))
        } throws: { error in
            (error as? FormatError)?.line == 4 && (error as? FormatError)?.value == "Japan, 1990"
        }
    }

    @Test func aKnownRepeatIsStoredAndCountedAndOnlyIt() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let definition = capabilities(knownRepeats: [["2", "1816"]])
        let (summary, rows) = try readAll(definition, try writeFixture("ccode,year,cinc\n2,1816,0.1\n2,1816,0.1\n2,1817,0.2\n", in: folder))
        #expect(rows.count == 3 && summary.knownRepeats == 1)
        #expect {
            _ = try readAll(definition, try writeFixture("ccode,year,cinc\n2,1816,0.1\n2,1817,0.2\n2,1817,0.2\n", in: folder))
        } throws: { error in
            (error as? FormatError)?.line == 4
        }
    }

    @Test func everyCataloguedKeyNamesStoredColumns() {
        for dataset in DatasetCatalogue.all {
            let stored = Set(dataset.table.columns.map(\.name))
            for key in [dataset.key] + dataset.layouts.compactMap(\.key) {
                #expect(!key.columns.isEmpty && key.columns.allSatisfy(stored.contains), "\(dataset.id): \(key.columns)")
            }
        }
    }
}
