import ArgumentParser

/// Bounds on the size of one piece of input.
struct LimitOptions: ParsableArguments {
    @Option(
        name: .customLong("max-field-mib"),
        help: "Refuse a CSV field, JSON string or fixture value larger than this (MiB; a record 4×).")
    var maxFieldMiB = 64
}
