/// The version of clinic-etl: what `--version` prints and what manifests record.
public enum ToolVersion {
    /// The version number.
    public static let number = "0.1"

    /// The tool and its version, as manifests record it: `clinic-etl 0.1`.
    public static var named: String { "clinic-etl \(number)" }
}
