import ClinicPipeline
import Foundation

/// Hands writes to another thread.
///
/// The work behind a sink (deflate, mostly) then runs on the second core while this one parses
/// and validates. Chunks are bounded, so memory stays flat.
public final class BackgroundSink: ByteSink {
    /// The size of the chunks handed over.
    static let chunkSize = 1 << 18
    private let channel: Channel
    private var pending: [UInt8] = []

    public var name: String { channel.inner.name }

    /// Starts the worker thread that writes to `inner`.
    public init(_ inner: any ByteSink) {
        channel = Channel(inner)
        pending.reserveCapacity(Self.chunkSize)
        let channel = channel
        Thread { channel.run() }.start()
    }

    deinit { channel.finish() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        guard pending.count >= Self.chunkSize else { return }
        try channel.enqueue(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Waits for everything to be written, then closes the inner sink here.
    public func close() throws {
        if !pending.isEmpty { try channel.enqueue(pending) }
        pending.removeAll()
        try channel.drain()
        try channel.inner.close()
    }

    /// The queue between the two threads.
    final class Channel: @unchecked Sendable {
        // @unchecked: every mutable field is read and written under `condition`; `inner` is used
        // by the worker until `drain` returns and by the caller only after.
        let inner: any ByteSink
        private let condition = NSCondition()
        private var queue: [[UInt8]] = []
        private var finished = false
        private var stopped = false
        private var failure: (any Error)?

        init(_ inner: any ByteSink) {
            self.inner = inner
        }

        func enqueue(_ chunk: [UInt8]) throws {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= 4 && failure == nil { condition.wait() }
            if let failure { throw failure }
            queue.append(chunk)
            condition.broadcast()
        }

        /// Waits until the worker has written every chunk; rethrows its error.
        func drain() throws {
            condition.lock()
            defer { condition.unlock() }
            finished = true
            condition.broadcast()
            while !stopped { condition.wait() }
            if let failure { throw failure }
        }

        /// Lets the worker end without waiting (the sink was dropped).
        func finish() {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        func run() {
            while true {
                condition.lock()
                while queue.isEmpty && !finished { condition.wait() }
                if queue.isEmpty || failure != nil {
                    stopped = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                let chunk = queue.removeFirst()
                condition.broadcast()
                condition.unlock()
                do {
                    try inner.write(chunk)
                } catch {
                    condition.lock()
                    failure = error
                    queue.removeAll()
                    condition.broadcast()
                    condition.unlock()
                }
            }
        }
    }
}
