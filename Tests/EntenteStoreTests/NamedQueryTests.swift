import EntenteCore
import EntenteStore
import GRDB
import Testing

/// The store's named queries on small fixture tables.
@Suite struct NamedQueryTests {
    func database(_ statements: String...) throws -> EntenteDatabase {
        let database = try EntenteDatabase(path: nil)
        try database.queue.write { db in for sql in statements { try db.execute(sql: sql) } }
        return database
    }

    @Test func aYearSpanNeedsIntegerYears() throws {
        let database = try self.database("CREATE TABLE spans (\"end\" INTEGER, label TEXT)",
                                         "INSERT INTO spans VALUES (1990, '1990-01-01'), (2005, '2005-06-30')")
        #expect(try database.yearSpan(YearColumn(table: "spans", column: "end")) == 1990...2005)
        // A quoted keyword as the column; text is no year.
        #expect(try database.yearSpan(YearColumn(table: "spans", column: "label")) == nil)
    }

    @Test func anOrganisationIsBoundNotSpliced() throws {
        let database = try self.database("CREATE TABLE igo (ccode INTEGER, year INTEGER, igo TEXT, status INTEGER)",
                                         "INSERT INTO igo VALUES (2, 1950, 'nato', 1), (2, 1951, 'o''brien', 1), (20, 1950, 'nato', 0)")
        var rows: [String] = []
        try IGOMembership.forEach(of: "o'brien", in: database) { rows.append("\($0.code) \($0.year) \($0.organization)") }
        #expect(rows == ["2 1951 o'brien"])
        rows = []
        try IGOMembership.forEach(in: database) { rows.append("\($0.code) \($0.year) \($0.organization)") }
        #expect(rows == ["2 1950 nato", "2 1951 o'brien"])
    }

    @Test func aMissingTableIsAnErrorNotAnEmptyRead() throws {
        let database = try self.database()
        #expect(throws: DatabaseError.self) { try MIDDyadYear.forEach(in: database) { _ in } }
        let totals = try database.importTotals(dataset: "gdelt")
        #expect(totals.files == 0 && totals.rowsRejected == 0 && totals.lastImportedAt == nil)
        #expect(try EventDyadDay.monthSpan(in: database) == nil)
    }
}
