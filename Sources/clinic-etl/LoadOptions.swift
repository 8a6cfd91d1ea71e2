import ArgumentParser
import ClinicPipeline

/// Which tables `copy` loads, and what it does with rows already in the target.
struct LoadOptions: ParsableArguments {
    @Option(help: "Only these tables, comma-separated (api_user or user).")
    var tables: String?

    @Option(
        help: ArgumentHelp(
            "What to do with rows already in the target: insert (refuse non-empty tables), append, "
                + "upsert (insert new ids, update changed rows, leave the same ones) or truncate.",
            valueName: "mode"))
    var mode: LoadMode?

    @Flag(help: "Empty the target tables first, in the same transaction (--mode truncate).")
    var truncate = false

    @Flag(help: "Add to tables that already hold rows (--mode append).")
    var append = false
}
