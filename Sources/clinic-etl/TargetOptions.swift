import ArgumentParser

/// What `copy` writes: the target's format, compression, and whether it may replace a file.
struct TargetOptions: ParsableArguments {
    @Option(help: "The target's format when its name does not say: csv, json, jsonl, xml or archive.")
    var format: String?

    @Flag(help: "Write api_<table>.csv.gz instead of .csv into a CSV folder.")
    var compress = false

    @Flag(help: "Replace an existing target file or folder (a dump, fixture or archive).")
    var force = false
}
