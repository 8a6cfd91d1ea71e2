import ClinicPipeline
import Glibc

/// Reads a file with `read(2)`; the descriptor is owned and closed here.
public final class FileSource: ByteSource {
    public let name: String
    private let fd: Int32
    /// Bytes read so far, for the progress line.
    public private(set) var bytesRead = 0

    /// Opens `path` for reading, from byte `offset`.
    public init(path: String, offset: Int = 0) throws {
        name = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.make("cannot open", path: path) }
        if offset > 0, lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw FileError.make("cannot seek in", path: path)
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesRead += n
                return n
            }
            if errno == EINTR { continue }
            throw FileError.make("cannot read", path: name)
        }
    }

    deinit { Glibc.close(fd) }
}

/// Writes a file with `write(2)`; `close` fsyncs so a renamed file is really on disk.
public final class FileSink: ByteSink {
    public let name: String
    private var fd: Int32
    /// Bytes written so far: the offset the next write lands at.
    public private(set) var offset = 0
    private var syncer: FileSyncer?
    /// How much was written when a flush was last started (files flushed by a syncer).
    private var flushedTo = 0
    private static let writebackStep = 8 << 20

    /// Creates (or truncates) `path` with the permissions of `modes`; with a `syncer`, closing
    /// hands the flush to it instead of waiting for the disk.
    init(path: String, modes: FileModes = .ownerOnly, syncer: FileSyncer?) throws {
        self.syncer = syncer
        name = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, modes.file)
        guard fd >= 0 else { throw FileError.make("cannot create", path: path) }
        try modes.apply(toFile: fd, path: path)
    }

    /// Creates (or truncates) `path` with the permissions of `modes`.
    public convenience init(path: String, modes: FileModes = .ownerOnly) throws {
        try self.init(path: path, modes: modes, syncer: nil)
    }

    /// Opens `path` to add to its end (a log), creating it with the permissions of `modes`; an
    /// existing file keeps its own.
    public init(appendingTo path: String, modes: FileModes = .ownerOnly) throws {
        name = path
        // Read too: `appendRecord` looks at the last byte.
        fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, modes.file)
        guard fd >= 0 else { throw FileError.make("cannot open for appending", path: path) }
    }

    /// Appends one record (a log line) with a single write(2), so records of concurrent runs never
    /// interleave; a write that fails part-way is cut off again, so the file never keeps half a
    /// record that the next one would be glued to.
    public func appendRecord(_ record: [UInt8]) throws {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw FileError.make("cannot read the size of", path: name) }
        let start = status.st_size
        var bytes = record
        // A line cut short by a crash (or an older version) must not swallow this record.
        var last: UInt8 = 0
        if start > 0, pread(fd, &last, 1, start - 1) == 1, last != UInt8(ascii: "\n") {
            bytes.insert(UInt8(ascii: "\n"), at: 0)
        }
        do {
            try bytes.withUnsafeBytes { try write($0) }
        } catch {
            let code = errno
            _ = ftruncate(fd, start)
            errno = code
            throw error
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Glibc.write(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.make("cannot write", path: name)
            }
            base += n
            remaining -= n
            offset += n
        }
        if let syncer, offset - flushedTo >= Self.writebackStep {
            // Flush what is written so far on the syncer's thread, so the flush at close has little left.
            syncer.flushEarly(fd, path: name)
            flushedTo = offset
        }
    }

    /// Writes `bytes` over what was written at `position` earlier (for patching placeholders).
    public func overwrite(_ bytes: [UInt8], at position: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress?.advanced(by: done), bytes.count - done, off_t(position + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.make("cannot write", path: name)
            }
            done += n
        }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        if let syncer {
            syncer.syncAndClose(fd, path: name)
            fd = -1
            return
        }
        defer {
            Glibc.close(fd)
            fd = -1
        }
        Progress.status("syncing")
        guard fsync(fd) == 0 else { throw FileError.make("cannot flush to disk", path: name) }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }
}

/// File errors with the path and the system's reason.
package enum FileError {
    static func make(_ what: String, path: String) -> ETLError {
        let code = errno
        var error = ETLError(.io, "\(what): \(String(cString: strerror(code)))")
        error.hint = hint(for: code)
        return error.at(location: path)
    }

    /// What to do about a write that failed with `code`, where the tool can say.
    package static func hint(for code: Int32) -> String? {
        switch code {
        case ENOSPC: "the disk is full; free space and run again"
        case EFBIG: "the file-size limit (ulimit -f) was reached; raise it and run again"
        default: nil
        }
    }
}
