import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// An in-memory byte source that hands out data in small pieces, to cross buffer boundaries.
final class MemorySource: ByteSource {
    let name = "memory.csv"
    private let data: [UInt8]
    private let chunk: Int
    private var offset = 0

    init(_ text: String, chunk: Int = 3) {
        data = Array(text.utf8)
        self.chunk = chunk
    }

    init(bytes: [UInt8], chunk: Int = 1 << 16) {
        data = bytes
        self.chunk = chunk
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(chunk, buffer.count, data.count - offset)
        data.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)]))
        }
        offset += n
        return n
    }
}

@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [[String?]] {
        try Fixtures.records(CSVReader(MemorySource(text)))
    }

    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\n"
        #expect(try records(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "line1\r\nline2"]])
    }

    /// Several fields with doubled quotes in one record, one longer than the unescaping buffer
    /// starts, each arriving in pieces: every field keeps its own contents.
    @Test func unescapesManyQuotedFieldsOfOneRecord() throws {
        let long = String(repeating: "ab\"", count: 700)
        let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let text =
            [quoted("x\"y"), quoted(long), "plain", quoted("\"\""), quoted("")].joined(separator: ",") + "\n"
        for chunk in [1, 7, 4096] {
            #expect(
                try Fixtures.records(CSVReader(MemorySource(text, chunk: chunk)))
                    == [["x\"y", long, "plain", "\"\"", ""]], "chunk \(chunk)")
        }
    }

    /// Fields of every length around the eight-byte steps the reader skips by end exactly at
    /// their delimiter, and a stray quote is found wherever it sits.
    @Test func findsDelimitersAtEveryOffset() throws {
        for n in 0...18 {
            for m in 0...18 {
                let a = String(repeating: "x", count: n)
                let b = String(repeating: "y", count: m)
                for ending in ["\n", "\r\n", ""] {
                    let expected: [String?] = [n == 0 ? nil : a, m == 0 ? nil : b]
                    #expect(try records(a + "," + b + ending) == [expected], "\(n) \(m)")
                }
            }
            let stray = String(repeating: "x", count: n) + "\"" + "zzzzzzzzzz,1\n"
            #expect(throws: ETLError.self) { try records("a" + stray) }
        }
    }

    @Test func tellsNullFromEmptyString() throws {
        #expect(try records("a,b,c\n,\"\",z\n") == [["a", "b", "c"], [nil, "", "z"]])
        #expect(try records("a,b\n1,\n") == [["a", "b"], ["1", nil]])
    }

    @Test func acceptsCRLFAndByteOrderMarkAndNoFinalNewline() throws {
        #expect(try records("\u{FEFF}a,b\r\n1,2\r\n3,4") == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test func reportsTheLineOfAnUnterminatedQuote() throws {
        let error = #expect(throws: ETLError.self) { try records("a,b\n1,2\n3,\"open\nstill open\n") }
        #expect(error?.line == 3)
        #expect(error?.message.contains("unterminated") == true)
        #expect(error?.location == "memory.csv")
    }

    @Test func refusesStrayQuotes() throws {
        let inside = #expect(throws: ETLError.self) { try records("a,b\n1,x\"y\n") }
        #expect(inside?.line == 2)
        #expect(throws: ETLError.self) { try records("a,b\n\"x\"y,2\n") }
    }

    @Test func limitsFieldSize() throws {
        let reader = CSVReader(
            MemorySource(String(repeating: "x", count: 5000), chunk: 1000), maxFieldBytes: 1024)
        #expect(throws: ETLError.self) { _ = try reader.nextRecord() }
    }
}

@Suite struct CSVWriterTests {
    @Test func writesPostgresCopyCSV() throws {
        let sink = MemorySink()
        let writer = CSVWriter(sink)
        try writer.writeHeader(["id", "notes", "amount", "paid"])
        try writer.write([
            .integer(1), .text(""), .decimal(ExactDecimal(units: 15000, scale: 2)), .boolean(true),
        ])
        try writer.write([.integer(2), .null, .null, .boolean(false)])
        try writer.write([.integer(3), .text("a,\"b\"\nc"), .text(" x "), .text("\\")])
        try writer.close()
        #expect(sink.text == "id,notes,amount,paid\n1,\"\",150.00,t\n2,,,f\n3,\"a,\"\"b\"\"\nc\", x ,\\\n")
        #expect(sink.closed)
    }

    @Test func whatItWritesReadsBackTheSame() throws {
        let table = try #require(Catalog.clinic.table(named: "api_service"))
        let rows: [Row] = [
            [
                .integer(1), .text("Cleaning, \"deep\""), .text("all"), .text("\r\nmulti\nline "), .null,
                .timestamp(Timestamp(microsecondsSinceEpoch: 123_456_789)),
            ],
            [
                .integer(2), .text("ñ 🦷"), .text("xrays"), .text(""), .text(""),
                .timestamp(Timestamp(microsecondsSinceEpoch: 0)),
            ],
        ]
        let sink = MemorySink()
        let writer = CSVWriter(sink)
        try writer.writeHeader(table.columnNames)
        for row in rows { try writer.write(row) }
        try writer.close()
        let cursor = try CSVRowCursor(
            readingHeaderOf: CSVReader(MemorySource(sink.text, chunk: 5)), table: table, now: Timestamp.now())
        #expect(try cursor.next()?.values == rows[0])
        #expect(try cursor.next()?.values == rows[1])
        #expect(try cursor.next() == nil)
    }

    @Test func raggedRowsAndBadValuesBecomeProblemsOfTheirRow() throws {
        let table = try #require(Catalog.clinic.table(named: "api_service"))
        let header = "id,name,category,description,image,created_at\n"
        let text = header + "1,a,all,d,,2025-01-01 00:00:00+00\n2,b\n3,c,all,d,,2025-02-31 00:00:00+00\n"
        let cursor = try CSVRowCursor(
            readingHeaderOf: CSVReader(MemorySource(text)), table: table, now: .now())
        #expect(try cursor.next()?.problems.isEmpty == true)
        let ragged = try #require(try cursor.next())
        #expect(ragged.line == 3)
        #expect(ragged.problems.map(\.rule) == [.fieldCount])
        #expect(cursor.rawRecord() == Array("2,b\n".utf8))
        let badDate = try #require(try cursor.next())
        #expect(badDate.line == 4)
        #expect(badDate.problems.first?.column == "created_at")
        #expect(badDate.problems.first?.rule == .type)
        #expect(badDate.values[5] == .null)
        #expect(cursor.rawHeader == Array(header.utf8))
    }

    /// A reused row holds exactly what a fresh one would: nothing of the row before, unread columns
    /// at their fill, a ragged row all NULL.
    @Test func aReusedRowKeepsNothingOfTheRowBefore() throws {
        let table = try #require(Catalog.clinic.table(named: "api_service"))
        let text =
            "id,name,category,description,created_at\n1,a,all,d,2025-01-01 00:00:00+00\n2,b\n"
            + "3,\"\",,\"\",2025-02-31 00:00:00+00\n"
        let now = Timestamp(microsecondsSinceEpoch: 0)
        let binding = try ColumnBinding(
            table: table, names: ["id", "name", "category", "description", "created_at"], now: now)
        func cursor(reading needs: ColumnNeeds?) -> CSVRowCursor {
            let reader = CSVReader(MemorySource(text, chunk: 3))
            _ = try? reader.nextRecord()
            return CSVRowCursor(
                reader: reader, table: table, binding: binding, rawHeader: [], reading: needs)
        }
        var fresh: [SourceRow] = []
        let one = cursor(reading: nil)
        while let row = try one.next() { fresh.append(row) }
        var reused: [SourceRow] = []
        let other = cursor(reading: nil)
        var row = SourceRow(values: [])
        while try other.next(into: &row) { reused.append(row) }
        #expect(reused.map(\.values) == fresh.map(\.values))
        #expect(reused.map(\.line) == [2, 3, 4])
        #expect(reused.map { $0.problems.map(\.rule) } == [[], [.fieldCount], [.type]])
        #expect(reused[1].values == binding.fill)
        #expect(reused[2].values[1] == .text("") && reused[2].values[2] == .null)

        // The id read, the name only for being empty, nothing else.
        let partial = cursor(reading: ColumnNeeds(values: [0], presence: [1]))
        var ids: [Row] = []
        row = SourceRow(values: [])
        while try partial.next(into: &row) { ids.append(row.values) }
        #expect(ids.map { $0[0] } == [.integer(1), .null, .integer(3)])
        #expect(ids.map { $0[1] } == [ColumnNeeds.someText, binding.fill[1], .text("")])
        #expect(ids.allSatisfy { Array($0.dropFirst(2)) == Array(binding.fill.dropFirst(2)) })
    }

    @Test func rawRecordsSurviveBufferBoundariesExactly() throws {
        let table = try #require(Catalog.clinic.table(named: "api_service"))
        let record = "7,\"multi\r\nline, \"\"quoted\"\"\",all,\"d\",,2025-01-01 00:00:00+00\r\n"
        let text = "id,name,category,description,image,created_at\r\n" + record
        let cursor = try CSVRowCursor(
            readingHeaderOf: CSVReader(MemorySource(text, chunk: 2)), table: table, now: .now())
        _ = try cursor.next()
        #expect(cursor.rawRecord() == Array(record.utf8))
    }
}

/// A record reads the same whether it arrives whole or a few bytes at a time, errors included.
@Suite struct CSVChunkingTests {
    struct Read: Equatable {
        var records: [[String?]] = []
        var lines: [Int] = []
        var raw: [[UInt8]] = []
        var copied: [[UInt8]] = []
        var error: String?
    }

    func read(_ text: String, chunk: Int) -> Read {
        let reader = CSVReader(MemorySource(bytes: Array(text.utf8), chunk: chunk))
        var out = Read()
        do {
            while try reader.nextRecord() {
                out.records.append(
                    (0..<reader.fieldCount).map { i in
                        let bytes = reader.field(i)
                        let text = String(decoding: bytes, as: UTF8.self)
                        return bytes.isEmpty && !reader.isQuoted(i)
                            ? nil : (reader.isQuoted(i) ? "q:" : "") + text
                    })
                out.lines.append(reader.recordLine)
                out.raw.append(reader.rawRecord())
                var line: [UInt8] = []
                reader.appendRecord(to: &line)
                out.copied.append(line)
            }
        } catch {
            out.error = "\(error)"
        }
        return out
    }

    @Test(arguments: [
        "id,name\n1,Ana\n2,\"Dela Cruz, Juan\"\n",
        "a,b,\n,,\n\"\",\"\"\n",
        "\n\n1\n",
        "x,\"a\"\"b\"\n\"multi\nline\",y\nz,w\n",
        "crlf,1\r\n\"q\",2\r\nlast,3",
        "lone\rcr,1\n2,3\n",
        "bad\"quote,1\n",
        "\"open,1\n2,3\n",
        "\"a\"x,1\n",
        "ñ,😀,\"é,è\"\n\"\",x\n",
        "no newline at the end",
        "\"quoted at the end\"",
    ])
    func readsTheSameWhateverTheChunks(_ text: String) {
        let whole = read(text, chunk: 1 << 16)
        #expect(whole == read(text, chunk: 1))
        #expect(whole == read(text, chunk: 5))
    }
}
