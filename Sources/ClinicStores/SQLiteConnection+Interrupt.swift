import CSQLite3
import ClinicPipeline

extension SQLiteConnection {
    /// Runs `body` with SQLite stopping at a signal: a long statement (the final foreign-key
    /// check of a big load) checks no flag of ours, so SQLite's progress handler does, every
    /// thousand virtual-machine steps, and the statement fails as interrupted.
    package func stoppingOnSignal<T>(_ body: () throws -> T) throws -> T {
        sqlite3_progress_handler(handle, 1000, { _ in Interrupt.isPending ? 1 : 0 }, nil)
        defer { sqlite3_progress_handler(handle, 0, nil, nil) }
        do {
            return try body()
        } catch {
            try Interrupt.check()
            throw error
        }
    }
}
