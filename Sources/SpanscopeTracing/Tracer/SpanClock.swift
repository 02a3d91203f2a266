import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clocks behind `SpanTiming`, read as seldom as the spans allow.
///
/// The API hands the tracer an instant (by default a wall-clock read) at start and end;
/// to tell "now" from an explicit instant it needs the wall clock, which would be a second
/// read each time. Instead the wall clock is estimated as the monotonic reading plus an
/// offset learned from the last real read. An instant within `SpanTiming.nowTolerance` of
/// the estimate is "now"; any other instant is checked against a real read, which also
/// relearns the offset, so a stepped or slewed wall clock costs one extra read, once.
enum SpanClock {
    /// Wall minus monotonic nanoseconds, as last read (wrapping arithmetic).
    private static let offset = Atomic<UInt64>(wallNanos() &- monotonicNanos())

    /// The wall clock at `monotonic`, close enough to decide whether `instant` is now:
    /// the estimate when `instant` is near it, else a real reading.
    static func wallNanos(near instant: UInt64, monotonic: UInt64) -> UInt64 {
        let estimate = estimatedWallNanos(monotonic: monotonic)
        if SpanTiming.isNow(instant, wall: estimate) { return estimate }
        let wall = wallNanos()
        offset.store(wall &- monotonic, ordering: .relaxed)
        return wall
    }

    /// The wall clock at `monotonic` by the last learned offset, with no wall-clock read.
    static func estimatedWallNanos(monotonic: UInt64) -> UInt64 {
        monotonic &+ offset.load(ordering: .relaxed)
    }

    static func wallNanos() -> UInt64 { read(CLOCK_REALTIME) }

    static func monotonicNanos() -> UInt64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
