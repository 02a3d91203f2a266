import SpanscopeTracing
import Testing
import Tracing

/// Spans the sampler drops: which share their parent's span context, which get their own.
@Suite struct TracerUnsampledTests {
    let recorder = TracerTestRecorder()
    let tracer: SpanscopeTracer

    init() {
        // The default, parent-based sampler: drops every span under an unsampled parent.
        tracer = SpanscopeTracer(recorder: recorder, environment: [:])
    }

    private func unsampledRequestContext() -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        tracer.extract(
            ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "tracestate": "foo=1"],
            into: &context,
            using: DictionaryExtractor()
        )
        return context
    }

    // The server span of an unsampled request gets its own span-id: traceresponse names it.
    @Test func serverSpanUnderAnUnsampledRemoteParentGetsItsOwnSpanID() throws {
        let incoming = unsampledRequestContext()
        let remote = try #require(incoming.spanContext)
        let server = tracer.startSpan("GET /", context: incoming, ofKind: .server)
        #expect(!server.isRecording)
        #expect(server.spanContext.traceID == remote.traceID)
        #expect(server.spanContext.spanID != remote.spanID)
        #expect(!server.spanContext.isRemote)
        #expect(server.context.spanContext == server.spanContext)
    }

    @Test func droppedRootGetsItsOwnIDs() {
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOffSampler(), environment: [:])
        let first = tracer.startSpan("a", context: .topLevel)
        let second = tracer.startSpan("b", context: .topLevel)
        #expect(first.spanContext.traceID != second.spanContext.traceID)
        #expect(first.spanContext.spanID != second.spanContext.spanID)
        #expect(first.context.spanContext == first.spanContext)
    }

    // Below the unsampled server span, a dropped span is the server span's context again.
    @Test func childOfALocalUnsampledSpanSharesItsContext() throws {
        let server = tracer.startSpan("GET /", context: unsampledRequestContext(), ofKind: .server)
        let child = tracer.startSpan("SELECT", context: server.context, ofKind: .client)
        let grandchild = tracer.startSpan("connect", context: child.context)
        for span in [child, grandchild] {
            #expect(!span.isRecording)
            #expect(span.spanContext == server.spanContext)
            #expect(span.context.spanContext == server.spanContext)
            #expect(tracer.activeSpan(identifiedBy: span.context) == nil)
        }
        #expect(child.operationName == "SELECT")
        #expect(grandchild.operationName == "connect")
        child.setAttribute("ignored", .bool(true))
        child.attributes["ignored"] = true
        child.end()
        server.end()
        #expect(child.attributes.isEmpty)
        #expect(recorder.records.isEmpty)

        // Propagation carries the trace, sampled flag off, with the server span's id as parent-id.
        var headers: [String: String] = [:]
        tracer.inject(child.context, into: &headers, using: DictionaryInjector())
        #expect(headers["traceparent"] == TraceResponse.headerValue(for: server.spanContext))
        #expect(headers["traceparent"]?.hasSuffix("-00") == true)
        #expect(headers["tracestate"] == "foo=1")
    }

    // A local parent that records (record-only) is not shared: the child's context would
    // lead `activeSpan` to the parent.
    @Test func childOfARecordingUnsampledParentGetsItsOwnSpanID() {
        struct RecordRoots: Sampler {
            var description: String { "RecordRoots" }
            func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision {
                parameters.parent == nil ? .recordOnly : .drop
            }
        }
        let tracer = SpanscopeTracer(recorder: recorder, sampler: RecordRoots(), environment: [:])
        let parent = tracer.startSpan("parent", context: .topLevel)
        let child = tracer.startSpan("child", context: parent.context)
        #expect(parent.isRecording)
        #expect(!child.isRecording)
        #expect(child.spanContext.traceID == parent.spanContext.traceID)
        #expect(child.spanContext.spanID != parent.spanContext.spanID)
        #expect(tracer.activeSpan(identifiedBy: child.context) == nil)
    }

    // A local parent set by hand is shared like a dropped span's context.
    @Test func childOfAnUnsampledContextSetByHandSharesIt() throws {
        var context = InstrumentationContext.topLevel
        context.spanContext = try #require(unsampledRequestContext().spanContext).withRemote(false)
        let child = tracer.startSpan("child", context: context)
        #expect(child.spanContext == context.spanContext)
    }
}

extension SpanContext {
    fileprivate func withRemote(_ isRemote: Bool) -> SpanContext {
        var copy = self
        copy.isRemote = isRemote
        return copy
    }
}
