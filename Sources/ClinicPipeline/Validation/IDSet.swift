/// A set of integer ids kept as a bitmap for the dense range ids usually fill, with a hash set
/// for the rest: a million ids cost 128 KiB instead of tens of megabytes.
public struct IDSet: Sendable {
    /// The bitmap grows by at most this many words at once, so one huge id cannot allocate gigabytes.
    private static let maxGrowth = 1 << 20
    private var words: [UInt64] = []
    private var sparse: Set<Int64> = []

    /// An empty set.
    public init() {}

    /// Whether `id` is in the set.
    public func contains(_ id: Int64) -> Bool {
        if id >= 0, Int(id >> 6) < words.count, words[Int(id >> 6)] & (1 << UInt64(id & 63)) != 0 {
            return true
        }
        return !sparse.isEmpty && sparse.contains(id)
    }

    /// Adds `id`; returns false when it was already there.
    @discardableResult
    public mutating func insert(_ id: Int64) -> Bool {
        guard id >= 0, id >> 6 < Int64(words.count + Self.maxGrowth) else {
            return sparse.insert(id).inserted
        }
        if !sparse.isEmpty && sparse.contains(id) { return false }
        let word = Int(id >> 6)
        if word >= words.count {
            words.append(
                contentsOf: repeatElement(
                    0, count: max(word + 1 - words.count, min(words.count, Self.maxGrowth))))
        }
        let bit: UInt64 = 1 << UInt64(id & 63)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
