import ClinicPipeline

/// One load at a time into a database.
///
/// Two loads at once deadlock on the tables they lock, or race to create the same tables
/// (`duplicate key … pg_type_typname_nsp_index`); the second one instead stops at once, naming
/// the cause. The lock is an advisory lock of the load's transaction, so it ends with it
/// however the load ends, and it works through a transaction-mode pooler.
enum LoadLock {
    /// The lock's key: "clinic-e" in ASCII, so other applications' advisory locks are unlikely to meet it.
    static let key: Int64 = 0x636c_696e_6963_2d65

    /// Takes the lock for the running transaction, or throws when another load holds it.
    static func take(_ connection: PGConnection, location: String) throws {
        let result = try connection.exec("SELECT pg_try_advisory_xact_lock(\(key))")
        guard result.value(0, 0) == "t" else {
            throw ETLError(
                .busy, "another load into this database is running",
                hint: "wait for it to end (pg_stat_activity shows its COPY), then run this again; "
                    + "nothing was written"
            ).at(location: location)
        }
    }
}
