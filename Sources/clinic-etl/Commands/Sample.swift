import ArgumentParser
import ClinicPipeline
import ClinicSample
import ClinicStores

/// `clinic-etl sample`.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic, deterministic data set for all 19 tables.",
        discussion: """
            The same options always give the same data. Text is made hard on formats on purpose:
            commas, quotes, newlines, tabs, backslashes, Filipino names with ñ, an emoji.

            Examples:
              clinic-etl sample --patients 50 --seed 7 samples/clinic
              clinic-etl sample --patients 20000 sqlite:///big.sqlite3
            """)

    @Argument(help: "Where to write the data: any location.")
    var target: String

    @Option(help: "Number of patients.")
    var patients = 200

    @Option(help: "Seed for the random choices.")
    var seed: UInt64 = 1

    @Option(help: "Appointments per patient, on average.")
    var appointmentsPerPatient = 6

    @Flag(help: "Replace what the target holds.")
    var truncate = false

    @Flag(help: "Write api_<table>.csv.gz files into a CSV folder.")
    var compress = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            let plan = SamplePlan(
                patients: patients, seed: seed, appointmentsPerPatient: appointmentsPerPatient)
            let job = CopyJob(
                source: SampleSource(plan: plan), sink: try Location(target).openSink(compress: compress),
                mode: truncate ? .truncate : .insert, progress: .terminal(quiet: common.quiet))
            try JobOutput().finish(try job.run(), rejects: nil, showWritten: true)
        }
    }
}
