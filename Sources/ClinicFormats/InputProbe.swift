import ClinicPipeline
import ClinicSchema
import Foundation

/// Reads an untrusted input to its end with one of the readers that take files from outside.
///
/// The fuzzer (`Sources/clinic-fuzz`) and the regression test over its findings share this, so
/// an input that once crashed a reader is replayed exactly as the fuzzer ran it. Reading either
/// succeeds or throws an `ETLError`; anything else is a bug.
package enum InputProbe: String, CaseIterable, Sendable {
    case csv, json, xml, tar, gzip

    /// Reads `data` whole; JSON and XML are read from a file at `scratch` (plus an extension),
    /// as the fixture source reads them.
    package func read(_ data: UnsafeRawBufferPointer, scratch: String) throws(ETLError) {
        do {
            switch self {
            case .csv: try Self.readCSV(data)
            case .gzip: try Self.drain(GzipSource(MemoryBytes(data)))
            case .tar: try Self.readTar(MemoryBytes(data))
            case .json: try Self.readFixture(data, format: .json, path: scratch + ".json")
            case .xml: try Self.readFixture(data, format: .xml, path: scratch + ".xml")
            }
        } catch let error as ETLError {
            throw error
        } catch {
            fatalError("a reader threw something other than ETLError: \(error)")
        }
    }

    /// Reads the input as the table whose columns its first line names (the seeds are the sample's
    /// tables), or as api_appointment, so value parsing is reached and not only the header check.
    private static func readCSV(_ data: UnsafeRawBufferPointer) throws {
        let header = String(decoding: data.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let names = header.split(separator: ",").map(String.init)
        let catalog = Catalog.clinic
        guard
            let table = catalog.tables.first(where: { Set($0.columnNames) == Set(names) })
                ?? catalog.table(named: "api_appointment")
        else { return }
        let cursor = try CSVRowCursor(
            readingHeaderOf: CSVReader(MemoryBytes(data)), table: table, now: .now())
        while try cursor.next() != nil {}
    }

    private static func readTar(_ bytes: MemoryBytes) throws {
        let stream = TarStream(bytes, archive: "input.tar")
        var buffer = [UInt8](repeating: 0, count: 4096)
        while try stream.next() != nil {
            while try buffer.withUnsafeMutableBytes({ try stream.read(into: $0) }) > 0 {}
        }
    }

    private static func readFixture(_ data: UnsafeRawBufferPointer, format: FixtureFormat, path: String)
        throws
    {
        guard FileManager.default.createFile(atPath: path, contents: Data(data)) else {
            throw ETLError(.io, "cannot write the probe's input").at(location: path)
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = FixtureSource(path: path, format: format, gzip: false, now: .now())
        for name in try source.availableTables().sorted() {
            guard let table = Catalog.clinic.table(named: name) else { continue }
            let cursor = try source.open(table)
            while try cursor.next() != nil {}
        }
    }

    private static func drain(_ source: any ByteSource) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }) > 0 {}
    }
}

/// Bytes in memory as a source, handed out in odd-sized reads to cross the readers' buffer edges.
final class MemoryBytes: ByteSource {
    let name = "input"
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
