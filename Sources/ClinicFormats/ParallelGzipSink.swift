import CZlib
import ClinicPipeline
import Foundation

/// Writes one gzip member compressed on every core, the way pigz does.
///
/// The input is cut into 128 KiB blocks; each is deflated on its own thread with the previous
/// block's last 32 KiB as its dictionary (so the ratio stays gzip's), ended with a sync flush so
/// the pieces join into one deflate stream, and its CRC-32 is combined with `crc32_combine`. At
/// most two blocks per core are in flight, so memory stays flat; output is written in order.
public final class ParallelGzipSink: ByteSink {
    /// What surrounds the deflate data.
    public enum Framing: Sendable {
        /// A whole gzip member: header, deflate stream, CRC-32 and length; closing also closes `inner`.
        case member
        /// Deflate blocks ending with a sync flush, byte-aligned, inside a member someone else
        /// frames (see `PatchableGzipStream`); `crc` and `length` tell what it held.
        case deflateSegment
    }

    static let blockSize = 128 << 10
    static let dictionarySize = 32 << 10

    public var name: String { inner.name }
    private let inner: any ByteSink
    private let setting: DeflateSetting
    private let framing: Framing
    private let maxInFlight: Int
    private var block: [UInt8] = []
    private var dictionary: [UInt8] = []
    private var inFlight: [DeflateJob] = []
    /// CRC-32 of everything written so far.
    private(set) var crc: uLong = 0
    /// Bytes written so far, uncompressed.
    private(set) var length: UInt64 = 0
    private var started = false

    /// Wraps a sink.
    public init(_ inner: any ByteSink, setting: DeflateSetting = .standard, framing: Framing = .member) {
        self.inner = inner
        self.setting = setting
        self.framing = framing
        maxInFlight = 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        block.reserveCapacity(Self.blockSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(rest.count, Self.blockSize - block.count)
            block.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if block.count == Self.blockSize { try submit(last: false) }
        }
    }

    public func close() throws {
        try submit(last: true)
        while !inFlight.isEmpty { try writeOldest() }
        guard framing == .member else { return }
        var trailer: [UInt8] = []
        for shift in stride(from: 0, to: 32, by: 8) {
            trailer.append(UInt8(truncatingIfNeeded: UInt64(crc) >> shift))
        }
        for shift in stride(from: 0, to: 32, by: 8) {
            trailer.append(UInt8(truncatingIfNeeded: length >> shift))
        }
        try inner.write(trailer)
        try inner.close()
    }

    private func submit(last: Bool) throws {
        let job = DeflateJob(
            input: block, dictionary: dictionary, setting: setting, last: last && framing == .member)
        dictionary = Array(block.suffix(Self.dictionarySize))
        block.removeAll(keepingCapacity: true)
        inFlight.append(job)
        DispatchQueue.global().async { job.run() }
        while inFlight.count > maxInFlight { try writeOldest() }
    }

    private func writeOldest() throws {
        let job = inFlight.removeFirst()
        job.done.wait()
        if let error = job.error { throw error.at(location: name) }
        if !started && framing == .member {
            // gzip header: magic, deflate, no flags, no time, no extra flags, OS unknown.
            try inner.write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255])
            started = true
        }
        try inner.write(job.output)
        crc = length == 0 ? job.crc : crc32_combine(crc, job.crc, off_t(job.input.count))
        length += UInt64(job.input.count)
    }
}

/// One block's raw deflate, run on a worker thread; the owner reads the results after `done`.
final class DeflateJob: @unchecked Sendable {
    let input: [UInt8]
    private let dictionary: [UInt8]
    private let setting: DeflateSetting
    private let last: Bool
    let done = DispatchSemaphore(value: 0)
    private(set) var output: [UInt8] = []
    private(set) var crc: uLong = 0
    private(set) var error: ETLError?

    init(input: [UInt8], dictionary: [UInt8], setting: DeflateSetting, last: Bool) {
        self.input = input
        self.dictionary = dictionary
        self.setting = setting
        self.last = last
    }

    func run() {
        defer { done.signal() }
        do {
            try deflateBlock()
        } catch let failure as ETLError {
            error = failure
        } catch {
            self.error = ETLError(.io, "gzip compression failed: \(error)")
        }
    }

    private func deflateBlock() throws {
        crc = input.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        let z = try ZStream(deflateLevel: setting.level)
        let s = z.stream
        if let tune = setting.tune { deflateTune(s, tune.good, tune.lazy, tune.nice, tune.chain) }
        if !dictionary.isEmpty {
            _ = dictionary.withUnsafeBufferPointer { deflateSetDictionary(s, $0.baseAddress, uInt($0.count)) }
        }
        // Room for the worst case, so one call does it; a sync flush adds a few bytes.
        output = [UInt8](repeating: 0, count: Int(deflateBound(s, uLong(input.count))) + 16)
        let flush = last ? Z_FINISH : Z_SYNC_FLUSH
        let (status, left) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                s.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                s.pointee.avail_in = uInt(source.count)
                s.pointee.next_out = target.baseAddress
                s.pointee.avail_out = uInt(target.count)
                return (deflate(s, flush), Int(s.pointee.avail_out))
            }
        }
        guard status == (last ? Z_STREAM_END : Z_OK), s.pointee.avail_in == 0 else {
            throw ETLError(.io, "gzip compression failed: \(z.message)")
        }
        output.removeLast(left)
    }
}
