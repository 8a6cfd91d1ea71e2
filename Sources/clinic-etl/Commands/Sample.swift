import ArgumentParser
import ClinicPipeline
import ClinicSample
import ClinicStores

/// `clinic-etl sample`.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic, deterministic data set for all 19 tables.",
        discussion: """
            The same options always give the same data. Text is made hard on formats on purpose: \
            commas, quotes, newlines, tabs, backslashes, Filipino names with ñ, an emoji.

            Examples:
              clinic-etl sample --patients 50 --seed 7 samples/clinic
              clinic-etl sample --patients 20000 sqlite:///big.sqlite3
            """ + LocationForms.helpSection)

    @Argument(help: "Where to write the data: any location but a pg_dump file (see Locations above).")
    var target: String

    @Option(help: "Number of patients.")
    var patients = 200

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Appointments per patient, on average.")
    var appointmentsPerPatient = 6

    @Flag(help: "Empty the target database's tables first.")
    var truncate = false

    @Flag(help: "Replace an existing target file or folder.")
    var force = false

    @Flag(help: "Write api_<table>.csv.gz files into a CSV folder.")
    var compress = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try auditing(common, source: nil, target: target) { record in
            common.prepare()
            let plan = SamplePlan(
                patients: patients, seed: seed, appointmentsPerPatient: appointmentsPerPatient)
            let job = CopyJob(
                source: SampleSource(plan: plan),
                sink: try Location(target).openSink(compress: compress, modes: common.modes),
                mode: truncate || force ? .truncate : .insert, progress: .terminal(quiet: common.quiet))
            let result: JobResult
            do {
                result = try job.run()
            } catch var error as ETLError where error.code == .targetNotEmpty {
                // The shared hint names copy's --append, which sample does not have.
                error.hint =
                    "pass --truncate to replace them with the sample, or give an empty database (or a new sqlite:///file)"
                throw error
            }
            record.note(result)
            try JobOutput(modes: common.modes).finish(result, rejects: nil, showWritten: true)
        }
    }
}
