import SpanscopeTracing
import Testing
import Tracing

@Suite struct TraceResponseTests {
    // `traceresponse` = 00-<trace-id>-<server span id>-<flags>.
    @Test func writesTheServerSpansContext() {
        let tracer = SpanscopeTracer(recorder: TracerTestRecorder(), sampler: AlwaysOnSampler(), environment: [:])
        let span = tracer.startSpan("GET /", context: .topLevel, ofKind: .server)
        let spanContext = span.spanContext
        #expect(
            TraceResponse.headerValue(for: spanContext)
                == "00-\(spanContext.traceID)-\(spanContext.spanID)-03"
        )
    }

    @Test func sendsOnlyTheDefinedFlags() throws {
        let parent = try TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let spanContext = SpanContext(traceID: parent.traceID, spanID: parent.parentID, flags: .init(rawValue: 0xFE))
        #expect(TraceResponse.headerValue(for: spanContext) == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02")
    }
}
