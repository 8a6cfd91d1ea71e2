/// A byte sink that can write over bytes it took earlier: the archive writes fixed-size
/// placeholders (tar headers, the manifest) and fills them in once sizes are known.
public protocol PatchableSink: ByteSink {
    /// Bytes written so far: the offset the next write lands at.
    var offset: Int { get }
    /// Writes `bytes` over what was written at `position` (which must be inside what was written).
    func overwrite(_ bytes: [UInt8], at position: Int) throws
}

extension FileSink: PatchableSink {}
