/// Word lists for sample rows, chosen to be hard on formats: commas, quotes, line breaks, tabs,
/// backslashes, surrounding spaces, accents, ñ and an emoji.
enum SampleText {
    static let firstNames = [
        "José", "María", "Niño", "Ma. Cristina", "Jhun-Jhun", "Liza", "Carlo", "Ana Patricia", "Rogelio",
        "Dolores", "Efrén", "Luzviminda", "Paolo", "Rosalía", "Ángel", "Jean Mark", "Kristine", "Nestor",
        "Zoë", "Ramón",
    ]
    static let lastNames = [
        "Dela Cruz", "Santos", "Reyes", "Peñaflor", "Mañalac", "Bautista", "Del Rosario", "O'Brien",
        "García-López", "Villanueva", "Castañeda", "Ocampo", "Aquino", "Nuñez", "Lim", "Tan", "Magbanua",
        "Dimaculangan",
    ]
    static let addresses = [
        "123 Rizal St., Brgy. San Antonio, Quezon City",
        "Unit 4B, \"The Residences\", Ortigas Ave.\nPasig City",
        "  Purok 5, Barangay Maligaya, Tarlac  ",
        "Blk 7 Lot 2, Phase 1\tCamella Homes, Bacoor, Cavite",
        "Sitio Ibaba, San Isidro, Parañaque",
        "",
    ]
    static let notes = [
        "", "", "", "Patient prefers morning slots.", "Allergic to latex, use nitrile gloves",
        "Said: \"the left molar hurts\", check X-ray", "Follow-up in 2 weeks.\nBring previous X-rays.",
        "Tab\tseparated\tnotes", "Path C:\\clinic\\scans\\2025 \\. uploaded",
        "  leading and trailing spaces  ",
        "Windows line\r\nbreak", "Masakit ang ngipin 🦷 — needs extraction", "Comma, separated, words",
        "Niñez check-up; parent present", "\"quoted\"", ",", "\\", "Line\n\nwith blank line",
    ]
    static let services: [(name: String, category: String, price: Int64)] = [
        ("Dental Check-up & Consultation", "preventive", 500_00),
        ("Oral Prophylaxis (Cleaning)", "preventive", 1_200_00),
        ("Tooth Extraction", "oral_surgery", 1_500_00),
        ("Wisdom Tooth Removal, surgical", "oral_surgery", 12_000_00),
        ("Composite \"Pasta\" Filling", "restorations", 1_800_00),
        ("Root Canal Treatment", "restorations", 9_500_00),
        ("Porcelain Crown", "restorations", 15_000_00),
        ("Braces — Metal", "orthodontics", 45_000_00),
        ("Clear Aligners", "orthodontics", 120_000_00),
        ("Periapical X-Ray", "xrays", 350_00),
        ("Panoramic X-Ray", "xrays", 1_000_00),
        ("Teeth Whitening", "all", 8_000_00),
    ]
    static let supplies: [(name: String, category: String, cost: Int64)] = [
        ("Nitrile gloves (box of 100)", "Consumables", 450_00), ("Face masks, 3-ply", "Consumables", 180_50),
        ("Lidocaine 2% cartridge", "Anesthetics", 35_75), ("Composite resin A2", "Restorative", 1_250_00),
        ("Glass ionomer cement", "Restorative", 980_00), ("Dental floss \"mint\"", "Hygiene", 65_00),
        ("Prophy paste", "Hygiene", 420_00), ("X-ray film size 2", "Radiology", 22_40),
        ("Sterilization pouches", "Sterilization", 310_00), ("Saliva ejectors", "Consumables", 150_00),
        ("Cotton rolls", "Consumables", 95_00), ("Endo files K-type", "Endodontics", 870_00),
        ("Orthodontic brackets set", "Orthodontics", 2_350_00),
        ("Impression alginate", "Prosthodontics", 540_00),
    ]
    static let suppliers = [
        "MedSupply PH, Inc.", "Dentalink Trading", "Ñora Medical Distributors", "", "3M Philippines",
        "  Manila Dental Depot  ",
    ]
    static let treatments = [
        "Oral prophylaxis", "Extraction of tooth #36", "Composite filling, tooth 11 & 12",
        "Root canal — first visit", "Scaling and root planing", "Fluoride application",
    ]
    static let diagnoses = [
        "", "Dental caries", "Gingivitis, mild", "Impacted third molar", "Pulpitis\n(irreversible)",
    ]
    static let relationships = ["Mother", "Father", "Spouse", "Sibling", "Anak (child)", ""]
    static let insurers = ["", "Maxicare", "Intellicare", "PhilHealth", "Medicard, Inc."]
    static let teeth = ["11", "12", "16", "21", "26", "36", "37", "46", "48"]
    static let toothStates = ["healthy", "caries", "filled", "missing", "crown", "root canal"]
}
