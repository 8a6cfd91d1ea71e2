import CZlib
import ClinicPipeline

/// One gzip member written piece by piece into a file: stored placeholders that are overwritten
/// in place once their content is known, and compressed segments between them.
///
/// A single member is what every streaming reader expects (Python's `tarfile` in `r|gz` mode reads
/// only the first member), and a cut anywhere fails `gzip -t`. Compressed segments end with a sync
/// flush, so each placeholder starts on a byte boundary; the member's CRC-32 is folded from the
/// pieces' CRCs with `crc32_combine` when it ends, since placeholders change after they are written.
final class PatchableGzipStream {
    private let file: any PatchableSink
    private var pieces: [(offset: Int, crc: uLong, length: Int)] = []

    /// A placeholder's position in the member, to patch it later.
    struct Placeholder {
        fileprivate let index: Int
        fileprivate let length: Int
    }

    /// Starts the member at the file's current offset.
    init(_ file: any PatchableSink) throws {
        self.file = file
        // gzip header: magic, deflate, no flags, no time, no extra flags, OS unknown.
        try file.write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255])
    }

    /// Writes `count` zero bytes as stored blocks, to be replaced by `patch`.
    func placeholder(_ count: Int) throws -> Placeholder {
        let zeros = [UInt8](repeating: 0, count: count)
        pieces.append((file.offset, StoredDeflate.crc(zeros), count))
        try file.write(StoredDeflate.blocks(zeros, final: false))
        return Placeholder(index: pieces.count - 1, length: count)
    }

    /// Writes `data` as stored blocks that stay as they are.
    func stored(_ data: [UInt8]) throws {
        pieces.append((file.offset, StoredDeflate.crc(data), data.count))
        try file.write(StoredDeflate.blocks(data, final: false))
    }

    /// Replaces a placeholder's content with `data` of the same length.
    func patch(_ placeholder: Placeholder, with data: [UInt8]) throws {
        precondition(data.count == placeholder.length, "a patch must fill its placeholder exactly")
        let offset = pieces[placeholder.index].offset
        pieces[placeholder.index].crc = StoredDeflate.crc(data)
        try file.overwrite(StoredDeflate.blocks(data, final: false), at: offset)
    }

    /// A sink compressing on every core into the member; `endSegment` records it when closed.
    func segment() -> ParallelGzipSink {
        ParallelGzipSink(file, setting: .archive, framing: .deflateSegment)
    }

    /// Records a closed segment's CRC and length.
    func endSegment(_ sink: ParallelGzipSink) {
        pieces.append((file.offset, sink.crc, Int(sink.length)))
    }

    /// Ends the member with `data` as its final stored block, then the CRC-32 and length trailer.
    func finish(with data: [UInt8]) throws {
        pieces.append((file.offset, StoredDeflate.crc(data), data.count))
        try file.write(StoredDeflate.blocks(data, final: true))
        var crc: uLong = 0
        var total: UInt64 = 0
        for piece in pieces {
            crc = total == 0 ? piece.crc : crc32_combine(crc, piece.crc, off_t(piece.length))
            total += UInt64(piece.length)
        }
        var trailer: [UInt8] = []
        for shift in stride(from: 0, to: 32, by: 8) {
            trailer.append(UInt8(truncatingIfNeeded: UInt64(crc) >> shift))
        }
        // ISIZE is the length modulo 2^32, as RFC 1952 says.
        for shift in stride(from: 0, to: 32, by: 8) {
            trailer.append(UInt8(truncatingIfNeeded: total >> shift))
        }
        try file.write(trailer)
    }
}
