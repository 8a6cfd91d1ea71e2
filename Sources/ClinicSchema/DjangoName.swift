import Crypto

/// The names Django's schema editor gives constraints and indexes (`_create_index_name`), so the DDL
/// here makes the same database its migrations make: `api_appointment_dentist_id_3fa1f469`.
enum DjangoName {
    /// `<table>_<columns>_<md5 of table and columns, 8 hex digits><suffix>`, shortened the way Django
    /// shortens it when longer than `maxLength` (PostgreSQL's 63; Django uses 200 for SQLite).
    static func index(table: String, columns: [String], suffix: String = "", maxLength: Int) -> String {
        var digest = Insecure.MD5()
        for part in [table] + columns { digest.update(data: Array(part.utf8)) }
        let hex = digest.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        var hashSuffix = String(hex.prefix(8)) + suffix
        let joined = columns.joined(separator: "_")
        let name = "\(table)_\(joined)_\(hashSuffix)"
        if name.count <= maxLength { return name }
        if hashSuffix.count > maxLength / 3 { hashSuffix = String(hashSuffix.prefix(maxLength / 3)) }
        let other = (maxLength - hashSuffix.count) / 2 - 1
        let short = "\(table.prefix(other))_\(joined.prefix(other))_\(hashSuffix)"
        if let first = short.first, first == "_" || first.isNumber { return "D" + short.dropLast() }
        return short
    }
}

extension SQLDialect {
    /// The longest identifier Django names for the dialect.
    var maxNameLength: Int { self == .postgres ? 63 : 200 }
}
