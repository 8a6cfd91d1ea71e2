/// The values seen for one UNIQUE column or column set: integer keys in an `IDSet`, others as text.
struct KeyStore {
    private var ids = IDSet()
    private var texts: Set<String> = []

    /// The key of `columns` in `row`, or `nil` when any part is NULL (NULLs never conflict).
    static func key(_ row: Row, _ columns: [Int]) -> Key? {
        if columns.count == 1 {
            switch row[columns[0]] {
            case .null: return nil
            case .integer(let n): return .id(n)
            case let value: return value.textForm.map { .text($0) }
            }
        }
        var parts: [String] = []
        for column in columns {
            guard let text = row[column].textForm else { return nil }
            parts.append(text)
        }
        return .text(parts.joined(separator: "\u{1F}"))
    }

    /// A key: an integer or text.
    enum Key {
        case id(Int64)
        case text(String)
    }

    func contains(_ key: Key) -> Bool {
        switch key {
        case .id(let n): ids.contains(n)
        case .text(let s): texts.contains(s)
        }
    }

    mutating func insert(_ key: Key) {
        switch key {
        case .id(let n): ids.insert(n)
        case .text(let s): texts.insert(s)
        }
    }
}
