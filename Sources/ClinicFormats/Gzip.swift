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

/// Decompresses a gzip byte source as it is read, including multi-member files (as `gzip -c a b` makes).
public final class GzipSource: ByteSource {
    public var name: String { inner.name }
    private let inner: any ByteSource
    private let z: ZStream
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false

    /// Wraps a compressed source.
    public init(_ inner: any ByteSource) throws {
        self.inner = inner
        z = try ZStream(deflateLevel: nil)
        input = .allocate(byteCount: 1 << 16, alignment: 1)
    }

    deinit { input.deallocate() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let s = z.stream
        s.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        s.pointee.avail_out = uInt(buffer.count)
        while s.pointee.avail_out == uInt(buffer.count) {
            if s.pointee.avail_in == 0 && !inputEnded {
                let n = try inner.read(into: input)
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
                    .badInput, "gzip data is truncated (the file ends inside the compressed stream)",
                    hint: "the file was cut short; use a complete copy"
                ).at(location: name)
            }
            if memberEnded {
                // Another gzip member follows the one that ended.
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

    private func corrupt() -> ETLError {
        ETLError(.badInput, "gzip data is corrupt: \(z.message)").at(location: name)
    }
}
