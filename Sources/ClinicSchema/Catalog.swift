/// The 19 tables of the clinic app, as `spec/DATABASE_SCHEMA.md` and the Django models define them.
///
/// This is the one description of the schema: DDL, CSV headers, fixture labels, validation and the
/// load order are all derived from it.
public struct Catalog: Sendable {
    /// The tables in the order the spec lists them.
    public let tables: [Table]

    /// Creates a catalog; its tables' foreign keys must point inside it.
    public init(tables: [Table]) {
        self.tables = tables
    }

    /// The table with the given name (`api_user`), or its model name (`user`) or label (`api.user`).
    public func table(named name: String) -> Table? {
        tables.first { $0.name == name || $0.modelName == name || $0.modelLabel == name }
    }

    /// The clinic app's schema.
    public static let clinic = Catalog(tables: clinicTables)
}

private let appointmentStatuses = [
    "pending", "confirmed", "cancelled", "completed", "missed", "reschedule_requested", "cancel_requested",
]
private let notificationTypes = [
    "new_appointment", "reschedule_request", "cancel_request", "appointment_cancelled",
]

/// A notification about an appointment, sent to `recipient`.
private func notificationTable(_ name: String, recipient: String) -> Table {
    Table(
        name,
        [
            .id,
            .fk(recipient, "api_user"),
            .fk("appointment_id", "api_appointment"),
            .char("notification_type", 30, choices: notificationTypes),
            .text("message").personal(.freeText),
            .bool("is_read", default: false),
            .timestamp("created_at", auto: .add),
        ],
        ordering: ["-created_at"])
}

private let clinicTables: [Table] = [
    Table(
        "api_user",
        [
            .id,
            .char("username", 150, unique: true).personal(.username),
            .char("email", 254, unique: true).checked(.email).personal(.email),
            .char("password", 128).checked(.djangoPassword).personal(.password),
            .char("first_name", 150, blank: true).personal(.firstName),
            .char("last_name", 150, blank: true).personal(.lastName),
            .char("user_type", 20, choices: ["patient", "staff", "owner"], default: "patient"),
            .char("role", 20, blank: true, choices: ["", "receptionist", "dentist"]),
            .char("phone", 20, blank: true).personal(.phone),
            .text("address", blank: true).personal(.address),
            .date("birthday", null: true).personal(.birthday),
            .int("age", null: true),
            .file("profile_picture", uploadTo: "profiles/", null: true).personal(.fileName),
            .bool("is_active_patient", default: true),
            .bool("is_archived", default: false),
            .bool("is_active", default: true),
            .bool("is_staff", default: false),
            .bool("is_superuser", default: false),
            .timestamp("created_at", auto: .add),
            .timestamp("last_login", null: true),
            .timestamp("date_joined", auto: .add),
        ]),
    Table(
        "api_service",
        [
            .id,
            .char("name", 200),
            .char(
                "category", 50,
                choices: ["all", "orthodontics", "restorations", "xrays", "oral_surgery", "preventive"],
                default: "all"),
            .text("description"),
            .file("image", uploadTo: "services/", null: true),
            .timestamp("created_at", auto: .add),
        ]),
    Table(
        "api_appointment",
        [
            .id,
            .fk("patient_id", "api_user"),
            .fk("dentist_id", "api_user", null: true),
            .fk("service_id", "api_service", null: true),
            .date("date"),
            .time("time"),
            .char("status", 25, choices: appointmentStatuses, default: "confirmed"),
            .text("notes", blank: true).personal(.freeText),
            .date("reschedule_date", null: true),
            .time("reschedule_time", null: true),
            .fk("reschedule_service_id", "api_service", null: true),
            .fk("reschedule_dentist_id", "api_user", null: true),
            .text("reschedule_notes", blank: true).personal(.freeText),
            .text("cancel_reason", blank: true).personal(.freeText),
            .timestamp("cancel_requested_at", null: true),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
        ],
        ordering: ["-date", "-time"],
        rules: [
            .requiredWhen(
                column: "status", equals: "reschedule_requested",
                required: ["reschedule_date", "reschedule_time"]),
            .requiredWhen(column: "status", equals: "cancel_requested", required: ["cancel_requested_at"]),
            .referencedRowMatches(
                column: "dentist_id", matches: [Match("user_type", "staff"), Match("role", "dentist")],
                describedAs: "a staff user with role dentist"),
            .referencedRowMatches(
                column: "patient_id", matches: [Match("user_type", "patient")], describedAs: "a patient"),
        ]),
    Table(
        "api_toothchart",
        [
            .id,
            .fk("patient_id", "api_user", unique: true),
            .json("chart_data", default: "{}").personal(.json),
            .text("notes", blank: true).personal(.freeText),
            .timestamp("updated_at", auto: .update),
        ]),
    Table(
        "api_dentalrecord",
        [
            .id,
            .fk("patient_id", "api_user"),
            .fk("appointment_id", "api_appointment", null: true),
            .text("treatment").personal(.title),
            .text("diagnosis", blank: true).personal(.freeText),
            .text("notes", blank: true).personal(.freeText),
            .fk("created_by_id", "api_user", null: true),
            .timestamp("created_at", auto: .add),
        ],
        ordering: ["-created_at"]),
    Table(
        "api_document",
        [
            .id,
            .fk("patient_id", "api_user"),
            .char("document_type", 20, choices: ["xray", "scan", "report", "other"]),
            .file("file", uploadTo: "documents/").personal(.fileName),
            .char("title", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .fk("uploaded_by_id", "api_user", null: true),
            .timestamp("uploaded_at", auto: .add),
        ],
        ordering: ["-uploaded_at"]),
    Table(
        "api_inventoryitem",
        [
            .id,
            .char("name", 200),
            .char("category", 100),
            .int("quantity", default: "0"),
            .int("min_stock", default: "10"),
            .char("supplier", 200, blank: true),
            .decimal("cost", 10, 2, default: "0.00"),
            .timestamp("updated_at", auto: .update),
        ]),
    Table(
        "api_billing",
        [
            .id,
            .fk("patient_id", "api_user"),
            .fk("appointment_id", "api_appointment", null: true),
            .decimal("amount", 10, 2),
            .text("description").personal(.title),
            .file("soa_file", uploadTo: "billing/", null: true).personal(.fileName),
            .char("status", 20, choices: ["pending", "paid", "cancelled"], default: "pending"),
            .bool("paid", default: false),
            .fk("created_by_id", "api_user", null: true),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
        ],
        ordering: ["-created_at"],
        rules: [.flagMatches(flag: "paid", column: "status", value: "paid")]),
    Table(
        "api_cliniclocation",
        [
            .id,
            .char("name", 200).personal(.title),
            .text("address"),
            .char("phone", 20),
            .decimal("latitude", 9, 6, null: true).checked(.range(min: "-90", max: "90")),
            .decimal("longitude", 9, 6, null: true).checked(.range(min: "-180", max: "180")),
        ]),
    Table(
        "api_treatmentplan",
        [
            .id,
            .fk("patient_id", "api_user"),
            .char("title", 200).personal(.title),
            .text("description").personal(.freeText),
            .date("start_date"),
            .date("end_date", null: true),
            .char("status", 20, choices: ["planned", "ongoing", "completed"], default: "planned"),
            .fk("created_by_id", "api_user", null: true),
            .timestamp("created_at", auto: .add),
        ],
        rules: [.notBefore(later: "end_date", earlier: "start_date")]),
    Table(
        "api_teethimage",
        [
            .id,
            .fk("patient_id", "api_user"),
            .file("image", uploadTo: "teeth_images/").personal(.fileName),
            .text("notes", blank: true).personal(.freeText),
            .fk("uploaded_by_id", "api_user", null: true),
            .bool("is_latest", default: true),
            .timestamp("uploaded_at", auto: .add),
        ],
        ordering: ["-uploaded_at"],
        rules: [.atMostOneFlagged(flag: "is_latest", per: "patient_id")]),
    Table(
        "api_staffavailability",
        [
            .id,
            .fk("staff_id", "api_user"),
            .int("day_of_week", choices: ["0", "1", "2", "3", "4", "5", "6"]),
            .bool("is_available", default: true),
            .time("start_time", default: "09:00:00"),
            .time("end_time", default: "17:00:00"),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
        ],
        uniqueTogether: [["staff_id", "day_of_week"]],
        ordering: ["day_of_week"]),
    notificationTable("api_appointmentnotification", recipient: "recipient_id"),
    // The deprecated model the app keeps for backward compatibility: the same fields, a dentist as recipient.
    notificationTable("api_dentistnotification", recipient: "dentist_id"),
    Table(
        "api_passwordresettoken",
        [
            .id,
            .fk("user_id", "api_user"),
            .char("token", 100, unique: true).personal(.secret),
            .timestamp("created_at", auto: .add),
            .timestamp("expires_at"),
            .bool("is_used", default: false),
        ],
        ordering: ["-created_at"],
        rules: [.notBefore(later: "expires_at", earlier: "created_at")]),
    Table(
        "api_patientintakeform",
        [
            .id,
            .fk("patient_id", "api_user", unique: true),
            .text("allergies", blank: true).personal(.freeText),
            .text("current_medications", blank: true).personal(.freeText),
            .text("medical_conditions", blank: true).personal(.freeText),
            .text("previous_dental_treatments", blank: true).personal(.freeText),
            .char("emergency_contact_name", 200, blank: true).personal(.fullName),
            .char("emergency_contact_phone", 20, blank: true).personal(.phone),
            .char("emergency_contact_relationship", 100, blank: true).personal(.title),
            .char("insurance_provider", 200, blank: true),
            .char("insurance_policy_number", 100, blank: true).personal(.identifier),
            .text("dental_concerns", blank: true).personal(.freeText),
            .char("preferred_dentist", 200, blank: true).personal(.fullName),
            .fk("filled_by_id", "api_user", null: true),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
        ]),
    Table(
        "api_fileattachment",
        [
            .id,
            .fk("patient_id", "api_user"),
            .file("file", uploadTo: "patient_files/%Y/%m/%d/").personal(.fileName),
            .char(
                "file_type", 20, choices: ["xray", "photo", "document", "report", "other"],
                default: "document"),
            .char("title", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .int("file_size", default: "0"),
            .fk("uploaded_by_id", "api_user", null: true),
            .timestamp("uploaded_at", auto: .add),
        ],
        ordering: ["-uploaded_at"]),
    Table(
        "api_clinicalnote",
        [
            .id,
            .fk("patient_id", "api_user"),
            .fk("appointment_id", "api_appointment", null: true),
            .text("content").personal(.freeText),
            .fk("author_id", "api_user", null: true),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
        ],
        ordering: ["-created_at"]),
    Table(
        "api_treatmentassignment",
        [
            .id,
            .fk("patient_id", "api_user"),
            .fk("treatment_plan_id", "api_treatmentplan", null: true),
            .char("treatment_name", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .char(
                "status", 20, choices: ["scheduled", "ongoing", "completed", "cancelled"],
                default: "scheduled"),
            .fk("assigned_by_id", "api_user", null: true),
            .fk("assigned_dentist_id", "api_user", null: true),
            .timestamp("date_assigned", auto: .add),
            .date("scheduled_date", null: true),
            .date("completed_date", null: true),
            .text("notes", blank: true).personal(.freeText),
        ],
        ordering: ["-date_assigned"]),
]
