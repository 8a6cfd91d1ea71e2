import ClinicSchema
import Testing

@testable import ClinicPipeline

@Suite struct ValueTests {
    let amount = Column(name: "amount", type: .decimal(precision: 10, scale: 2))
    let stamp = Column(name: "created_at", type: .timestamp)
    let count = Column(name: "quantity", type: .integer)

    @Test(arguments: [
        ("150", "150.00"), ("150.5", "150.50"), ("-0.10", "-0.10"), ("99999999.99", "99999999.99"),
        ("1.5e2", "150.00"), ("1.50E-01", "0.15"), ("+7.000", "7.00"), ("0", "0.00"),
    ])
    func decimalsKeepTheirColumnScale(input: String, expected: String) throws {
        #expect(try Value.parse(input, for: amount).postgresText == expected)
    }

    @Test(arguments: ["1.005", "123456789.00", "abc", "", "1.2.3", "--1", "1e"])
    func decimalsOutsideTheColumnAreRefused(input: String) {
        #expect(throws: ETLError.self) { try Value.parse(input, for: amount) }
    }

    @Test func moneyAddsUpExactly() throws {
        guard case .decimal(let a) = try Value.parse("0.10", for: amount),
            case .decimal(let b) = try Value.parse("0.20", for: amount)
        else {
            Issue.record("not decimals")
            return
        }
        #expect(ExactDecimal(units: a.units + b.units, scale: 2).description == "0.30")
    }

    @Test(arguments: [
        ("2025-01-01 06:08:00.203535+00", "2025-01-01 06:08:00.203535+00"),
        ("2025-01-01T14:08:00.2+08:00", "2025-01-01 06:08:00.2+00"),
        ("2025-10-31T17:30:00Z", "2025-10-31 17:30:00+00"),
        ("2025-10-30 11:15:39.123456", "2025-10-30 11:15:39.123456+00"),
        ("2024-02-29 23:59:59.000001-0530", "2024-03-01 05:29:59.000001+00"),
        ("1969-12-31 23:59:59.5+00", "1969-12-31 23:59:59.5+00"),
    ])
    func timestampsBecomeUTCInstantsWithMicroseconds(input: String, expected: String) throws {
        #expect(try Value.parse(input, for: stamp).postgresText == expected)
    }

    @Test func timestampsRememberTheirOffset() throws {
        guard case .timestamp(let t) = try Value.parse("2025-01-01 14:08:00+08", for: stamp) else {
            Issue.record("not a timestamp")
            return
        }
        #expect(t.offsetSeconds == 8 * 3600)
        #expect(Value.timestamp(t).djangoSQLiteText == "2025-01-01 06:08:00")
    }

    @Test(arguments: [
        "2025-02-30 10:00:00+00", "2025-13-01 00:00:00", "2025-01-01", "2025-01-01 25:00:00", "yesterday",
    ])
    func impossibleTimestampsAreRefused(input: String) {
        #expect(throws: ETLError.self) { try Value.parse(input, for: stamp) }
    }

    @Test func datesAndTimesRoundTrip() throws {
        let date = Column(name: "date", type: .date)
        let time = Column(name: "time", type: .time)
        #expect(try Value.parse("2024-02-29", for: date).postgresText == "2024-02-29")
        #expect(throws: ETLError.self) { try Value.parse("2023-02-29", for: date) }
        #expect(try Value.parse("09:30", for: time).postgresText == "09:30:00")
        #expect(try Value.parse("09:30:00.500000", for: time).postgresText == "09:30:00.5")
        #expect(try Value.parse("09:30:00.5", for: time).djangoSQLiteText == "09:30:00.500000")
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let d = LocalDate(daysSinceEpoch: Int32(days))
            let (y, m, dd) = d.parts
            #expect(LocalDate(year: y, month: m, day: dd) == d)
        }
        #expect(LocalDate(year: 2025, month: 11, day: 23)?.weekday == 0)
    }

    @Test func integersAndBooleans() throws {
        #expect(try Value.parse("-42", for: count) == .integer(-42))
        #expect(throws: ETLError.self) { try Value.parse("2147483648", for: count) }
        #expect(throws: ETLError.self) { try Value.parse("4.0", for: count) }
        let flag = Column(name: "paid", type: .boolean)
        #expect(try Value.parse("t", for: flag) == .boolean(true))
        #expect(try Value.parse("FALSE", for: flag) == .boolean(false))
        #expect(throws: ETLError.self) { try Value.parse("maybe", for: flag) }
    }

    @Test func textKeepsEverythingButRefusesNulAndBadUTF8() throws {
        let notes = Column(name: "notes", type: .text, blank: true)
        #expect(try Value.parse("  a, \"b\"\n🦷 ñ ", for: notes) == .text("  a, \"b\"\n🦷 ñ "))
        #expect(try Value.parse("", for: notes) == .text(""))
        #expect(throws: ETLError.self) { try Value.parse("a\u{0}b", for: notes) }
        let bad: [UInt8] = [0x61, 0xFF, 0x62]
        #expect(throws: ETLError.self) {
            try bad.withUnsafeBufferPointer { buffer throws(ETLError) in
                _ = try Value.parse(buffer, for: notes)
            }
        }
    }
}
