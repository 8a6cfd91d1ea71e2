import CZlib
import ClinicPipeline

/// Owns one zlib stream; the `z_stream` lives at a stable address because zlib keeps pointers into it.
final class ZStream {
    let stream: UnsafeMutablePointer<z_stream>
    private let deflating: Bool

    /// Deflates at `level` without a wrapper, for blocks joined into one gzip member by
    /// `ParallelGzipSink`; with `nil`, inflates gzip or zlib data.
    init(deflateLevel level: Int32?) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        deflating = level != nil
        // -15: raw deflate when writing; 15 + 32: accept gzip or zlib when reading.
        let status =
            if let level { clinic_deflateInit2(stream, level, -15) } else {
                clinic_inflateInit2(stream, 15 + 32)
            }
        guard status == Z_OK else {
            stream.deallocate()
            throw ETLError(.io, "cannot start zlib (status \(status))")
        }
    }

    /// zlib's message for the last error, or a fallback.
    var message: String {
        stream.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
    }

    deinit {
        if deflating { deflateEnd(stream) } else { inflateEnd(stream) }
        stream.deallocate()
    }
}

/// Decompresses a gzip byte source as it is read, including multi-member files (as `gzip -c a b`
/// makes) and zero padding after the last member (as tape blocking leaves, which gzip ignores).
public final class GzipSource: ByteSource {
    public var name: String { inner.name }
    private let inner: any ByteSource
    private let z: ZStream
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var inPadding = false
    /// Compressed bytes read from `inner` before the current buffer, for the offsets in messages.
    private var consumedBefore = 0
    private var bufferFill = 0

    /// Wraps a compressed source.
    public init(_ inner: any ByteSource) throws {
        self.inner = inner
        z = try ZStream(deflateLevel: nil)
        input = .allocate(byteCount: 1 << 16, alignment: 1)
    }

    deinit { input.deallocate() }

    /// The offset in the compressed file of the next byte zlib would take.
    private var compressedOffset: Int { consumedBefore + bufferFill - Int(z.stream.pointee.avail_in) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let s = z.stream
        s.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        s.pointee.avail_out = uInt(buffer.count)
        while s.pointee.avail_out == uInt(buffer.count) {
            if s.pointee.avail_in == 0 && !inputEnded {
                let n = try inner.read(into: input)
                consumedBefore += bufferFill
                bufferFill = n
                if n == 0 {
                    inputEnded = true
                } else {
                    s.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    s.pointee.avail_in = uInt(n)
                }
            }
            if s.pointee.avail_in == 0 && inputEnded {
                if memberEnded { return buffer.count - Int(s.pointee.avail_out) }
                throw ETLError(
                    .badInput,
                    "gzip data is truncated: the file ends at byte \(compressedOffset) inside the compressed stream",
                    hint: "the file was cut short; use a complete copy"
                ).at(location: name)
            }
            if memberEnded {
                if inPadding || s.pointee.next_in.pointee == 0 {
                    try skipPadding()
                    continue
                }
                // Another gzip member follows the one that ended.
                guard s.pointee.next_in.pointee == 0x1F else {
                    throw ETLError(
                        .badInput,
                        "gzip data is damaged: byte \(compressedOffset), after the end of a gzip member, starts neither another member nor zero padding",
                        hint: "the file is damaged or has something appended; use a complete copy"
                    ).at(location: name)
                }
                guard inflateReset(s) == Z_OK else { throw corrupt() }
                memberEnded = false
            }
            let status = inflate(s, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR: break
            case Z_STREAM_END: memberEnded = true
            default: throw corrupt()
            }
        }
        return buffer.count - Int(s.pointee.avail_out)
    }

    /// Consumes zero bytes after the last member; anything else there is damage.
    private func skipPadding() throws {
        inPadding = true
        let s = z.stream
        while s.pointee.avail_in > 0 {
            guard s.pointee.next_in.pointee == 0 else {
                throw ETLError(
                    .badInput,
                    "gzip data is damaged: byte \(compressedOffset) of the zero padding after the last member is not zero",
                    hint: "the file is damaged or has something appended; use a complete copy"
                ).at(location: name)
            }
            s.pointee.next_in += 1
            s.pointee.avail_in -= 1
        }
    }

    private func corrupt() -> ETLError {
        ETLError(
            .badInput,
            "gzip data is corrupt at or before byte \(compressedOffset) of the compressed file (zlib: \(z.message))",
            hint: "the file is damaged; use a good copy"
        ).at(location: name)
    }
}
