/// A span's clock: wall-clock start (Unix nanoseconds), monotonic duration.
///
/// The API hands over an instant for start and end, by default `DefaultTracerClock.now`,
/// a wall-clock read that can step. An instant within `nowTolerance` of the wall clock
/// read right after it is taken for "now", and the end of such a span becomes the start
/// anchor plus monotonic elapsed time; any other instant was given explicitly and is
/// honored as is.
struct SpanTiming: Sendable {
    static let nowTolerance: UInt64 = 1_000_000

    let startNanos: UInt64
    /// The wall-clock reading the monotonic clock is paired with.
    private let anchorNanos: UInt64
    private let startMonotonicNanos: UInt64

    /// Reads the monotonic clock, and the wall clock only when `startNanos` does not
    /// look like now (see `SpanClock.wallNanos(near:monotonic:)`).
    init(startNanos: UInt64) {
        let monotonic = SpanClock.monotonicNanos()
        self.init(
            startNanos: startNanos,
            wallNanos: SpanClock.wallNanos(near: startNanos, monotonic: monotonic),
            monotonicNanos: monotonic
        )
    }

    init(startNanos: UInt64, wallNanos: UInt64, monotonicNanos: UInt64) {
        self.startNanos = startNanos
        self.startMonotonicNanos = monotonicNanos
        self.anchorNanos = Self.isNow(startNanos, wall: wallNanos) ? startNanos : wallNanos
    }

    func endNanos(requested: UInt64) -> UInt64 {
        let monotonic = SpanClock.monotonicNanos()
        return endNanos(
            requested: requested,
            wallNanos: SpanClock.wallNanos(near: requested, monotonic: monotonic),
            monotonicNanos: monotonic
        )
    }

    /// The end of a span ended now: one monotonic read, no wall clock.
    func endNanosNow() -> UInt64 {
        max(anchorNanos &+ (SpanClock.monotonicNanos() &- startMonotonicNanos), startNanos)
    }

    /// Never before the start: a span's duration is never negative.
    func endNanos(requested: UInt64, wallNanos: UInt64, monotonicNanos: UInt64) -> UInt64 {
        let end =
            if Self.isNow(requested, wall: wallNanos) {
                anchorNanos &+ (monotonicNanos &- startMonotonicNanos)
            } else {
                requested
            }
        return max(end, startNanos)
    }

    static func isNow(_ instant: UInt64, wall: UInt64) -> Bool {
        (instant > wall ? instant - wall : wall - instant) <= nowTolerance
    }
}
