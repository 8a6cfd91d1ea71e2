/// Django's serialization formats this tool reads and writes.
public enum FixtureFormat: String, Sendable {
    /// `manage.py dumpdata --format json`: one array of objects.
    case json
    /// `--format jsonl`: one object per line.
    case jsonl
    /// `--format xml`: `<django-objects>`.
    case xml

    /// The format of a file name (`.json`, `.jsonl`, optionally `.gz`), and whether it is gzipped.
    public static func of(path: String) -> (format: FixtureFormat, gzip: Bool)? {
        let lower = path.lowercased()
        let gzip = lower.hasSuffix(".gz")
        let base = gzip ? String(lower.dropLast(3)) : lower
        if base.hasSuffix(".jsonl") { return (.jsonl, gzip) }
        if base.hasSuffix(".json") { return (.json, gzip) }
        if base.hasSuffix(".xml") { return (.xml, gzip) }
        return nil
    }
}
