import Entente
import EntenteCore
import Foundation
import Testing

@Suite struct ReportTableTests {
    let report = ReportTable(columns: ["name", "n", "x"], rows: [
        [.text("Korea, North"), .integer(3), .real(0.25)],
        [.text("say \"hi\"\nthere"), .null, .real(2)],
    ])

    @Test func csvQuotesWhatNeedsQuoting() {
        #expect(report.render(.csv) == "name,n,x\n\"Korea, North\",3,0.25\n\"say \"\"hi\"\"\nthere\",,2.0\n")
    }

    @Test func jsonIsValidAndTyped() throws {
        let data = Data(report.render(.json).utf8)
        let parsed = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?[0]["name"] as? String == "Korea, North")
        #expect(parsed?[0]["n"] as? Int == 3)
        #expect(parsed?[1]["n"] is NSNull)
        #expect(parsed?[1]["name"] as? String == "say \"hi\"\nthere")
    }

    @Test func tableAlignsAndCountsRows() {
        let lines = report.render(.table).split(separator: "\n")
        #expect(lines.first?.hasPrefix("name") == true)
        #expect(lines.last == "(2 rows)")
    }
}
