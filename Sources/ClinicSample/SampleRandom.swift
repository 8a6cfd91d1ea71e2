/// Random numbers addressed by (table, row, field), so any row can be regenerated on its own.
struct SampleRandom {
    let seed: UInt64
    let salt: UInt64
    let row: Int

    init(seed: UInt64, table: String, row: Int) {
        self.seed = seed
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in table.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        salt = h
        self.row = row
    }

    /// A 64-bit value for field number `field`.
    func bits(_ field: UInt64) -> UInt64 {
        var z =
            seed &+ salt &+ UInt64(truncatingIfNeeded: row) &* 0x9E37_79B9_7F4A_7C15 &+ field
            &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `range`.
    func int(_ field: UInt64, _ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(bits(field) % UInt64(range.count))
    }

    /// True with probability `percent`/100.
    func chance(_ field: UInt64, _ percent: Int) -> Bool { int(field, 0...99) < percent }

    /// One element of `items`.
    func pick<T>(_ field: UInt64, _ items: [T]) -> T { items[int(field, 0...(items.count - 1))] }

    /// An element chosen by weights.
    func weighted<T>(_ field: UInt64, _ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = int(field, 0...(total - 1))
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }
}
