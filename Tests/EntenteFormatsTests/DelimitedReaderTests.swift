import EntenteFormats
import Testing

func records(_ text: String, delimiter: Character = ",", chunk: Int = .max, buffer: Int = 1 << 20,
             encoding: TextEncoding = .utf8) throws -> [(line: Int, fields: [String])] {
    try records(Array(text.utf8), delimiter: delimiter, chunk: chunk, buffer: buffer, encoding: encoding)
}

func records(_ bytes: [UInt8], delimiter: Character = ",", chunk: Int = .max, buffer: Int = 1 << 20,
             encoding: TextEncoding = .utf8) throws -> [(line: Int, fields: [String])] {
    let reader = DelimitedReader(path: "test.csv", input: MemoryInput(bytes, chunkLimit: chunk),
                                 delimiter: delimiter.asciiValue!, encoding: encoding, bufferSize: buffer)
    var result: [(Int, [String])] = []
    while try reader.nextRecord() { result.append((reader.line, try reader.strings())) }
    return result
}

@Suite struct DelimitedReaderTests {
    static let tricky = "\u{FEFF}id,name,note\r\n1,\"Korea, North\",\"said \"\"no\"\"\"\r\n2,\"two\nlines\",\r\n\r\n3,last,x"

    @Test func splitsQuotesCRLFBOMAndEmbeddedNewlines() throws {
        let result = try records(Self.tricky)
        #expect(result.map(\.fields) == [
            ["id", "name", "note"], ["1", "Korea, North", "said \"no\""], ["2", "two\nlines", ""], ["3", "last", "x"],
        ])
        #expect(result.map(\.line) == [1, 2, 3, 6], "lines count the newline inside the quoted field and the blank line")
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func recordsSplitAcrossReadsComeOutWhole(chunk: Int) throws {
        let whole = try records(Self.tricky)
        let split = try records(Self.tricky, chunk: chunk, buffer: 64)
        #expect(split.map(\.fields) == whole.map(\.fields))
        #expect(split.map(\.line) == whole.map(\.line))
    }

    @Test func recordsLongerThanTheBufferGrowIt() throws {
        let long = String(repeating: "x", count: 1000)
        let result = try records("a,b\n\(long),\"\(long)\"\n", chunk: 100, buffer: 64)
        #expect(result.last?.fields == [long, long])
    }

    @Test func tabsAndTrailingEmptyFields() throws {
        let result = try records("a\tb\t\n1\t\t\n", delimiter: "\t")
        #expect(result.map(\.fields) == [["a", "b", ""], ["1", "", ""]])
    }

    @Test func unterminatedQuoteIsAnErrorWithALine() throws {
        #expect {
            _ = try records("a,b\n1,\"open\n2,3\n")
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.line == 2 && error.reason.contains("quoted field")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        #expect(throws: FormatError.self) { _ = try records("a,b\n\"x\"y,1\n") }
    }

    @Test func invalidUTF8IsAnErrorUnlessTheFileIsWindows1252() throws {
        let bytes: [UInt8] = Array("name\nC".utf8) + [0xF4] + Array("te d".utf8) + [0x92] + Array("Ivoire\n".utf8)
        #expect {
            _ = try records(bytes)
        } throws: { error in
            (error as? FormatError)?.line == 2 && (error as? FormatError)?.reason.contains("UTF-8") == true
        }
        let decoded = try records(bytes, encoding: .windows1252)
        #expect(decoded.last?.fields == ["Côte d’Ivoire"])
    }
}
