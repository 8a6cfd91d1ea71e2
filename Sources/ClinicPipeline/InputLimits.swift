import Synchronization

/// How large one piece of input may be before a reader refuses it.
///
/// These bound the memory a hostile or broken file can make the tool use: a CSV field or JSON
/// string without an end, a line of a gigabyte, a gzip bomb inflating into one of those. Set once
/// at start-up from `--max-field-mib`.
public enum InputLimits {
    private static let field = Atomic<Int>(64 << 20)

    /// The largest CSV field, JSON string or XML text accepted (64 MiB unless set).
    public static var fieldBytes: Int {
        get { field.load(ordering: .relaxed) }
        set { field.store(max(newValue, 1 << 10), ordering: .relaxed) }
    }

    /// The largest CSV record or fixture object: a few fields at the limit fit.
    public static var recordBytes: Int { fieldBytes * 4 }

    /// The most fields one CSV record may have; the widest table has 25 columns.
    public static let fieldsPerRecord = 4096
}
