import ArgumentParser
import ClinicFormats

/// How the locations themselves are opened and written: connection retries, file permissions.
struct StoreOptions: ParsableArguments {
    @Option(help: "Permissions of the files written, in octal; folders get x where r is granted.")
    var fileMode = "600"

    @Option(help: "Retry the first connection to PostgreSQL this many times, waiting longer each time.")
    var connectRetries = 0
}
