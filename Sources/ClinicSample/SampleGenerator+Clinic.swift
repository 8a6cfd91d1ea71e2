import ClinicPipeline

/// Inventory, locations, plans, documents and files.
extension SampleGenerator {
    func inventoryItem(_ id: Int) -> Fields {
        let r = random("api_inventoryitem", id)
        let supply = SampleText.supplies[(id - 1) % SampleText.supplies.count]
        let batch = (id - 1) / SampleText.supplies.count
        let minStock = r.pick(1, [5, 10, 10, 20, 50])
        let quantity = r.weighted(
            2, [(0, 1), (r.int(3, 1...minStock), 3), (r.int(4, minStock...minStock * 8), 8)])
        return [
            ("id", .integer(Int64(id))),
            ("name", text(batch == 0 ? supply.name : "\(supply.name) (lot \(batch + 1))")),
            ("category", text(supply.category)),
            ("quantity", .integer(Int64(quantity))),
            ("min_stock", .integer(Int64(minStock))),
            ("supplier", text(r.pick(5, SampleText.suppliers))),
            ("cost", money(r.chance(6, 3) ? 0 : supply.cost + Int64(r.int(7, 0...20)) * 5)),
            ("updated_at", stamp(r, 8, on: day(r.int(9, 0...364)))),
        ]
    }

    func location(_ id: Int) -> Fields {
        let places: [(String, String, String, Int64?, Int64?)] = [
            (
                "Dorotheo Dental Clinic — Main", "2/F Rizal Bldg., 45 Mabini St.,\nMalate, Manila",
                "+63 2 8523 4567", 14_572_314, 120_988_112
            ),
            (
                "Dorotheo Dental, Quezon City", "Unit 3, \"Tomas Morato\" Square, QC", "+63 2 8712 0000",
                14_631_245, 121_035_870
            ),
            ("Dorotheo Dental – Parañaque (satellite)", "  BF Homes, Parañaque  ", "0917 000 1234", nil, nil),
        ]
        let p = places[(id - 1) % places.count]
        return [
            ("id", .integer(Int64(id))),
            ("name", text(p.0)),
            ("address", text(p.1)),
            ("phone", text(p.2)),
            ("latitude", p.3.map { .decimal(ExactDecimal(units: $0, scale: 6)) } ?? .null),
            ("longitude", p.4.map { .decimal(ExactDecimal(units: $0, scale: 6)) } ?? .null),
        ]
    }

    func treatmentPlan(_ id: Int) -> Fields {
        let r = random("api_treatmentplan", id)
        let start = day(r.int(1, -60...330))
        let status = r.weighted(2, [("planned", 3), ("ongoing", 4), ("completed", 3)])
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(r.int(3, 0...(plan.patients - 1))))),
            (
                "title",
                text(
                    r.pick(
                        4,
                        [
                            "Orthodontic treatment", "Full-mouth rehabilitation",
                            "Periodontal therapy, phase 1", "Implant \"All-on-4\"",
                        ]))
            ),
            (
                "description",
                text(
                    r.pick(
                        5,
                        [
                            "Monthly adjustments for 18 months.",
                            "Scaling, then restorations;\nreview after 3 months", "See attached X-rays",
                        ]))
            ),
            ("start_date", .date(start)),
            (
                "end_date",
                status == "planned" && r.chance(6, 50) ? .null : .date(start.adding(days: r.int(7, 30...540)))
            ),
            ("status", text(status)),
            ("created_by_id", r.chance(8, 85) ? .integer(plan.dentistID(id)) : .null),
            ("created_at", stamp(r, 9, on: start.adding(days: -r.int(10, 0...14)))),
        ]
    }

    func assignment(_ id: Int) -> Fields {
        let r = random("api_treatmentassignment", id)
        let planID = (id + 1) / 2
        let p = random("api_treatmentplan", planID)
        let patient = plan.patientID(p.int(3, 0...(plan.patients - 1)))
        let status = r.weighted(1, [("scheduled", 4), ("ongoing", 2), ("completed", 3), ("cancelled", 1)])
        let scheduled = day(r.int(2, 0...364))
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(patient)),
            ("treatment_plan_id", r.chance(3, 90) ? .integer(Int64(planID)) : .null),
            ("treatment_name", text(r.pick(4, SampleText.treatments))),
            ("description", note(r, 5)),
            ("status", text(status)),
            ("assigned_by_id", r.chance(6, 70) ? .integer(plan.receptionistID(id)) : .null),
            ("assigned_dentist_id", r.chance(7, 90) ? .integer(plan.dentistID(id)) : .null),
            ("date_assigned", stamp(r, 8, on: scheduled.adding(days: -r.int(9, 1...20)))),
            ("scheduled_date", r.chance(10, 80) ? .date(scheduled) : .null),
            (
                "completed_date",
                status == "completed" ? .date(scheduled.adding(days: r.int(11, 0...10))) : .null
            ),
            ("notes", note(r, 12)),
        ]
    }

    func teethImage(_ id: Int) -> Fields {
        let r = random("api_teethimage", id)
        let patientIndex = (id - 1) / 2
        let newer = (id - 1) % 2 == 1
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(patientIndex))),
            ("image", text("teeth_images/p\(patientIndex)_\(newer ? "b" : "a").jpg")),
            ("notes", note(r, 1)),
            ("uploaded_by_id", r.chance(2, 80) ? .integer(plan.dentistID(id)) : .null),
            // The newer of a patient's two images is the latest one; some patients have none marked.
            ("is_latest", .boolean(newer && !r.chance(3, 10))),
            ("uploaded_at", stamp(r, 4, on: day(newer ? r.int(5, 200...364) : r.int(6, 0...199)))),
        ]
    }

    func document(_ id: Int) -> Fields {
        let r = random("api_document", id)
        let type = r.pick(1, ["xray", "scan", "report", "other"])
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(r.int(2, 0...(plan.patients - 1))))),
            ("document_type", text(type)),
            ("file", text("documents/\(type)_\(id).pdf")),
            (
                "title",
                text(
                    r.pick(
                        3,
                        [
                            "Panoramic X-ray", "Referral letter, Dr. Santos", "Lab report \"CBC\"",
                            "Consent form — signed",
                        ]))
            ),
            ("description", note(r, 4)),
            ("uploaded_by_id", r.chance(5, 80) ? .integer(plan.staffID(id)) : .null),
            ("uploaded_at", stamp(r, 6, on: day(r.int(7, 0...364)))),
        ]
    }

    func attachment(_ id: Int) -> Fields {
        let r = random("api_fileattachment", id)
        let type = r.pick(1, ["xray", "photo", "document", "report", "other"])
        let uploaded = day(r.int(2, 0...364))
        let (y, m, d) = uploaded.parts
        let folder = "patient_files/\(y)/\(m < 10 ? "0" : "")\(m)/\(d < 10 ? "0" : "")\(d)/"
        return [
            ("id", .integer(Int64(id))),
            ("patient_id", .integer(plan.patientID(r.int(3, 0...(plan.patients - 1))))),
            (
                "file",
                text(
                    folder
                        + r.pick(4, ["scan.png", "resulta ng x-ray.jpg", "consent,signed.pdf", "notes.txt"]))
            ),
            ("file_type", text(type)),
            ("title", text(r.pick(5, ["Before photo", "After photo", "Referral", "Ñiño's X-ray 🦷"]))),
            ("description", note(r, 6)),
            ("file_size", .integer(Int64(r.int(7, 0...5_000_000)))),
            ("uploaded_by_id", r.chance(8, 75) ? .integer(plan.staffID(id)) : .null),
            ("uploaded_at", stamp(r, 9, on: uploaded)),
        ]
    }
}
