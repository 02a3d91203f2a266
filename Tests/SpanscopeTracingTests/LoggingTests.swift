import Logging
import SpanscopeTracing
import Testing
import Tracing

/// `Logger.MetadataProvider.spanscope`: trace_id and span_id on log lines inside a span.
@Suite struct LoggingTests {
    @Test(arguments: [true, false])
    func insideASpanLogsCarryItsIDs(sampled: Bool) {
        let tracer = SpanscopeTracer(
            recorder: TracerTestRecorder(),
            sampler: sampled ? AlwaysOnSampler() as any Sampler : AlwaysOffSampler(),
            environment: [:]
        )
        tracer.withSpan("logging") { span in
            let metadata = Logger.MetadataProvider.spanscope.get()
            #expect(metadata["trace_id"] == .string(span.spanContext.traceID.description))
            #expect(metadata["span_id"] == .string(span.spanContext.spanID.description))
        }
    }

    @Test func outsideASpanNothingIsAdded() {
        InstrumentationContext.withValue(nil) {
            #expect(Logger.MetadataProvider.spanscope.get().isEmpty)
        }
    }
}
