import Synchronization
import W3CTraceContext

/// Trace and span IDs for one tracer: a PRNG behind one uncontended-fast lock, taken once
/// per span whatever the number of IDs it needs.
final class IDGenerator: Sendable {
    private let generator = Mutex(Xoshiro256StarStar())

    func nextSpanID() -> SpanID {
        SpanID(integer: generator.withLock { Self.nonZero(&$0) })
    }

    /// A root span's IDs, with a trace-id that honours the random flag: all 16 bytes random.
    func nextTraceAndSpanID() -> (TraceID, SpanID) {
        let (high, low, span) = generator.withLock { generator in
            (generator.next(), Self.nonZero(&generator), Self.nonZero(&generator))
        }
        return (TraceID(high: high, low: low), SpanID(integer: span))
    }

    /// The spec forbids all-zero IDs; for a trace-id a non-zero low half suffices.
    private static func nonZero(_ generator: inout Xoshiro256StarStar) -> UInt64 {
        var value = generator.next()
        while value == 0 { value = generator.next() }
        return value
    }
}
