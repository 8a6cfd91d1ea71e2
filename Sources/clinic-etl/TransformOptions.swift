import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicStores
import ClinicTransform

/// The transform stage's options, shared by `copy` and `check`: mapping foreign layouts in.
struct TransformOptions: ParsableArguments {
    @Option(
        help:
            "A mapping file (YAML or JSON) that turns a folder of foreign CSV files into the clinic's tables."
    )
    var mapping: String?

    @Flag(
        help: ArgumentHelp(
            "Bring older app data up to date: bill statuses from the legacy paid flag, dentist notifications "
                + "carried into api_appointmentnotification."))
    var upgradeLegacy = false

    /// The source, read through the mapping when one is given and upgraded when asked; CSV files
    /// are read as `csv` says.
    func openSource(
        _ location: String, now: Timestamp, zone: WallClockZone? = nil, decryption: AgeDecryption? = nil,
        csv: CSVOptions
    ) throws -> TransformedSource {
        var input = try mappedSource(location, now: now, zone: zone, decryption: decryption, csv: csv)
        if upgradeLegacy {
            let upgrade = LegacyUpgradeSource(input.source)
            input.source = upgrade
            input.upgrade = upgrade
        }
        return input
    }

    private func mappedSource(
        _ location: String, now: Timestamp, zone: WallClockZone?, decryption: AgeDecryption?, csv: CSVOptions
    ) throws
        -> TransformedSource
    {
        let dialect = try csv.dialect()
        let named = try Location(location)
        if csv.given, !named.isCSVFolder {
            throw ETLError(
                .usage, "\(csv.givenNames) applies to a folder of CSV files; \(named) is not one",
                hint: "leave \(csv.givenNames) out; only spreadsheet exports need them")
        }
        guard let mapping else {
            return TransformedSource(
                source: try named.openSource(now: now, zone: zone, decryption: decryption, csv: dialect))
        }
        guard case .csvFolder(let folder) = named else {
            throw ETLError(
                .usage, "--mapping reads a folder of CSV files; \(named) is not one",
                hint: "give the folder that holds the files the mapping names")
        }
        let mapped = try MappedSource(
            folder: folder, mapping: try Mapping.load(path: mapping), now: now, dialect: dialect)
        return TransformedSource(source: mapped, mapped: mapped)
    }
}

/// A source after the transform stage, with what the stage has to tell at the end.
struct TransformedSource {
    /// Where rows come from.
    var source: any Source
    /// The mapping's reader, when there is one.
    var mapped: MappedSource?
    /// The legacy upgrade, when asked for.
    var upgrade: LegacyUpgradeSource?
    /// The source as opened, before any transform: what an incremental extract cuts.
    let origin: any Source

    init(source: any Source, mapped: MappedSource? = nil) {
        self.source = source
        self.mapped = mapped
        origin = source
    }

    /// Lets lookups and fresh ids see what the target already holds (a mapping's, and a fixture's
    /// natural keys).
    func attach(_ sink: (any Sink)?) {
        mapped?.target = sink
        (origin as? FixtureSource)?.target = sink
    }

    /// Prints what the transform did besides rows (merged duplicates, upgraded rows).
    func printNotes() {
        if let upgrade {
            Console.diagnostic(
                "upgraded: \(Counting.count(upgrade.statusesFromFlag, "bill status", plural: "bill statuses")) "
                    + "set from the paid flag; "
                    + "\(Counting.count(upgrade.notificationsCarried, "dentist notification")) carried into "
                    + "api_appointmentnotification (\(Counting.grouped(upgrade.notificationsAlreadyThere)) "
                    + "\(upgrade.notificationsAlreadyThere == 1 ? "was" : "were") there already)\n")
        }
        guard let merges = mapped?.merges, !merges.isEmpty else { return }
        Console.diagnostic(
            "merged \(Counting.count(merges.count, "duplicate")):\n"
                + merges.map { "  \($0)\n" }.joined())
    }
}
