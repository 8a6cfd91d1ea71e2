import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation

/// libFuzzer entry points for the readers that take files from outside: CSV, JSON and XML
/// fixtures, tar and gzip. `scripts/fuzz.sh` builds this with `-sanitize=fuzzer,address` and
/// picks the reader with `CLINIC_FUZZ_TARGET`; an input passes when the reader either reads it or
/// throws an `ETLError` — a crash, a hang or a runaway allocation is the finding.
enum FuzzTarget: String, CaseIterable {
    case csv, json, xml, tar, gzip

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["CLINIC_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set CLINIC_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(64)
        }
        return target
    }()

    /// Where file-based readers find the input: one file per process, on tmpfs when there is one.
    private static let scratch: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(dir)/clinic-fuzz-\(getpid())"
    }()

    func run(_ data: UnsafeRawBufferPointer) {
        do {
            switch self {
            case .csv: try Self.readCSV(data)
            case .gzip: try Self.drain(GzipSource(MemoryBytes(data)))
            case .tar: try Self.readTar(MemoryBytes(data))
            case .json: try Self.readFixture(data, format: .json)
            case .xml: try Self.readFixture(data, format: .xml)
            }
        } catch is ETLError {
            // Refusing hostile input with a message is the expected outcome.
        } catch {
            fatalError("a reader threw something other than ETLError: \(error)")
        }
    }

    /// Reads the input as the table whose columns its first line names (the seeds are the sample's
    /// tables), or as api_appointment, so value parsing is reached and not only the header check.
    private static func readCSV(_ data: UnsafeRawBufferPointer) throws {
        let header = String(decoding: data.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let names = header.split(separator: ",").map(String.init)
        let table =
            Catalog.clinic.tables.first { $0.columnNames == names } ?? Catalog.clinic.table(named: "api_appointment")!
        let cursor = try CSVRowCursor(readingHeaderOf: CSVReader(MemoryBytes(data)), table: table, now: .now())
        while try cursor.next() != nil {}
    }

    private static func readTar(_ bytes: MemoryBytes) throws {
        let stream = TarStream(bytes, archive: "fuzz.tar")
        var buffer = [UInt8](repeating: 0, count: 4096)
        while try stream.next() != nil {
            while try buffer.withUnsafeMutableBytes({ try stream.read(into: $0) }) > 0 {}
        }
    }

    private static func readFixture(_ data: UnsafeRawBufferPointer, format: FixtureFormat) throws {
        let path = scratch + (format == .xml ? ".xml" : ".json")
        guard FileManager.default.createFile(atPath: path, contents: Data(data)) else {
            fatalError("cannot write \(path)")
        }
        let source = FixtureSource(path: path, format: format, gzip: false, now: .now())
        for name in try source.availableTables().sorted() {
            let cursor = try source.open(Catalog.clinic.table(named: name)!)
            while try cursor.next() != nil {}
        }
    }

    private static func drain(_ source: any ByteSource) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }) > 0 {}
    }
}

/// The fuzzer's input as a byte source, handed out in small reads to cross buffer boundaries.
final class MemoryBytes: ByteSource {
    let name = "fuzz input"
    private let data: UnsafeRawBufferPointer
    private var offset = 0

    init(_ data: UnsafeRawBufferPointer) {
        self.data = data
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, data.count - offset, 4099)
        guard n > 0 else { return 0 }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[offset..<(offset + n)]))
        offset += n
        return n
    }
}

#if CLINIC_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name (`main` is an alias for it), so
/// libFuzzer's driver is started from here rather than from libFuzzer's own `main`.
@_cdecl("clinic_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzOneInput($0, $1) }
}

/// libFuzzer's own `main` calls this when it is the one the linker kept.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.current.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#else
@main
enum FuzzUsage {
    static func main() {
        FileHandle.standardError.write(Data("clinic-fuzz is built and run by scripts/fuzz.sh\n".utf8))
        exit(64)
    }
}
#endif
