/// How much sample data to make, and the id ranges every table derives from it.
///
/// Every row is a pure function of the plan and its id, so tables can be generated in any order,
/// one row at a time, and still agree on their foreign keys.
public struct SamplePlan: Sendable {
    /// Number of patient users.
    public var patients: Int
    /// Seed for every random choice.
    public var seed: UInt64
    /// Average appointments per patient over the sample year.
    public var appointmentsPerPatient: Int

    /// Creates a plan.
    public init(patients: Int, seed: UInt64, appointmentsPerPatient: Int = 6) {
        self.patients = max(1, patients)
        self.seed = seed
        self.appointmentsPerPatient = max(1, appointmentsPerPatient)
    }

    var dentists: Int { max(2, patients / 40) }
    var receptionists: Int { max(1, patients / 100) }
    var staff: Int { dentists + receptionists }
    var users: Int { 1 + staff + patients }
    var services: Int { SampleText.services.count }
    var appointments: Int { patients * appointmentsPerPatient }
    var billings: Int { max(1, appointments * 3 / 10) }
    var toothCharts: Int { max(1, patients * 8 / 10) }
    var intakeForms: Int { max(1, patients * 7 / 10) }
    var dentalRecords: Int { max(1, appointments / 3) }
    var documents: Int { max(1, patients / 2) }
    var inventoryItems: Int { 40 + patients / 50 }
    var locations: Int { 3 }
    var treatmentPlans: Int { max(1, patients / 3) }
    var teethImagePatients: Int { max(1, patients / 2) }
    var teethImages: Int { teethImagePatients * 2 }
    var availabilities: Int { staff * 6 }
    var notifications: Int { max(1, appointments / 2) }
    var dentistNotifications: Int { max(1, appointments / 10) }
    var resetTokens: Int { max(1, users / 10) }
    var attachments: Int { max(1, patients / 2) }
    var clinicalNotes: Int { max(1, appointments / 4) }
    var assignments: Int { treatmentPlans * 2 }

    /// The owner's user id.
    var ownerID: Int64 { 1 }
    /// The id of dentist `k` (0-based).
    func dentistID(_ k: Int) -> Int64 { Int64(2 + k % dentists) }
    /// The id of receptionist `k`.
    func receptionistID(_ k: Int) -> Int64 { Int64(2 + dentists + k % receptionists) }
    /// The id of staff member `k` (dentists first).
    func staffID(_ k: Int) -> Int64 { Int64(2 + k % staff) }
    /// The id of patient `k`.
    func patientID(_ k: Int) -> Int64 { Int64(2 + staff + k % patients) }

    /// The number of rows the plan makes for `table`.
    func rowCount(_ table: String) -> Int {
        switch table {
        case "api_user": users
        case "api_service": services
        case "api_appointment": appointments
        case "api_toothchart": toothCharts
        case "api_dentalrecord": dentalRecords
        case "api_document": documents
        case "api_inventoryitem": inventoryItems
        case "api_billing": billings
        case "api_cliniclocation": locations
        case "api_treatmentplan": treatmentPlans
        case "api_teethimage": teethImages
        case "api_staffavailability": availabilities
        case "api_appointmentnotification": notifications
        case "api_dentistnotification": dentistNotifications
        case "api_passwordresettoken": resetTokens
        case "api_patientintakeform": intakeForms
        case "api_fileattachment": attachments
        case "api_clinicalnote": clinicalNotes
        case "api_treatmentassignment": assignments
        default: 0
        }
    }
}
