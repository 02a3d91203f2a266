import SpanscopeTracing
import Testing
import Tracing
import W3CTraceContext

@Suite struct SamplerTests {
    /// A root's sampling parameters for a trace-id given in hex, as it would arrive on the wire.
    private func root(_ traceIDHex: String) throws -> SamplingParameters {
        let parent = try TraceParent("00-\(traceIDHex)-0000000000000001-00")
        return SamplingParameters(parent: nil, traceID: parent.traceID, operationName: "span", kind: .internal)
    }

    private func child(of parent: SpanContext) -> SamplingParameters {
        SamplingParameters(parent: parent, traceID: parent.traceID, operationName: "span", kind: .internal)
    }

    private func parent(remote: Bool, sampled: Bool) throws -> SpanContext {
        let traceParent = try TraceParent("00-12345678901234567890123456789012-1234567890123456-00")
        return SpanContext(
            traceID: traceParent.traceID,
            spanID: traceParent.parentID,
            flags: sampled ? .sampled : [],
            isRemote: remote
        )
    }

    @Test func alwaysOnAndAlwaysOff() throws {
        let parameters = try root("12345678901234567890123456789012")
        #expect(AlwaysOnSampler().shouldSample(parameters) == .recordAndSample)
        #expect(AlwaysOffSampler().shouldSample(parameters) == .drop)
    }

    // The Python SDK's test_probability_sampler: ratio 0.5 samples 0x7FFFFFFFFFFFFFFF, not 0x8000000000000000.
    @Test func ratioMatchesThePythonSDKAtOneHalf() throws {
        let sampler = TraceIDRatioSampler(ratio: 0.5)
        #expect(sampler.shouldSample(try root("00000000000000007fffffffffffffff")) == .recordAndSample)
        #expect(sampler.shouldSample(try root("00000000000000008000000000000000")) == .drop)
    }

    // The Python SDK's test_probability_sampler_limits: 2^-64 samples only 0, and the
    // largest double below 1 still refuses 0xFFFFFFFFFFFFFFFF.
    @Test func ratioMatchesThePythonSDKAtItsLimits() throws {
        let tiny = TraceIDRatioSampler(ratio: 0x1p-64)
        #expect(tiny.shouldSample(try root("10000000000000000000000000000000")) == .recordAndSample)
        #expect(tiny.shouldSample(try root("00000000000000000000000000000001")) == .drop)
        let almostOne = TraceIDRatioSampler(ratio: 1 - Double.ulpOfOne)
        #expect(almostOne.shouldSample(try root("0000000000000000ffffffffffffffff")) == .drop)
        // Its bound is 2^64 - 2^12.
        #expect(almostOne.shouldSample(try root("0000000000000000fffffffffffff000")) == .drop)
        #expect(almostOne.shouldSample(try root("0000000000000000ffffffffffffefff")) == .recordAndSample)
    }

    // Computed by hand: 0.1 is the double 0x3FB999999999999A, so 0.1 × 2^64 is exactly
    // 0x1999999999999A00 and Python's bound is that integer. Bytes 8...15 big-endian decide;
    // bytes 0...7 do not.
    @Test func ratioReadsBytes8To15BigEndian() throws {
        let sampler = TraceIDRatioSampler(ratio: 0.1)
        #expect(sampler.shouldSample(try root("ffffffffffffffff19999999999999ff")) == .recordAndSample)
        #expect(sampler.shouldSample(try root("00000000000000011999999999999a00")) == .drop)
        // Little-endian readings would swap these two decisions.
        #expect(sampler.shouldSample(try root("0000000000000000009a999999999919")) == .recordAndSample)
        #expect(sampler.shouldSample(try root("00000000000000001a99999999999900")) == .drop)
    }

    @Test func ratioOneSamplesAllAndZeroNone() throws {
        let highest = try root("0000000000000000ffffffffffffffff")
        let lowest = try root("00000000000000010000000000000000")
        #expect(TraceIDRatioSampler(ratio: 1).shouldSample(highest) == .recordAndSample)
        #expect(TraceIDRatioSampler(ratio: 0).shouldSample(lowest) == .drop)
    }

    @Test func ratioIsClampedAndDescribed() {
        #expect(TraceIDRatioSampler(ratio: 2).ratio == 1)
        #expect(TraceIDRatioSampler(ratio: -1).ratio == 0)
        #expect(TraceIDRatioSampler(ratio: 0.25).description == "TraceIdRatioBased{0.25}")
    }

    // OpenTelemetry's ParentBased defaults: follow the parent's sampled flag, ask root for roots.
    @Test func parentBasedDefaultsFollowTheParent() throws {
        let sampler = ParentBasedSampler(root: AlwaysOffSampler())
        #expect(sampler.shouldSample(try root("12345678901234567890123456789012")) == .drop)
        for remote in [true, false] {
            #expect(sampler.shouldSample(child(of: try parent(remote: remote, sampled: true))) == .recordAndSample)
            #expect(sampler.shouldSample(child(of: try parent(remote: remote, sampled: false))) == .drop)
        }
    }

    @Test func parentBasedUsesTheSamplerOfEachCase() throws {
        let sampler = ParentBasedSampler(
            root: AlwaysOnSampler(),
            remoteParentSampled: AlwaysOffSampler(),
            remoteParentNotSampled: AlwaysOnSampler(),
            localParentSampled: AlwaysOffSampler(),
            localParentNotSampled: AlwaysOnSampler()
        )
        #expect(sampler.shouldSample(child(of: try parent(remote: true, sampled: true))) == .drop)
        #expect(sampler.shouldSample(child(of: try parent(remote: true, sampled: false))) == .recordAndSample)
        #expect(sampler.shouldSample(child(of: try parent(remote: false, sampled: true))) == .drop)
        #expect(sampler.shouldSample(child(of: try parent(remote: false, sampled: false))) == .recordAndSample)
    }

    // The tracer answers AlwaysOn and AlwaysOff delegates without asking them: the answer
    // must still be the one of the parent's own case, and any other delegate is asked.
    @Test func tracerFollowsTheSamplerOfEachParentCase() throws {
        struct DropsNamed: Sampler {
            let name: String
            var description: String { "DropsNamed" }
            func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision {
                parameters.operationName == name ? .drop : .recordAndSample
            }
        }
        let tracer = SpanscopeTracer(
            recorder: TracerTestRecorder(),
            sampler: ParentBasedSampler(
                root: DropsNamed(name: "dropped root"),
                remoteParentSampled: AlwaysOffSampler(),
                remoteParentNotSampled: AlwaysOnSampler(),
                localParentSampled: DropsNamed(name: "dropped child"),
                localParentNotSampled: AlwaysOnSampler()
            ),
            environment: [:]
        )
        func context(remote: Bool, sampled: Bool) throws -> InstrumentationContext {
            var context = InstrumentationContext.topLevel
            context.spanContext = try parent(remote: remote, sampled: sampled)
            return context
        }
        let remoteSampled = try context(remote: true, sampled: true)
        let remoteNotSampled = try context(remote: true, sampled: false)
        let localNotSampled = try context(remote: false, sampled: false)
        let root = tracer.startSpan("root", context: .topLevel)
        #expect(root.spanContext.isSampled)
        #expect(!tracer.startSpan("dropped root", context: .topLevel).spanContext.isSampled)
        #expect(!tracer.startSpan("child", context: remoteSampled).isRecording)
        #expect(tracer.startSpan("child", context: remoteNotSampled).isRecording)
        #expect(tracer.startSpan("child", context: root.context).spanContext.isSampled)
        #expect(!tracer.startSpan("dropped child", context: root.context).isRecording)
        #expect(tracer.startSpan("child", context: localNotSampled).isRecording)
    }

    @Test func parentBasedDescribesItsDelegates() {
        #expect(
            ParentBasedSampler(root: TraceIDRatioSampler(ratio: 0.5)).description
                == "ParentBased{root=TraceIdRatioBased{0.5},remoteParentSampled=AlwaysOnSampler,"
                + "remoteParentNotSampled=AlwaysOffSampler,localParentSampled=AlwaysOnSampler,"
                + "localParentNotSampled=AlwaysOffSampler}"
        )
    }

    // A dropped span is non-recording but keeps its context: same trace, new span-id,
    // sampled flag off, tracestate kept; nothing reaches the recorder.
    @Test func droppedSpanCarriesItsContext() throws {
        let recorder = TracerTestRecorder()
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOffSampler(), environment: [:])
        var parentContext = InstrumentationContext.topLevel
        let parentSpanContext = SpanContext(
            traceID: try parent(remote: true, sampled: true).traceID,
            spanID: try parent(remote: true, sampled: true).spanID,
            flags: [.sampled, .randomTraceID],
            traceState: try #require(TraceStateHeader.parse("foo=1")),
            isRemote: true
        )
        parentContext.spanContext = parentSpanContext
        let span = tracer.startSpan("dropped", context: parentContext)
        span.attributes["ignored"] = "yes"
        span.end()
        #expect(!span.isRecording)
        #expect(span.operationName == "dropped")
        #expect(span.attributes.isEmpty)
        #expect(span.spanContext.traceID == parentSpanContext.traceID)
        #expect(span.spanContext.spanID != parentSpanContext.spanID)
        #expect(span.spanContext.flags == .randomTraceID)
        #expect(span.spanContext.traceState == parentSpanContext.traceState)
        #expect(!span.spanContext.isRemote)
        #expect(tracer.activeSpan(identifiedBy: span.context) == nil)
        #expect(recorder.records.isEmpty)
    }

    // "RECORD_ONLY": recorded, not sampled, never exported.
    @Test func recordOnlySpanIsRecordingButNotRecorded() {
        struct RecordOnly: Sampler {
            var description: String { "RecordOnly" }
            func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision { .recordOnly }
        }
        let recorder = TracerTestRecorder()
        let tracer = SpanscopeTracer(recorder: recorder, sampler: RecordOnly(), environment: [:])
        let span = tracer.startSpan("record only", context: .topLevel)
        span.attributes["kept"] = "yes"
        #expect(span.isRecording)
        #expect(!span.spanContext.isSampled)
        #expect(span.attributes.get("kept") == .string("yes"))
        #expect(tracer.activeSpan(identifiedBy: span.context) != nil)
        span.end()
        #expect(recorder.records.isEmpty)
    }
}
