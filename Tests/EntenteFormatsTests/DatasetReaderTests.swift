import EntenteCore
import EntenteFormats
import EntenteTestSupport
import Foundation
import Testing

/// Writes `text` to `name` in `folder` (a test's own, made if need be) and returns the path.
func writeFixture(_ text: String, name: String = "fixture.csv", in folder: URL) throws -> String {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

let fixtureCrosswalk = try! Crosswalk(countries: [
    Country(code: CountryCode(2), abbreviation: "USA", name: "United States of America"),
    Country(code: CountryCode(255), abbreviation: "GMY", name: "Germany"),
    Country(code: CountryCode(260), abbreviation: "GFR", name: "German Federal Republic"),
    Country(code: CountryCode(365), abbreviation: "RUS", name: "Russia"),
    Country(code: CountryCode(731), abbreviation: "PRK", name: "North Korea"),
    Country(code: CountryCode(740), abbreviation: "JPN", name: "Japan"),
], variants: [
    NameVariant(name: "United States", code: CountryCode(2)),
    NameVariant(name: "Korea, North", code: CountryCode(731)),
    NameVariant(name: "Germany", code: CountryCode(260), fromYear: 1946, toYear: 1989),
    NameVariant(name: "Germany", code: CountryCode(255), fromYear: 1990),
], nonStates: [NonStateEntity(name: "EU", kind: .organisation), NonStateEntity(name: "World", kind: .aggregate)])

func readAll(_ definition: DatasetDefinition, _ path: String, keepGoing: Bool = false) throws -> (ReadSummary, [[FieldValue]]) {
    var rows: [[FieldValue]] = []
    let summary = try DatasetReader(definition: definition, crosswalk: fixtureCrosswalk)
        .read(path: path, keepGoing: keepGoing) { rows.append($0) }
    return (summary, rows)
}

@Suite struct DatasetReaderTests {
    let sanctions = DatasetDefinition(
        id: "fixture-sanctions", title: "fixture sanctions", source: "test", headerStartsWith: "case",
        key: NaturalKey("case senders"), layouts: [FileLayout("fixture", columns: [
            SourceColumn("case", .integer, required: true),
            SourceColumn("target", .country(yearFrom: "year"), required: true),
            SourceColumn("senders", .countries(yearFrom: "year"), required: true),
            SourceColumn("year", .integer, missing: ["-9"]),
            SourceColumn("estimate", .yesNo),
        ])], knownPaths: [])

    @Test func preambleListsYearsAndNonStates() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("""
            Exported from a database.
            Some notes, with commas.
            case,target,senders,year,estimate,ignored
            1,Russia,"United States, EU, Korea, North",2014,Yes,x
            2,Germany,Japan,1970,no,y
            """, in: folder)
        let (summary, rows) = try readAll(sanctions, path)
        #expect(summary.rowsRead == 2 && summary.rowsLoaded == 2)
        #expect(summary.unstoredColumns == ["ignored"])
        #expect(rows.count == 4, "three senders in the first case, one in the second")
        #expect(rows[0] == [.integer(1), .text("Russia"), .integer(365), .text("United States"), .integer(2), .integer(2014), .integer(1)])
        #expect(rows[1][3] == .text("EU") && rows[1][4] == .null, "an organisation is kept, with no state code")
        #expect(rows[2][3] == .text("Korea, North") && rows[2][4] == .integer(731), "a name containing a comma stays whole")
        #expect(rows[3][2] == .integer(260), "Germany in 1970 is the German Federal Republic")
    }

    @Test func badValueStopsWithFileLineColumnAndValue() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("case,target,senders,year,estimate\n1,Russia,EU,2014,Yes\n2,Russia,EU,20x4,No\n", in: folder)
        #expect {
            _ = try readAll(sanctions, path)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.path == path && error.line == 3 && error.column == "year" && error.value == "20x4"
                && "\(error)".contains("not a whole number")
        }
    }

    @Test func unknownAndAmbiguousCountriesAreReportedNotGuessed() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unknown = try writeFixture("case,target,senders,year,estimate\n1,Narnia,EU,2014,Yes\n", in: folder)
        #expect {
            _ = try readAll(sanctions, unknown)
        } throws: { error in
            (error as? FormatError)?.column == "target" && "\(error)".contains("unknown country name")
        }
        let ambiguous = try writeFixture("case,target,senders,year,estimate\n1,Germany,EU,-9,Yes\n", in: folder)
        #expect {
            _ = try readAll(sanctions, ambiguous)
        } throws: { error in
            "\(error)".contains("several states (255, 260)")
        }
    }

    @Test func keepGoingSetsBadRecordsAsideWithReasons() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("case,target,senders,year,estimate\n1,Russia,EU,2014,Yes\n2,Russia,EU,2014\n3,Russia,EU,2014,maybe\n4,Japan,EU,2015,No\n", in: folder)
        let (summary, rows) = try readAll(sanctions, path, keepGoing: true)
        #expect(summary.rowsRead == 4 && summary.rowsLoaded == 2 && rows.count == 2)
        #expect(summary.rejects.map(\.line) == [3, 4])
        #expect(summary.rejects[0].reason.contains("expected 5 fields"))
        #expect(summary.rejects[1].column == "estimate" && summary.rejects[1].value == "maybe")
    }

    @Test func wrongHeaderNamesTheMissingColumn() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeFixture("case,target,sender,year,estimate\n1,Russia,EU,2014,Yes\n", in: folder)
        #expect {
            _ = try readAll(sanctions, path)
        } throws: { error in
            (error as? FormatError)?.line == 1 && "\(error)".contains("lacks column(s) senders")
        }
    }

    /// A layout that stores some records still reads and checks every one: gw_ddy's rows whose first state is no
    /// microstate are passed over, and a flag that is neither value stops the read with its file, line and field.
    @Test func aSelectionStoresSomeRecordsAndChecksThemAll() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let selected = DatasetDefinition(
            id: "fixture-selection", title: "fixture selection", source: "test", key: NaturalKey("gwcode partner year"),
            layouts: [FileLayout("selection", columns: [
                SourceColumn("gwcode1", as: "gwcode", .integer, required: true), SourceColumn("gwcode2", as: "partner", .integer, required: true),
                SourceColumn("year", .integer, required: true),
            ], selection: RecordSelection("microstate1", stored: ["1"], passedOver: ["0"]))], knownPaths: [])
        let header = "gwcode1,gwcode2,year,microstate1,microstate2\n"
        let (summary, rows) = try readAll(selected, try writeFixture(header + "2,221,1900,0,1\n221,2,1900,1,0\n221,223,1900,1,1\n", in: folder))
        #expect(summary.rowsRead == 3 && summary.rowsLoaded == 2 && summary.passedOver == 1)
        #expect(rows == [[.integer(221), .integer(2), .integer(1900)], [.integer(221), .integer(223), .integer(1900)]])
        #expect(summary.unstoredColumns == ["microstate2"])
        for (record, column, value, reason) in [("2,221,19x0,0,1", "year", "19x0", "not a whole number"),
                                                ("221,2,1900,yes,0", "microstate1", "yes", "expected one of 0, 1")] {
            let path = try writeFixture(header + "2,20,1867,0,0\n" + record + "\n", in: folder)
            #expect {
                _ = try readAll(selected, path)
            } throws: { error in
                guard let error = error as? FormatError else { return false }
                return error.path == path && error.line == 3 && error.column == column && error.value == value && "\(error)".contains(reason)
            }
        }
        let unflagged = try writeFixture("gwcode1,gwcode2,year,microstate2\n2,20,1867,0\n", in: folder)
        #expect {
            _ = try readAll(selected, unflagged)
        } throws: { error in
            "\(error)".contains("lacks column(s) microstate1")
        }
    }

    @Test func wideYearsBecomeRowsResolvedPerYear() throws {
        let folder = temporaryPath("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let wide = DatasetDefinition(
            id: "fixture-wide", title: "fixture wide", source: "test", key: NaturalKey("partner year"),
            layouts: [FileLayout("wide", columns: [SourceColumn("partner", .country(yearFrom: nil), required: true)],
                                 wide: WideToLong(key: SourceColumn("", as: "year", .integer),
                                                  value: SourceColumn("", as: "value", .real),
                                                  skippedValues: [""], selects: { Int($0) != nil }),
                                 trailingUnnamedColumns: true)],
            knownPaths: [])
        let path = try writeFixture("partner,1989,1990,,\nGermany,1.5,,,\nWorld,2,3e2,,junk\n", in: folder)
        let (summary, rows) = try readAll(wide, path)
        #expect(rows == [
            [.text("Germany"), .integer(260), .integer(1989), .real(1.5)],
            [.text("World"), .null, .integer(1989), .real(2)],
            [.text("World"), .null, .integer(1990), .real(300)],
        ])
        #expect(summary.junkValues.map(\.line) == [3], "a value in an unnamed column is reported, not stored")
    }
}
