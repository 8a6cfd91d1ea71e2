/// The tables of the clinic app's database, as `spec/DATABASE_SCHEMA.md` and the Django models define
/// them: the app's 19 and the 10 that Django keeps beside them (the user's groups and permissions,
/// auth, tokens, the admin log, content types, sessions and the migration history), with the
/// columns in the order Django's migrations create them (foreign keys last).
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
    public static let clinic = Catalog(tables: clinicTables + djangoTables)

    /// The link tables whose lists the objects of `table` carry in fixtures.
    public func links(of table: String) -> [Table] {
        tables.filter { $0.link?.owner == table }
    }

    /// The app's own 19 tables, which reports and samples are about.
    public var appTables: [Table] { tables.filter(\.isAppTable) }
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
            .char("notification_type", 30, choices: notificationTypes),
            .text("message").personal(.freeText),
            .bool("is_read", default: false),
            .timestamp("created_at", auto: .add),
            .fk("appointment_id", "api_appointment"),
            .fk(recipient, "api_user"),
        ],
        ordering: ["-created_at"])
}

private let clinicTables: [Table] = [
    Table(
        "api_user",
        [
            .id,
            .char("password", 128).checked(.djangoPassword).personal(.password),
            .timestamp("last_login", null: true),
            .bool("is_superuser", default: false),
            .char("username", 150, unique: true).personal(.username),
            .char("first_name", 150, blank: true).personal(.firstName),
            .char("last_name", 150, blank: true).personal(.lastName),
            .bool("is_staff", default: false),
            .bool("is_active", default: true),
            .timestamp("date_joined", auto: .add),
            .char("email", 254, unique: true).checked(.email).personal(.email),
            .char("user_type", 20, choices: ["patient", "staff", "owner"], default: "patient"),
            .char("role", 20, blank: true, choices: ["", "receptionist", "dentist"]),
            .char("phone", 20, blank: true).personal(.phone),
            .text("address", blank: true).personal(.address),
            .date("birthday", null: true).personal(.birthday),
            .int("age", null: true),
            .file("profile_picture", uploadTo: "profiles/", null: true).personal(.fileName),
            .bool("is_active_patient", default: true),
            .bool("is_archived", default: false),
            .timestamp("created_at", auto: .add),
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
            .date("date"),
            .time("time"),
            .char("status", 25, choices: appointmentStatuses, default: "confirmed"),
            .text("notes", blank: true).personal(.freeText),
            .date("reschedule_date", null: true),
            .time("reschedule_time", null: true),
            .text("reschedule_notes", blank: true).personal(.freeText),
            .text("cancel_reason", blank: true).personal(.freeText),
            .timestamp("cancel_requested_at", null: true),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
            .fk("dentist_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
            .fk("reschedule_dentist_id", "api_user", null: true),
            .fk("reschedule_service_id", "api_service", null: true),
            .fk("service_id", "api_service", null: true),
        ],
        ordering: ["-date", "-time"],
        rules: [
            .requiredWhen(
                column: "status", equals: "reschedule_requested",
                required: ["reschedule_date", "reschedule_time"]),
            .requiredWhen(column: "status", equals: "cancel_requested", required: ["cancel_requested_at"]),
            // The owner of a small clinic treats patients too.
            .referencedRowMatches(
                column: "dentist_id",
                anyOf: [
                    [Match("user_type", "staff"), Match("role", "dentist")], [Match("user_type", "owner")],
                ],
                describedAs: "a staff user with role dentist, nor the owner"),
            .referencedRowMatches(
                column: "patient_id", anyOf: [[Match("user_type", "patient")]], describedAs: "a patient"),
        ]),
    Table(
        "api_toothchart",
        [
            .id,
            .json("chart_data", default: "{}").personal(.json),
            .text("notes", blank: true).personal(.freeText),
            .timestamp("updated_at", auto: .update),
            .fk("patient_id", "api_user", unique: true),
        ]),
    Table(
        "api_dentalrecord",
        [
            .id,
            .text("treatment").personal(.title),
            .text("diagnosis", blank: true).personal(.freeText),
            .text("notes", blank: true).personal(.freeText),
            .timestamp("created_at", auto: .add),
            .fk("appointment_id", "api_appointment", null: true),
            .fk("created_by_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
        ],
        ordering: ["-created_at"]),
    Table(
        "api_document",
        [
            .id,
            .char("document_type", 20, choices: ["xray", "scan", "report", "other"]),
            .file("file", uploadTo: "documents/").personal(.fileName),
            .char("title", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .timestamp("uploaded_at", auto: .add),
            .fk("patient_id", "api_user"),
            .fk("uploaded_by_id", "api_user", null: true),
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
            .decimal("amount", 10, 2),
            .text("description").personal(.title),
            .file("soa_file", uploadTo: "billing/", null: true).personal(.fileName),
            .char("status", 20, choices: ["pending", "paid", "cancelled"], default: "pending"),
            .bool("paid", default: false),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
            .fk("appointment_id", "api_appointment", null: true),
            .fk("created_by_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
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
            .char("title", 200).personal(.title),
            .text("description").personal(.freeText),
            .date("start_date"),
            .date("end_date", null: true),
            .char("status", 20, choices: ["planned", "ongoing", "completed"], default: "planned"),
            .timestamp("created_at", auto: .add),
            .fk("created_by_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
        ],
        rules: [.notBefore(later: "end_date", earlier: "start_date")]),
    Table(
        "api_teethimage",
        [
            .id,
            .file("image", uploadTo: "teeth_images/").personal(.fileName),
            .text("notes", blank: true).personal(.freeText),
            .bool("is_latest", default: true),
            .timestamp("uploaded_at", auto: .add),
            .fk("patient_id", "api_user"),
            .fk("uploaded_by_id", "api_user", null: true),
        ],
        ordering: ["-uploaded_at"],
        rules: [.atMostOneFlagged(flag: "is_latest", per: "patient_id")]),
    Table(
        "api_staffavailability",
        [
            .id,
            .int("day_of_week", choices: ["0", "1", "2", "3", "4", "5", "6"]),
            .bool("is_available", default: true),
            .time("start_time", default: "09:00:00"),
            .time("end_time", default: "17:00:00"),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
            .fk("staff_id", "api_user"),
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
            .char("token", 100, unique: true).personal(.secret),
            .timestamp("created_at", auto: .add),
            .timestamp("expires_at"),
            .bool("is_used", default: false),
            .fk("user_id", "api_user"),
        ],
        ordering: ["-created_at"],
        rules: [.notBefore(later: "expires_at", earlier: "created_at")]),
    Table(
        "api_patientintakeform",
        [
            .id,
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
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
            .fk("filled_by_id", "api_user", null: true),
            .fk("patient_id", "api_user", unique: true),
        ]),
    Table(
        "api_fileattachment",
        [
            .id,
            .file("file", uploadTo: "patient_files/%Y/%m/%d/").personal(.fileName),
            .char(
                "file_type", 20, choices: ["xray", "photo", "document", "report", "other"],
                default: "document"),
            .char("title", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .int("file_size", default: "0"),
            .timestamp("uploaded_at", auto: .add),
            .fk("patient_id", "api_user"),
            .fk("uploaded_by_id", "api_user", null: true),
        ],
        ordering: ["-uploaded_at"]),
    Table(
        "api_clinicalnote",
        [
            .id,
            .text("content").personal(.freeText),
            .timestamp("created_at", auto: .add),
            .timestamp("updated_at", auto: .update),
            .fk("appointment_id", "api_appointment", null: true),
            .fk("author_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
        ],
        ordering: ["-created_at"]),
    Table(
        "api_treatmentassignment",
        [
            .id,
            .char("treatment_name", 200).personal(.title),
            .text("description", blank: true).personal(.freeText),
            .char(
                "status", 20, choices: ["scheduled", "ongoing", "completed", "cancelled"],
                default: "scheduled"),
            .timestamp("date_assigned", auto: .add),
            .date("scheduled_date", null: true),
            .date("completed_date", null: true),
            .text("notes", blank: true).personal(.freeText),
            .fk("assigned_by_id", "api_user", null: true),
            .fk("assigned_dentist_id", "api_user", null: true),
            .fk("patient_id", "api_user"),
            .fk("treatment_plan_id", "api_treatmentplan", null: true),
        ],
        ordering: ["-date_assigned"]),
]

/// The tables Django 5.2, its auth, admin, sessions and contenttypes apps and REST framework's
/// authtoken app create, exactly as their migrations do: without them a restored database is not
/// one the app's `manage.py migrate` finds migrated.
private let djangoTables: [Table] = [
    Table(
        "django_content_type",
        [.autoID, .char("app_label", 100), .char("model", 100)],
        uniqueTogether: [["app_label", "model"]], model: "contenttypes.contenttype", kind: .django),
    Table(
        "auth_permission",
        [
            .autoID,
            .char("name", 255),
            .fk("content_type_id", "django_content_type", type: .integer),
            .char("codename", 100),
        ],
        uniqueTogether: [["content_type_id", "codename"]], model: "auth.permission", kind: .django,
        sqliteOrder: ["id", "content_type_id", "codename", "name"]),
    Table(
        "auth_group", [.autoID, .char("name", 150, unique: true)], model: "auth.group", kind: .django),
    Table(
        "auth_group_permissions",
        [
            .id,
            .fk("group_id", "auth_group", type: .integer),
            .fk("permission_id", "auth_permission", type: .integer),
        ],
        uniqueTogether: [["group_id", "permission_id"]], model: nil, kind: .django,
        link: Table.Link(owner: "auth_group", field: "permissions", target: "auth.permission")),
    Table(
        "api_user_groups",
        [.id, .fk("user_id", "api_user"), .fk("group_id", "auth_group", type: .integer)],
        uniqueTogether: [["user_id", "group_id"]], model: nil, kind: .django,
        link: Table.Link(owner: "api_user", field: "groups", target: "auth.group")),
    Table(
        "api_user_user_permissions",
        [.id, .fk("user_id", "api_user"), .fk("permission_id", "auth_permission", type: .integer)],
        uniqueTogether: [["user_id", "permission_id"]], model: nil, kind: .django,
        link: Table.Link(owner: "api_user", field: "user_permissions", target: "auth.permission")),
    Table(
        "authtoken_token",
        [
            Column.charKey("key", 40).personal(.secret),
            .timestamp("created", auto: .add),
            .fk("user_id", "api_user", unique: true),
        ],
        model: "authtoken.token", kind: .django),
    Table(
        "django_admin_log",
        [
            .autoID,
            .timestamp("action_time"),
            Column(name: "object_id", type: .text, nullable: true, blank: true),
            .char("object_repr", 200).personal(.title),
            .positiveSmallInt("action_flag"),
            .text("change_message", blank: true).personal(.json),
            .fk("content_type_id", "django_content_type", null: true, type: .integer),
            .fk("user_id", "api_user"),
        ],
        ordering: ["-action_time"], model: "admin.logentry", kind: .django,
        sqliteOrder: [
            "id", "object_id", "object_repr", "action_flag", "change_message", "content_type_id", "user_id",
            "action_time",
        ]),
    Table(
        "django_migrations",
        [.id, .char("app", 255), .char("name", 255), .timestamp("applied")],
        model: nil, kind: .django),
    Table(
        "django_session",
        [
            Column.charKey("session_key", 40), Column(name: "session_data", type: .text).personal(.secret),
            Column(name: "expire_date", type: .timestamp, indexed: true),
        ],
        model: "sessions.session", kind: .django),
]
