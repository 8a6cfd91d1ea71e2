import CLibXML2
import ClinicPipeline

/// Owns one libxml2 streaming reader over a byte source.
///
/// Entity substitution, DTD loading and
/// network access are off, and any DOCTYPE or entity reference is refused, so external entities
/// and entity bombs never get a chance to expand.
final class XMLReader {
    private let handle: xmlTextReaderPtr
    private let context: Context
    let name: String

    /// What the C callbacks need, kept alive by the reader.
    final class Context {
        let source: any ByteSource
        var readError: (any Error)?
        var message: String?

        init(_ source: any ByteSource) {
            self.source = source
        }
    }

    /// The encoding is libxml2's to find (a byte-order mark, UTF-16's `<` pattern, the
    /// declaration), so UTF-16 files such as PowerShell's `>` writes are read too.
    init(_ source: any ByteSource) throws {
        name = source.name
        context = Context(source)
        let pointer = Unmanaged.passUnretained(context).toOpaque()
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard
            let reader = xmlReaderForIO(
                { ctx, buffer, length in
                    guard let ctx, let buffer else { return -1 }
                    let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
                    do {
                        return Int32(
                            try context.source.read(
                                into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                    } catch {
                        context.readError = error
                        return -1
                    }
                }, nil, pointer, nil, nil, options)
        else { throw ETLError(.io, "cannot start the XML reader").at(location: source.name) }
        handle = reader
        xmlTextReaderSetErrorHandler(
            handle,
            { ctx, message, _, _ in
                guard let ctx, let message else { return }
                let context = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
                if context.message == nil {
                    var text = String(cString: message)
                    while text.last?.isWhitespace == true { text.removeLast() }
                    context.message = text
                }
            }, pointer)
    }

    deinit { xmlFreeTextReader(handle) }

    /// The line of the current node (the parser's line when no node is current yet).
    var line: Int {
        if let node = xmlTextReaderCurrentNode(handle) {
            let line = Int(xmlGetLineNo(node))
            if line > 0 { return line }
        }
        return Int(xmlTextReaderGetParserLineNumber(handle))
    }

    /// Advances to the next node; `false` at the end of the document.
    func read() throws -> Bool {
        let status = xmlTextReaderRead(handle)
        if status == 1 {
            switch nodeType {
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                throw refuse("a DOCTYPE (DTDs and entities are not allowed in fixtures)")
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw refuse("an entity reference (entities are not allowed in fixtures)")
            default:
                return true
            }
        }
        if status == 0 { return false }
        if let error = context.readError { throw error }
        throw ETLError(.badInput, "malformed XML: \(context.message ?? "parse error")").at(
            location: name, line: line)
    }

    /// Skips the current element's subtree, standing on the node after it; `false` at the end.
    func skip() throws -> Bool {
        let status = xmlTextReaderNext(handle)
        guard status != -1 else {
            if let error = context.readError { throw error }
            throw ETLError(.badInput, "malformed XML: \(context.message ?? "parse error")").at(
                location: name, line: line)
        }
        return status == 1
    }

    private func refuse(_ what: String) -> ETLError {
        ETLError(.badInput, "the XML holds \(what)", hint: "export the fixture again with manage.py dumpdata")
            .at(location: name, line: line)
    }

    private var nodeType: Int32 { xmlTextReaderNodeType(handle) }

    /// Whether the node is a start tag.
    var isElement: Bool { nodeType == Int32(XML_READER_TYPE_ELEMENT.rawValue) }

    /// Whether the node is an end tag.
    var isEndElement: Bool { nodeType == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) }

    /// Whether the node is character data: text, CDATA or whitespace (not a comment or a
    /// processing instruction).
    var isText: Bool {
        switch nodeType {
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
            Int32(XML_READER_TYPE_WHITESPACE.rawValue),
            Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
            true
        default: false
        }
    }

    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(handle) == 1 }

    var localName: String {
        xmlTextReaderConstLocalName(handle).map { String(cString: $0) } ?? ""
    }

    var value: String {
        xmlTextReaderConstValue(handle).map { String(cString: $0) } ?? ""
    }

    func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(handle, name) else { return nil }
        defer { clinic_xmlFree(raw) }
        return String(cString: raw)
    }
}
