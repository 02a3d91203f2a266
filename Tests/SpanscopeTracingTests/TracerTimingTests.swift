@testable import SpanscopeTracing
import Testing
import Tracing

/// Start from the wall clock, duration from the monotonic clock, explicit instants honored.
@Suite struct TracerTimingTests {
    let recorder = TracerTestRecorder()
    let tracer: SpanscopeTracer

    init() {
        tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), environment: [:])
    }

    @Test func explicitInstantsAreHonored() throws {
        let span = tracer.startSpan("explicit", context: .topLevel, at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_000))
        span.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 5_000))
        let record = try #require(recorder.only(named: "explicit"))
        #expect(record.startNanos == 1_000)
        #expect(record.endNanos == 5_000)
    }

    @Test func defaultInstantsMeasureTheElapsedTime() async throws {
        let before = DefaultTracerClock.now.nanosecondsSinceEpoch
        let span = tracer.startSpan("measured", context: .topLevel)
        try await Task.sleep(for: .milliseconds(20))
        span.end()
        let after = DefaultTracerClock.now.nanosecondsSinceEpoch
        let record = try #require(recorder.only(named: "measured"))
        #expect(record.startNanos >= before)
        #expect(record.durationNanos >= 20_000_000)
        #expect(record.endNanos <= after + SpanTiming.nowTolerance)
    }

    // An explicit start in the past and the default end: the duration runs from that start.
    @Test func explicitStartThenDefaultEnd() throws {
        let tenSecondsAgo = DefaultTracerClock.now.nanosecondsSinceEpoch - 10_000_000_000
        let span = tracer.startSpan("late start", context: .topLevel, at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: tenSecondsAgo))
        span.end()
        let record = try #require(recorder.only(named: "late start"))
        #expect(record.startNanos == tenSecondsAgo)
        #expect(record.durationNanos >= 10_000_000_000)
        #expect(record.durationNanos < 11_000_000_000)
    }

    @Test func endBeforeStartIsClampedToZeroDuration() throws {
        let span = tracer.startSpan("backwards", context: .topLevel, at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 5_000))
        span.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_000))
        #expect(try #require(recorder.only(named: "backwards")).durationNanos == 0)
    }

    // The wall clock stepping back an hour during a span does not change its duration.
    @Test func wallClockStepDoesNotChangeTheDuration() {
        let start: UInt64 = 1_700_000_000_000_000_000
        let timing = SpanTiming(startNanos: start, wallNanos: start + 100, monotonicNanos: 50_000)
        let steppedBack = start - 3_600_000_000_000
        let end = timing.endNanos(requested: steppedBack + 2_000_000, wallNanos: steppedBack + 2_000_100, monotonicNanos: 50_000 + 2_000_000)
        #expect(end == start + 2_000_000)
    }

    // Generic code ends through `end(at: DefaultTracerClock.now)`, the concrete type through
    // `end()`, which reads no wall clock: both measure from the start's anchor.
    @Test func genericAndConcreteEndsMeasureAlike() async throws {
        func endGenerically(_ span: some Span) { span.end() }
        let generic = tracer.startSpan("generic", context: .topLevel)
        let concrete = tracer.startSpan("concrete", context: .topLevel)
        try await Task.sleep(for: .milliseconds(5))
        endGenerically(generic)
        concrete.end()
        let after = DefaultTracerClock.now.nanosecondsSinceEpoch
        for name in ["generic", "concrete"] {
            let record = try #require(recorder.only(named: name))
            #expect(record.durationNanos >= 5_000_000)
            #expect(record.endNanos <= after + SpanTiming.nowTolerance)
        }
    }

    // An instant far from the estimate is checked against a real wall-clock read: a start
    // one second ahead is explicit, and honored.
    @Test func anExplicitStartNearNowButBeyondTheToleranceIsHonored() throws {
        let ahead = DefaultTracerClock.now.nanosecondsSinceEpoch + 1_000_000_000
        let span = tracer.startSpan("ahead", context: .topLevel, at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: ahead))
        span.end()
        let record = try #require(recorder.only(named: "ahead"))
        #expect(record.startNanos == ahead)
        #expect(record.durationNanos < 1_000_000_000)
    }

    // The estimate itself, not `wallNanos(near:monotonic:)`, which falls back to a real read
    // whenever the estimate is off and so would pass with any offset.
    @Test func theWallClockEstimateTracksTheWallClock() {
        _ = SpanClock.wallNanos(near: 0, monotonic: SpanClock.monotonicNanos())
        let monotonic = SpanClock.monotonicNanos()
        let wall = SpanClock.wallNanos()
        #expect(SpanTiming.isNow(SpanClock.estimatedWallNanos(monotonic: monotonic), wall: wall))
    }
}
