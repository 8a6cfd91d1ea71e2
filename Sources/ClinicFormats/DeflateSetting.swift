/// How hard deflate looks for matches: a zlib level, optionally with its search limits tuned.
public struct DeflateSetting: Sendable {
    let level: Int32
    /// `deflateTune`'s good_length, max_lazy, nice_length and max_chain.
    let tune: (good: Int32, lazy: Int32, nice: Int32, chain: Int32)?

    /// A plain zlib level.
    public init(level: Int32) {
        self.level = level
        tune = nil
    }

    private init(level: Int32, tune: (good: Int32, lazy: Int32, nice: Int32, chain: Int32)) {
        self.level = level
        self.tune = tune
    }

    /// gzip's own default, level 6.
    public static let standard = DeflateSetting(level: 6)

    /// Backups: level 5 with hash chains half as long and lazy matches twice as long.
    ///
    /// On the clinic's tables that is a fifth less CPU than level 5 (7.8 s against 10.0 s for
    /// 341 MB of CSV on one core; level 6 takes 14.4 s) for archives 1.9% larger (82.6 MB against
    /// 81.0 MB; level 6 makes 78.9 MB and pg_dump -Fc 79.4 MB).
    public static let archive = DeflateSetting(level: 5, tune: (good: 8, lazy: 32, nice: 32, chain: 16))
}
