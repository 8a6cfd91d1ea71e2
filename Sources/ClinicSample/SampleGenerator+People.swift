import ClinicPipeline

/// Users, their charts, forms, tokens and schedules.
extension SampleGenerator {
    func user(_ id: Int) -> Fields {
        let r = random("api_user", id)
        let first = r.pick(1, SampleText.firstNames)
        let last = r.pick(2, SampleText.lastNames)
        let (type, role): (String, String) =
            switch Int64(id) {
            case plan.ownerID: ("owner", "")
            case ..<plan.receptionistID(0): ("staff", "dentist")
            case ..<plan.patientID(0): ("staff", "receptionist")
            default: ("patient", "")
            }
        let handle = (first + "." + last).lowercased().unicodeScalars
            .filter { $0.properties.isAlphabetic && $0.isASCII || $0 == "." }
        let username = "\(String(String.UnicodeScalarView(handle)))\(id)"
        let email = r.chance(3, 20) ? "\(username)+clinic@Example.PH" : "\(username)@example.ph"
        let password =
            r.chance(4, 5)
            ? "!\(String(r.bits(5), radix: 36))"
            : "pbkdf2_sha256$870000$\(String(r.bits(6), radix: 36))$\(String(r.bits(7), radix: 36))"
                + "\(String(r.bits(8), radix: 36))="
        let birthday = r.chance(9, 85) ? day(-r.int(10, 365 * 3...365 * 80)) : nil
        let created = day(-r.int(11, 0...900))
        let phone = r.pick(
            12, ["+63 917 \(r.int(13, 100...999)) \(r.int(14, 1000...9999))", "0918-555-0\(id % 1000)", ""])
        return [
            ("id", .integer(Int64(id))),
            ("username", text(username)),
            ("email", text(email)),
            ("password", text(password)),
            ("first_name", text(type == "owner" ? "Dorotheo" : first)),
            ("last_name", text(last)),
            ("user_type", text(type)),
            ("role", text(role)),
            ("phone", text(phone)),
            ("address", text(r.pick(15, SampleText.addresses))),
            ("birthday", birthday.map { .date($0) } ?? .null),
            ("age", birthday.map { .integer(Int64(age(born: $0))) } ?? .null),
            (
                "profile_picture",
                r.weighted(16, [(Value.null, 5), (text(""), 2), (text("profiles/u\(id).jpg"), 3)])
            ),
            ("is_active_patient", .boolean(type == "patient" && r.chance(17, 90))),
            ("is_archived", .boolean(r.chance(18, 4))),
            ("is_active", .boolean(!r.chance(19, 3))),
            ("is_staff", .boolean(type != "patient")),
            ("is_superuser", .boolean(type == "owner")),
            ("created_at", stamp(r, 20, on: created)),
            (
                "last_login",
                optional(r, 21, percent: 70, stamp(r, 22, on: created.adding(days: r.int(23, 0...200))))
            ),
            ("date_joined", stamp(r, 20, on: created)),
        ]
    }

    /// Age in whole years on 2025-10-01, the sample's "today".
    private func age(born: LocalDate) -> Int {
        let b = born.parts
        var years = 2025 - b.year
        if (b.month, b.day) > (10, 1) { years -= 1 }
        return years
    }

    func toothChart(_ id: Int) -> Fields {
        let r = random("api_toothchart", id)
        var teeth: [(String, JSONValue)] = []
        for (k, tooth) in SampleText.teeth.enumerated() where r.chance(UInt64(10 + k), 60) {
            teeth.append(
                (
                    tooth,
                    .object([
                        ("status", .string(r.pick(UInt64(30 + k), SampleText.toothStates))),
                        (
                            "surfaces",
                            .array(
                                [.string("M"), .string("O"), .string("D")].prefix(
                                    r.int(UInt64(50 + k), 0...3)
                                ).map { $0 })
                        ),
                        (
                            "note",
                            r.chance(UInt64(70 + k), 30)
                                ? .string(r.pick(UInt64(90 + k), SampleText.notes)) : .null
                        ),
                    ])
                ))
        }
        let chart: JSONValue = .object([
            ("teeth", .object(teeth)),
            ("version", .number("2")),
            ("dentition", .string(r.pick(1, ["permanent", "mixed", "primary"]))),
            ("flags", .object([("needs_xray", .bool(r.chance(2, 30))), ("ñ_test", .string("señal ✓ 🦷"))])),
        ])
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(id - 1))),
            ("chart_data", r.chance(3, 5) ? .json("{}") : .json(chart.jsonbText)),
            ("notes", note(r, 4)),
            ("updated_at", stamp(r, 5, on: day(r.int(6, 0...364)))),
        ]
    }

    func intakeForm(_ id: Int) -> Fields {
        let r = random("api_patientintakeform", id)
        let created = day(r.int(1, -300...300))
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(id - 1))),
            ("allergies", text(r.pick(2, ["", "Penicillin", "Latex, iodine", "None known"]))),
            ("current_medications", text(r.pick(3, ["", "Metformin 500mg", "Losartan\nAmlodipine"]))),
            ("medical_conditions", text(r.pick(4, ["", "Hypertension", "Diabetes (type 2)", "Asthma"]))),
            ("previous_dental_treatments", note(r, 5)),
            (
                "emergency_contact_name",
                text(r.pick(6, SampleText.firstNames) + " " + r.pick(7, SampleText.lastNames))
            ),
            (
                "emergency_contact_phone",
                text("+63 9\(r.int(8, 10...99)) \(r.int(9, 100...999)) \(r.int(10, 1000...9999))")
            ),
            ("emergency_contact_relationship", text(r.pick(11, SampleText.relationships))),
            ("insurance_provider", text(r.pick(12, SampleText.insurers))),
            ("insurance_policy_number", text(r.chance(13, 50) ? "POL-\(r.int(14, 100_000...999_999))" : "")),
            ("dental_concerns", note(r, 15)),
            ("preferred_dentist", text(r.chance(16, 40) ? "Dr. \(r.pick(17, SampleText.lastNames))" : "")),
            ("filled_by_id", r.chance(18, 60) ? .integer(plan.receptionistID(id)) : .null),
            ("created_at", stamp(r, 19, on: created)),
            ("updated_at", stamp(r, 20, on: created.adding(days: r.int(21, 0...30)))),
        ]
    }

    func resetToken(_ id: Int) -> Fields {
        let r = random("api_passwordresettoken", id)
        let created = stamp(r, 1, on: day(r.int(2, 0...364)))
        guard case .timestamp(let start) = created else { return [] }
        let expires = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + 3_600_000_000)
        return [
            ("id", .integer(Int64(id))),
            ("user_id", .integer(Int64(r.int(3, 1...plan.users)))),
            ("token", text("\(String(r.bits(4), radix: 36))-\(id)-\(String(r.bits(5), radix: 36))")),
            ("created_at", created),
            ("expires_at", .timestamp(expires)),
            ("is_used", .boolean(r.chance(6, 40))),
        ]
    }

    func availability(_ id: Int) -> Fields {
        let r = random("api_staffavailability", id)
        let weekday = (id - 1) % 6 + 1  // Monday to Saturday
        let start = weekday == 6 ? 8 : 9
        let created = day(-r.int(1, 30...400))
        return [
            ("id", .integer(Int64(id))),
            ("staff_id", .integer(plan.staffID((id - 1) / 6))),
            ("day_of_week", .integer(Int64(weekday))),
            ("is_available", .boolean(weekday != 6 || r.chance(2, 50))),
            ("start_time", .time(LocalTime(microseconds: Int64(start) * 3_600_000_000))),
            (
                "end_time",
                .time(
                    LocalTime(
                        microseconds: Int64(weekday == 6 ? 12 : 17) * 3_600_000_000 + 1_800_000_000
                            * Int64(r.int(3, 0...1))))
            ),
            ("created_at", stamp(r, 4, on: created)),
            ("updated_at", stamp(r, 5, on: created.adding(days: r.int(6, 0...30)))),
        ]
    }
}
