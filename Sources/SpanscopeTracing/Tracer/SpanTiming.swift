#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    init(startNanos: UInt64) {
        self.init(startNanos: startNanos, wallNanos: Self.wallNanos(), monotonicNanos: Self.monotonicNanos())
    }

    init(startNanos: UInt64, wallNanos: UInt64, monotonicNanos: UInt64) {
        self.startNanos = startNanos
        self.startMonotonicNanos = monotonicNanos
        self.anchorNanos = Self.isNow(startNanos, wall: wallNanos) ? startNanos : wallNanos
    }

    func endNanos(requested: UInt64) -> UInt64 {
        endNanos(requested: requested, wallNanos: Self.wallNanos(), monotonicNanos: Self.monotonicNanos())
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

    private static func isNow(_ instant: UInt64, wall: UInt64) -> Bool {
        (instant > wall ? instant - wall : wall - instant) <= nowTolerance
    }

    private static func wallNanos() -> UInt64 { read(CLOCK_REALTIME) }

    private static func monotonicNanos() -> UInt64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
