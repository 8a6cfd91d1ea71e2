/// The clinic's name from its locations (`api_cliniclocation`).
///
/// One location gives its name. Several give the words their names start with, when that is at
/// least two words ("Dorotheo Dental Clinic — Main" and "Dorotheo Dental, Quezon City" give
/// "Dorotheo Dental"); otherwise the names are listed, "A, B and C", at most three and a count.
enum ClinicName {
    static func read(_ reader: inout TableReader) throws -> String? {
        guard reader.available.contains("api_cliniclocation") else { return nil }
        var names: [(id: Int64, name: String)] = []
        _ = try reader.each("api_cliniclocation") { row in
            let name = row.text("name").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !name.isEmpty { names.append((row.int("id") ?? 0, name)) }
        }
        return of(names.sorted { $0.id < $1.id }.map(\.name))
    }

    /// The name for locations named `names`, in id order.
    static func of(_ names: [String]) -> String? {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        guard let first = unique.first else { return nil }
        guard unique.count > 1 else { return first }
        let words = unique.map { $0.split(separator: " ").map { String($0) } }
        var common = words[0]
        for other in words.dropFirst() {
            var n = 0
            while n < common.count, n < other.count, trimmed(common[n]) == trimmed(other[n]) { n += 1 }
            common = Array(common.prefix(n))
        }
        let prefix = common.map(trimmed).filter { !$0.isEmpty }
        if prefix.count >= 2 { return prefix.joined(separator: " ") }
        let listed = unique.prefix(3)
        if unique.count > 3 { return listed.joined(separator: ", ") + " and \(unique.count - 3) more" }
        return listed.dropLast().joined(separator: ", ") + " and " + (listed.last ?? "")
    }

    /// A word without the punctuation that joins a location to the name (`Dental,` → `Dental`).
    private static func trimmed(_ word: String) -> String {
        word.trimmingSuffix(",;:–—-·|/")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ characters: String) -> String {
        var s = Substring(self)
        while let last = s.last, characters.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
