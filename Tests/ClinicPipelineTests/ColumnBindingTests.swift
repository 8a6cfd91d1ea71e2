import ClinicSchema
import Testing

@testable import ClinicPipeline

@Suite struct ColumnBindingTests {
    let billing = Catalog.clinic.table(named: "api_billing")
    let now = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)

    @Test func matchesColumnsByNameInAnyOrder() throws {
        let table = try #require(billing)
        let binding = try ColumnBinding(
            table: table, names: ["description", "amount", "patient_id", "id", "created_at", "updated_at"],
            now: now)
        #expect(binding.sourceIndex[table.index(of: "id") ?? 0] == 3)
        #expect(binding.sourceIndex[table.index(of: "amount") ?? 0] == 1)
        #expect(binding.fill[table.index(of: "status") ?? 0] == .text("pending"))
        #expect(binding.fill[table.index(of: "paid") ?? 0] == .boolean(false))
        #expect(binding.fill[table.index(of: "appointment_id") ?? 0] == .null)
    }

    @Test func fillsAutoNowColumnsWithTheRunsTime() throws {
        let table = try #require(billing)
        let binding = try ColumnBinding(
            table: table, names: ["id", "patient_id", "amount", "description"], now: now)
        #expect(binding.fill[table.index(of: "created_at") ?? 0] == .timestamp(now))
    }

    @Test func refusesUnknownRepeatedAndMissingColumns() throws {
        let table = try #require(billing)
        let unknown = #expect(throws: ETLError.self) {
            try ColumnBinding(
                table: table, names: ["id", "patient_id", "amount", "description", "colour"], now: now)
        }
        #expect(unknown?.message.contains("unknown column \"colour\"") == true)
        #expect(throws: ETLError.self) {
            try ColumnBinding(
                table: table, names: ["id", "id", "patient_id", "amount", "description"], now: now)
        }
        let missing = #expect(throws: ETLError.self) {
            try ColumnBinding(table: table, names: ["id", "patient_id", "description"], now: now)
        }
        #expect(missing?.message.contains("\"amount\" is missing") == true)
        #expect(missing?.description.contains("api_billing") == true)
    }
}
