import ClinicPipeline

/// Reads a tar stream member by member, refusing anything a backup archive must not hold:
/// absolute names or `..`, links, devices, and data cut short.
///
/// Directory entries (the archive's
/// `data/`, there to carry its 0700 mode) hold nothing and are passed over.
final class TarStream {
    private let source: any ByteSource
    let archive: String
    private var remaining = 0
    private var padding = 0
    private(set) var ended = false
    /// Bytes of the tar stream read so far, for the offsets in messages.
    private(set) var position = 0

    init(_ source: any ByteSource, archive: String) {
        self.source = source
        self.archive = archive
    }

    /// The next member's header, after skipping what is left of the current one; `nil` at the end.
    func next() throws -> TarHeader? {
        try skip(remaining + padding)
        remaining = 0
        padding = 0
        guard !ended else { return nil }
        let headerAt = position
        let block = try readExactly(TarHeader.blockSize, what: "a tar header")
        guard let header = try TarHeader.decode(block, archive: archive, at: headerAt) else {
            ended = true
            try finish()
            return nil
        }
        let name = header.name
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains(".."), !name.contains("\\") else {
            throw ETLError(
                .badInput, "the archive has an unsafe member name \"\(name)\"", hint: "refusing to read it"
            )
            .at(location: archive)
        }
        if header.typeFlag == TarHeader.directory && header.size == 0 { return try next() }
        guard header.typeFlag == UInt8(ascii: "0") || header.typeFlag == 0 else {
            let kind =
                switch header.typeFlag {
                case UInt8(ascii: "1"), UInt8(ascii: "2"): "a link"
                case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"): "a device"
                case UInt8(ascii: "5"): "a directory"
                default: "not a regular file"
                }
            throw ETLError(
                .badInput, "the archive member \"\(name)\" is \(kind)",
                hint: "backup archives hold only files"
            )
            .at(location: archive)
        }
        remaining = header.size
        padding = TarHeader.padding(after: header.size)
        return header
    }

    /// Reads what follows the end-of-archive block: only zeros may follow, and the compressed
    /// stream must end properly, so an archive cut short after its last member is still caught.
    private func finish() throws {
        var scratch = [UInt8](repeating: 0, count: 1 << 14)
        var trailing = 0
        while true {
            let n = try scratch.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            position += n
            trailing += n
            guard scratch[0..<n].allSatisfy({ $0 == 0 }) else {
                throw ETLError(
                    .badInput,
                    "the archive is damaged: data after the end-of-archive block (near byte \(position) of the tar stream)"
                ).at(location: archive)
            }
        }
        guard trailing >= TarHeader.blockSize else { throw truncated("in the end-of-archive blocks") }
    }

    /// Reads from the current member's data; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let want = min(buffer.count, remaining)
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        guard n > 0 else { throw truncated("inside member data") }
        position += n
        remaining -= n
        return n
    }

    private func skip(_ count: Int) throws {
        var left = count
        var scratch = [UInt8](repeating: 0, count: min(max(left, 1), 1 << 16))
        while left > 0 {
            let n = try scratch.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<min(left, $0.count)]))
            }
            guard n > 0 else { throw truncated("inside member data") }
            position += n
            left -= n
        }
    }

    private func readExactly(_ count: Int, what: String) throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try block.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled..<count]))
            }
            guard n > 0 else { throw truncated("in \(what)") }
            position += n
            filled += n
        }
        return block
    }

    private func truncated(_ place: String) -> ETLError {
        ETLError(
            .badInput, "the archive is truncated (it ends \(place))",
            hint: "use a complete copy of the backup"
        )
        .at(location: archive)
    }
}

/// The current member of a tar stream as a byte source.
final class TarMemberSource: ByteSource {
    let name: String
    private let stream: TarStream
    private let atEnd: (() throws -> Void)?

    /// Reads the current member of `stream`; `atEnd` runs when its last byte has been read.
    init(_ stream: TarStream, name: String, atEnd: (() throws -> Void)? = nil) {
        self.stream = stream
        self.name = name
        self.atEnd = atEnd
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try stream.read(into: buffer)
        if n == 0, buffer.count > 0 { try atEnd?() }
        return n
    }
}

/// Hashes and counts what is read through it.
final class HashingSource: ByteSource {
    private let inner: any ByteSource
    private(set) var bytes = 0
    private(set) var hash = SHA256()

    init(_ inner: any ByteSource) {
        self.inner = inner
    }

    var name: String { inner.name }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(into: buffer)
        hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        bytes += n
        return n
    }
}
