import ArgumentParser
import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// Incremental extracts: only rows created or changed since a time or a bookmark file.
struct ExtractOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only rows created or updated since this time (with its offset), e.g. 2025-10-01T00:00:00+08:00.",
            valueName: "timestamp"))
    var since: String?

    @Option(
        help: ArgumentHelp(
            "A bookmark file (Singer-style state.json): read only what changed since the last successful "
                + "run, then move the bookmarks to this run's snapshot.",
            valueName: "file"))
    var state: String?

    /// The window to read, or `nil` for whole tables.
    func window() throws -> ChangeWindow? {
        guard since != nil || state != nil else { return nil }
        var window = ChangeWindow()
        if let since {
            guard case .timestamp(let start)? = try? Value.parse(since, type: .timestamp) else {
                throw ETLError(
                    .usage, "--since \(since) is not a timestamp",
                    hint: "write it as 2025-10-01T00:00:00+08:00")
            }
            window.since = start
        }
        if let state, FileManager.default.fileExists(atPath: state) {
            window.bookmarks = try ExtractState.read(path: state).bookmarks
        }
        return window
    }

    /// An incremental run: what it reads, and the time the next run's bookmarks start at.
    struct Run {
        let window: ChangeWindow
        let snapshot: Timestamp
    }

    /// Restricts `source` to the window; `nil` when the run reads whole tables.
    func restrict(_ source: any Source) throws -> Run? {
        guard let window = try window() else { return nil }
        guard let incremental = source as? any IncrementalSource else {
            throw ETLError(
                .usage, "--since and --state read a PostgreSQL or SQLite database",
                hint: "extract from the database itself; files hold no change times to cut by")
        }
        incremental.restrict(to: window)
        return Run(window: window, snapshot: try incremental.snapshotTime())
    }

    /// After a successful run: names the tables read whole and moves the bookmarks.
    func finish(_ result: JobResult, run: Run?, catalog: Catalog = .clinic, modes: FileModes) throws {
        guard let run, result.outcome.wroteRows else { return }
        let tables = result.summary.tables.compactMap { catalog.table(named: $0.table) }
        let whole = tables.filter { ChangeWindow.changeColumns(of: $0).isEmpty }.map(\.name)
        if !whole.isEmpty {
            Console.diagnostic(
                "read whole (no created_at, updated_at or other auto-set time): \(whole.joined(separator: ", "))"
            )
        }
        guard let state else { return }
        // The bookmarks read at the start: tables outside this run keep theirs.
        var bookmarks = run.window.bookmarks
        for table in tables where !ChangeWindow.changeColumns(of: table).isEmpty {
            bookmarks[table.name] = run.snapshot
        }
        try ExtractState(bookmarks: bookmarks).write(path: state, modes: modes)
        Console.diagnostic("bookmarks in \(state) moved to \(Value.timestamp(run.snapshot).textForm ?? "")")
    }
}

/// The bookmark file, in the shape Singer taps and Meltano keep: one bookmark per table.
struct ExtractState: Codable {
    struct Bookmark: Codable {
        var replicationKey: [String]
        var replicationKeyValue: String

        enum CodingKeys: String, CodingKey {
            case replicationKey = "replication_key"
            case replicationKeyValue = "replication_key_value"
        }
    }

    var bookmarks: [String: Timestamp]

    init(bookmarks: [String: Timestamp]) { self.bookmarks = bookmarks }

    enum CodingKeys: String, CodingKey { case bookmarks }

    init(from decoder: any Decoder) throws {
        let raw = try decoder.container(keyedBy: CodingKeys.self).decode(
            [String: Bookmark].self, forKey: .bookmarks)
        bookmarks = try raw.mapValues { bookmark in
            guard case .timestamp(let t) = try Value.parse(bookmark.replicationKeyValue, type: .timestamp)
            else {
                throw ETLError(.badInput, "bookmark \(bookmark.replicationKeyValue) is not a timestamp")
            }
            return t
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var raw: [String: Bookmark] = [:]
        for (name, time) in bookmarks {
            let columns = Catalog.clinic.table(named: name).map(ChangeWindow.changeColumns(of:)) ?? []
            raw[name] = Bookmark(
                replicationKey: columns, replicationKeyValue: Value.timestamp(time).textForm ?? "")
        }
        try c.encode(raw, forKey: .bookmarks)
    }

    static func read(path: String) throws -> ExtractState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ETLError(.io, "cannot read the state file").at(location: path)
        }
        do {
            return try JSONDecoder().decode(ExtractState.self, from: data)
        } catch let error as ETLError {
            throw error.at(location: path)
        } catch {
            throw ETLError(
                .badInput, "the state file is not a bookmark file: \(error)",
                hint: "remove it to extract everything once, and a new one is written"
            ).at(location: path)
        }
    }

    /// Replaces the file whole, so a crash leaves the old bookmarks, never half of new ones.
    func write(path: String, modes: FileModes) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let staged = try StagedFile(path: path, replace: true, modes: modes)
        let file = try staged.create()
        try file.write([UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")])
        try file.close()
        try staged.commit()
    }
}
