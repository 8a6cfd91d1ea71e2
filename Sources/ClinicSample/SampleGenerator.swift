import ClinicPipeline

/// Named fields of one generated row, in the table's column order.
typealias Fields = [(String, Value)]

/// Makes any row of any table from the plan alone.
struct SampleGenerator: Sendable {
    let plan: SamplePlan

    /// The first day of the sample year; appointments fall across the whole year.
    static let yearStart = LocalDate(year: 2025, month: 1, day: 1) ?? LocalDate(daysSinceEpoch: 20089)

    func random(_ table: String, _ id: Int) -> SampleRandom {
        SampleRandom(seed: plan.seed, table: table, row: id)
    }

    func row(_ table: String, id: Int) -> Fields {
        switch table {
        case "api_user": user(id)
        case "api_service": service(id)
        case "api_appointment": appointmentRow(id)
        case "api_toothchart": toothChart(id)
        case "api_dentalrecord": dentalRecord(id)
        case "api_document": document(id)
        case "api_inventoryitem": inventoryItem(id)
        case "api_billing": billing(id)
        case "api_cliniclocation": location(id)
        case "api_treatmentplan": treatmentPlan(id)
        case "api_teethimage": teethImage(id)
        case "api_staffavailability": availability(id)
        case "api_appointmentnotification": notification(id, legacy: false)
        case "api_dentistnotification": notification(id, legacy: true)
        case "api_passwordresettoken": resetToken(id)
        case "api_patientintakeform": intakeForm(id)
        case "api_fileattachment": attachment(id)
        case "api_clinicalnote": clinicalNote(id)
        case "api_treatmentassignment": assignment(id)
        default: []
        }
    }

    // MARK: shared helpers

    /// A timestamp on `date` at a random time, with microseconds (sometimes zero, sometimes with
    /// trailing zeros) so every text form is exercised.
    func stamp(_ r: SampleRandom, _ field: UInt64, on date: LocalDate) -> Value {
        let micro: Int
        switch r.int(field + 100, 0...3) {
        case 0: micro = 0
        case 1: micro = r.int(field + 101, 0...99) * 10_000
        default: micro = r.int(field + 101, 0...999_999)
        }
        let seconds = r.int(field, 7 * 3600...20 * 3600)
        let time = LocalTime(microseconds: Int64(seconds) * 1_000_000 + Int64(micro))
        return .timestamp(Timestamp(date: date, time: time))
    }

    func day(_ offset: Int) -> LocalDate { Self.yearStart.adding(days: offset) }

    func text(_ s: String) -> Value { .text(s) }

    func money(_ units: Int64) -> Value { .decimal(ExactDecimal(units: units, scale: 2)) }

    func optional(_ r: SampleRandom, _ field: UInt64, percent: Int, _ value: Value) -> Value {
        r.chance(field, percent) ? value : .null
    }

    func note(_ r: SampleRandom, _ field: UInt64) -> Value { .text(r.pick(field, SampleText.notes)) }

    /// Appointment facts other tables refer to.
    struct Appointment {
        let patient: Int64
        let dentist: Int64?
        let service: Int?
        let date: LocalDate
        let status: String
    }

    func appointment(_ id: Int) -> Appointment {
        let r = random("api_appointment", id)
        let status = r.weighted(
            5,
            [
                ("completed", 55), ("confirmed", 12), ("pending", 8), ("cancelled", 8), ("missed", 7),
                ("reschedule_requested", 5), ("cancel_requested", 5),
            ])
        return Appointment(
            patient: plan.patientID(r.int(1, 0...(plan.patients - 1))),
            dentist: r.chance(2, 95) ? plan.dentistID(r.int(3, 0...(plan.dentists - 1))) : nil,
            service: r.chance(4, 97) ? r.int(6, 1...plan.services) : nil,
            date: day(r.int(7, 0...364)),
            status: status)
    }
}
