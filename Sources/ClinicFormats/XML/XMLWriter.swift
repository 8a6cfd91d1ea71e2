import CLibXML2
import ClinicPipeline

/// Owns one libxml2 text writer that streams into a byte sink.
final class XMLWriter {
    private let handle: xmlTextWriterPtr
    private let context: Context

    /// What the C callbacks need, kept alive by the writer.
    final class Context {
        let sink: any ByteSink
        var error: (any Error)?

        init(_ sink: any ByteSink) {
            self.sink = sink
        }
    }

    init(_ sink: any ByteSink) throws {
        context = Context(sink)
        let pointer = Unmanaged.passUnretained(context).toOpaque()
        guard
            let output = xmlOutputBufferCreateIO(
                { ctx, buffer, length in
                    guard let ctx, let buffer else { return -1 }
                    let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
                    do {
                        try context.sink.write(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                        return length
                    } catch {
                        context.error = error
                        return -1
                    }
                }, nil, pointer, nil),
            let writer = xmlNewTextWriter(output)
        else { throw ETLError(.io, "cannot start the XML writer").at(location: sink.name) }
        handle = writer
        xmlTextWriterSetIndent(handle, 1)
        xmlTextWriterSetIndentString(handle, "  ")
    }

    deinit { xmlFreeTextWriter(handle) }

    private func check(_ status: Int32) throws {
        if let error = context.error { throw error }
        guard status >= 0 else { throw ETLError(.io, "writing XML failed").at(location: context.sink.name) }
    }

    func startDocument() throws { try check(xmlTextWriterStartDocument(handle, "1.0", "utf-8", nil)) }
    func endDocument() throws { try check(xmlTextWriterEndDocument(handle)) }
    func start(_ name: String) throws { try check(xmlTextWriterStartElement(handle, name)) }
    func end() throws { try check(xmlTextWriterEndElement(handle)) }
    /// Ends an element with an explicit end tag even when it is empty (`<None></None>`).
    func fullEnd() throws { try check(xmlTextWriterFullEndElement(handle)) }
    func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(handle, name, value))
    }
    func text(_ value: String) throws { try check(xmlTextWriterWriteString(handle, value)) }
    func flush() throws { try check(xmlTextWriterFlush(handle)) }
}
