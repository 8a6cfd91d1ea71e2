import ClinicPipeline
import Foundation

/// An age-encrypted file for a writer that patches placeholders (the backup archive), without the
/// plain bytes ever reaching the disk.
///
/// An age payload cannot be patched in place (rewriting a chunk under the same nonce would leak
/// it). So the bytes go first to a spool file next to the target, itself age-encrypted to a key
/// that exists only in this process's memory; patches are kept in memory (a tar header per table
/// and the 32 KiB manifest: tens of KiB). `close` streams the spool through the patches into the
/// real file for the real recipients. That costs a second pass and the spool's disk space for a
/// while (the archive's size), not memory.
public final class AgeSpooledSink: PatchableSink {
    public var name: String { target.name }
    private let target: any ByteSink
    private let encryption: AgeEncryption
    private let spoolPath: String
    private let spoolKey = AgeIdentity.generate()
    private var spool: AgeWriter?
    private var patches: [(position: Int, bytes: [UInt8])] = []
    public private(set) var offset = 0

    /// Encrypts to `encryption`'s recipients onto `target`, spooling at `spoolPath` meanwhile.
    public init(_ target: any ByteSink, encryption: AgeEncryption, spoolPath: String, modes: FileModes) throws
    {
        self.target = target
        self.encryption = encryption
        self.spoolPath = spoolPath
        guard let recipient = spoolKey.recipient else { throw ETLError(.io, "cannot make the spool key") }
        spool = try AgeWriter(FileSink(path: spoolPath, modes: modes), recipients: [recipient])
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let spool else {
            throw ETLError(.io, "the encrypted file is already closed").at(location: name)
        }
        try spool.write(bytes)
        offset += bytes.count
    }

    public func overwrite(_ bytes: [UInt8], at position: Int) throws {
        guard position >= 0, position + bytes.count <= offset else {
            throw ETLError(.io, "a patch beyond what was written (internal error)").at(location: name)
        }
        patches.append((position, bytes))
    }

    /// Encrypts the spool, patched, into the target and closes (flushes) it.
    public func close() throws {
        guard let spool else { return }
        self.spool = nil
        try spool.close()
        let reader = try AgeDecryption(identities: [spoolKey]).reader(FileSource(path: spoolPath))
        let output = try encryption.writer(target)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var at = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            for patch in patches where patch.position < at + n && patch.position + patch.bytes.count > at {
                let from = max(patch.position, at)
                let to = min(patch.position + patch.bytes.count, at + n)
                buffer.replaceSubrange(
                    (from - at)..<(to - at),
                    with: patch.bytes[(from - patch.position)..<(to - patch.position)])
            }
            try buffer.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            at += n
        }
        try output.close()
        removeSpool()
    }

    private func removeSpool() {
        try? FileManager.default.removeItem(atPath: spoolPath)
    }

    deinit { removeSpool() }
}
