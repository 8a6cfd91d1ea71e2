/// "Did you mean …?" for a mistyped name: a command, a table, a key.
public enum NameSuggestion {
    /// The candidate closest to `name`, when it is close enough to be what was meant.
    ///
    /// Close enough: at most a third of the name's letters (and at least one, at most three) are
    /// typed wrong, left out or added, or the name is a prefix of one candidate only.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.lowercased())
        let limit = min(3, max(1, typed.count / 3))
        let scored = candidates.map { ($0, distance(typed, Array($0.lowercased()))) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit { return best.0 }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(name.lowercased()) }
        return prefixed.count == 1 && typed.count >= 3 ? prefixed[0] : nil
    }

    /// Optimal string alignment distance: edits, counting a swap of two neighbours as one.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
