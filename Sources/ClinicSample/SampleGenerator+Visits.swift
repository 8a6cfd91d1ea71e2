import ClinicPipeline

/// Appointments and what hangs off them: billing, records, notes, notifications.
extension SampleGenerator {
    func service(_ id: Int) -> Fields {
        let r = random("api_service", id)
        let s = SampleText.services[id - 1]
        return [
            ("id", .integer(Int64(id))),
            ("name", text(s.name)),
            ("category", text(s.category)),
            (
                "description",
                text(
                    "\(s.name): \(r.pick(1, ["standard procedure", "includes follow-up, \"free\"", "per tooth\n(price varies)"]))"
                )
            ),
            ("image", r.chance(2, 50) ? text("services/\(s.category)-\(id).png") : .null),
            ("created_at", stamp(r, 3, on: day(-r.int(4, 400...800)))),
        ]
    }

    func appointmentRow(_ id: Int) -> Fields {
        let r = random("api_appointment", id)
        let a = appointment(id)
        let rescheduling = a.status == "reschedule_requested"
        let cancelling = a.status == "cancel_requested" || (a.status == "cancelled" && r.chance(20, 50))
        let created = a.date.adding(days: -r.int(21, 1...30))
        let slot = Int64(8 * 60 + 30 * r.int(22, 0...17)) * 60_000_000
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(a.patient)),
            ("dentist_id", a.dentist.map { .integer($0) } ?? .null),
            ("service_id", a.service.map { .integer(Int64($0)) } ?? .null),
            ("date", .date(a.date)),
            ("time", .time(LocalTime(microseconds: slot))),
            ("status", text(a.status)),
            ("notes", note(r, 23)),
            ("reschedule_date", rescheduling ? .date(a.date.adding(days: r.int(24, 7...21))) : .null),
            ("reschedule_time", rescheduling ? .time(LocalTime(microseconds: slot + 3_600_000_000)) : .null),
            (
                "reschedule_service_id",
                rescheduling && r.chance(25, 30) ? .integer(Int64(r.int(26, 1...plan.services))) : .null
            ),
            (
                "reschedule_dentist_id",
                rescheduling && r.chance(27, 30) ? .integer(plan.dentistID(r.int(28, 0...99))) : .null
            ),
            (
                "reschedule_notes",
                text(
                    rescheduling
                        ? r.pick(
                            29,
                            [
                                "Conflict with work, pwede ba sa hapon?",
                                "Out of town,\nwill be back next week",
                            ]) : "")
            ),
            (
                "cancel_reason",
                text(
                    cancelling || a.status == "cancelled"
                        ? r.pick(30, ["Feeling better", "No budget, \"next month\"", ""]) : "")
            ),
            (
                "cancel_requested_at",
                cancelling ? stamp(r, 31, on: a.date.adding(days: -r.int(32, 1...3))) : .null
            ),
            ("created_at", stamp(r, 33, on: created)),
            ("updated_at", stamp(r, 34, on: created.adding(days: r.int(35, 0...20)))),
        ]
    }

    func billing(_ id: Int) -> Fields {
        let r = random("api_billing", id)
        let appointmentID = (id - 1) * plan.appointments / plan.billings + 1
        let a = appointment(appointmentID)
        let linked = !r.chance(1, 8)
        let base = a.service.map { SampleText.services[$0 - 1].price } ?? 1_000_00
        let amount = base + Int64(r.int(2, -20...40)) * 25_00 + Int64(r.pick(3, [0, 0, 50, 25, 99, 1]))
        let status = r.weighted(4, [("paid", 62), ("pending", 28), ("cancelled", 10)])
        let created = a.date.adding(days: r.int(5, 0...2))
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(a.patient)),
            ("appointment_id", linked ? .integer(Int64(appointmentID)) : .null),
            ("amount", money(max(amount, 1))),
            (
                "description",
                text(
                    a.service.map { "Payment for \(SampleText.services[$0 - 1].name)" }
                        ?? "Consultation, walk-in")
            ),
            (
                "soa_file",
                r.weighted(6, [(Value.null, 6), (text(""), 1), (text("billing/soa_\(id).pdf"), 3)])
            ),
            ("status", text(status)),
            ("paid", .boolean(status == "paid")),
            ("created_by_id", r.chance(7, 80) ? .integer(plan.receptionistID(id)) : .null),
            ("created_at", stamp(r, 8, on: created)),
            (
                "updated_at",
                stamp(r, 9, on: created.adding(days: status == "pending" ? 0 : r.int(10, 0...45)))
            ),
        ]
    }

    func dentalRecord(_ id: Int) -> Fields {
        let r = random("api_dentalrecord", id)
        let appointmentID = id * 3 - 2
        let a = appointment(appointmentID)
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(a.patient)),
            ("appointment_id", r.chance(1, 85) ? .integer(Int64(appointmentID)) : .null),
            ("treatment", text(r.pick(2, SampleText.treatments))),
            ("diagnosis", text(r.pick(3, SampleText.diagnoses))),
            ("notes", note(r, 4)),
            ("created_by_id", a.dentist.map { .integer($0) } ?? .null),
            ("created_at", stamp(r, 5, on: a.date)),
        ]
    }

    func clinicalNote(_ id: Int) -> Fields {
        let r = random("api_clinicalnote", id)
        let appointmentID = id * 4 - 3
        let a = appointment(appointmentID)
        var content = r.pick(1, SampleText.notes)
        if content.isEmpty { content = "Seen; no complaints." }
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(a.patient)),
            ("appointment_id", r.chance(2, 90) ? .integer(Int64(appointmentID)) : .null),
            ("content", text(content)),
            ("author_id", a.dentist.map { .integer($0) } ?? .null),
            ("created_at", stamp(r, 3, on: a.date)),
            ("updated_at", stamp(r, 4, on: a.date.adding(days: r.int(5, 0...3)))),
        ]
    }

    func notification(_ id: Int, legacy: Bool) -> Fields {
        let table = legacy ? "api_dentistnotification" : "api_appointmentnotification"
        let r = random(table, id)
        let appointmentID = legacy ? id * 10 - 9 : id * 2 - 1
        let a = appointment(appointmentID)
        let type =
            switch a.status {
            case "reschedule_requested": "reschedule_request"
            case "cancel_requested": "cancel_request"
            case "cancelled": "appointment_cancelled"
            default: "new_appointment"
            }
        let recipient =
            legacy
            ? (a.dentist ?? plan.dentistID(id)) : r.chance(1, 50) ? plan.ownerID : plan.receptionistID(id)
        return [
            ("id", .integer(Int64(id))),
            (legacy ? "dentist_id" : "recipient_id", .integer(recipient)),
            ("appointment_id", .integer(Int64(appointmentID))),
            ("notification_type", text(type)),
            (
                "message",
                text(
                    "Appointment #\(appointmentID) on \(Value.date(a.date).postgresText ?? ""): \(type.replacingUnderscores)"
                )
            ),
            ("is_read", .boolean(r.chance(2, 60))),
            ("created_at", stamp(r, 3, on: a.date.adding(days: -r.int(4, 0...14)))),
        ]
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
