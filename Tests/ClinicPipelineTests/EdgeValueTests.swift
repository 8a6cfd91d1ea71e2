import ClinicPipeline
import ClinicSchema
import Testing

/// The date and timestamp forms PostgreSQL holds beyond the everyday ones read and print as it does.
@Suite struct EdgeValueTests {
    @Test(arguments: [
        "infinity", "-infinity", "0044-03-15 BC", "0001-01-01 BC", "4713-11-24 BC", "10000-01-01",
        "5874897-12-31",
    ])
    func datesRoundTrip(text: String) throws {
        #expect(try Value.parse(text, type: .date).postgresText == text)
    }

    @Test(arguments: [
        "infinity", "-infinity", "0044-03-15 10:00:00+00 BC", "12345-06-07 08:09:10.5+00",
        "0001-01-01 00:00:00+00 BC",
    ])
    func timestampsRoundTrip(text: String) throws {
        #expect(try Value.parse(text, type: .timestamp).postgresText == text)
    }

    @Test func whatPostgreSQLRefusesIsRefused() throws {
        for text in ["0000-01-01", "5874898-01-01", "0000-01-01 BC", "infinityx", "2025-02-29"] {
            #expect(throws: ETLError.self, "\(text)") { try Value.parse(text, type: .date) }
        }
        #expect(throws: ETLError.self) { try Value.parse("2025-01-01 24:00:01+00", type: .timestamp) }
        #expect(try Value.parse("+infinity", type: .date) == .date(.infinity))
        #expect(try Value.parse("24:00:00", type: .time).postgresText == "24:00:00")
        #expect(
            try Value.parse("2025-01-01 00:00:00+08 BC", type: .timestamp).postgresText
                == "2026-12-31 16:00:00+00 BC")
    }

    @Test func nanIsANumericValue() throws {
        let type = ColumnType.decimal(precision: 10, scale: 2)
        #expect(try Value.parse("NaN", type: type).postgresText == "NaN")
        #expect(try Value.parse("nan", type: type) == .decimal(.nan))
        #expect(ExactDecimal(units: 5, scale: 2) < .nan)
        #expect(!(ExactDecimal.nan < ExactDecimal(units: 5, scale: 2)))
    }

    @Test func infinitiesSortAtTheEnds() throws {
        let dates = try ["infinity", "2025-01-01", "-infinity", "0044-03-15 BC"].map {
            try Value.parse($0, type: .date)
        }
        guard case .date(let a) = dates[0], case .date(let b) = dates[1], case .date(let c) = dates[2],
            case .date(let d) = dates[3]
        else { return }
        #expect([a, b, c, d].sorted() == [c, d, b, a])
    }
}
