/// What a copy or check did.
public struct JobResult: Sendable {
    /// How the run ended.
    public enum Outcome: Sendable, Equatable {
        /// Every row was valid; everything was written.
        case clean
        /// Valid rows were loaded; invalid rows went to the rejects file.
        case loadedWithRejects(invalidRows: Int, rejectsWritten: Bool)
        /// Some rows were invalid, so nothing was written (or, for `check`, the data is invalid).
        case invalid(invalidRows: Int, rejectsWritten: Bool = false)
        /// `--max-errors` was reached; nothing was written.
        case stoppedEarly(invalidRows: Int)
        /// Every row was valid, but the source itself lacks rows its writer set aside (one line per table).
        case incompleteSource([String])

        /// Whether the target received the valid rows.
        public var wroteRows: Bool {
            switch self {
            case .clean, .loadedWithRejects, .incompleteSource: true
            case .invalid, .stoppedEarly: false
            }
        }

        /// The outcome's name in `--json` output and the audit log: `clean`, `loaded-with-rejects`, ….
        public var name: String {
            switch self {
            case .clean: "clean"
            case .loadedWithRejects: "loaded-with-rejects"
            case .invalid: "invalid"
            case .stoppedEarly: "stopped-early"
            case .incompleteSource: "incomplete-source"
            }
        }

        /// The process exit status: 0 clean, 3 loaded with rejects, 65 invalid data.
        public var exitStatus: Int32 {
            switch self {
            case .clean: 0
            case .loadedWithRejects, .incompleteSource: 3
            case .invalid, .stoppedEarly: 65
            }
        }
    }

    /// How the run ended.
    public var outcome: Outcome = .clean
    /// Per-table figures.
    public var summary = CopySummary()
    /// The violations found.
    public var report: ValidationReport
    /// What was not copied, and why: tables the target cannot hold, tables the catalog does not know.
    public var notes: [String] = []
    /// Wall-clock seconds.
    public var seconds = 0.0
}
