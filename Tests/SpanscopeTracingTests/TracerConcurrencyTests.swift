import SpanscopeTracing
import Testing
import Tracing

/// Many threads starting and ending spans at once (run under ThreadSanitizer too).
@Suite struct TracerConcurrencyTests {
    @Test func manyTasksStartAndEndSpans() async {
        let recorder = TracerCountingRecorder()
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), environment: [:])
        let root = tracer.startSpan("root", context: .topLevel)
        let tasks = 8
        let spansPerTask = 10_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<spansPerTask {
                        let span = tracer.startSpan("child", context: root.context)
                        span.attributes["task"] = task
                        span.attributes["index"] = index
                        if index % 100 == 0 { span.addEvent("hundredth") }
                        span.end()
                    }
                }
            }
        }
        root.end()
        #expect(recorder.recorded == tasks * spansPerTask + 1)
        #expect(tracer.activeSpan(identifiedBy: root.context) == nil)
    }

    // Changes made in place from many tasks on one span are all kept: none overwrites another.
    @Test func concurrentAttributeChangesOnOneSpanAreAllKept() async throws {
        let recorder = TracerTestRecorder()
        let tracer = SpanscopeTracer(
            recorder: recorder,
            sampler: AlwaysOnSampler(),
            limits: SpanLimits(attributeCountLimit: 10_000),
            environment: [:]
        )
        let span = tracer.startSpan("shared", context: .topLevel)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        span.attributes["t\(task).\(index)"] = index
                        span.addEvent("e")
                        _ = span.attributes.count
                    }
                }
            }
        }
        span.end()
        let record = try #require(recorder.only(named: "shared"))
        #expect(record.attributes.count == 1_600)
        #expect(record.events.count == 128)
        #expect(record.droppedEventCount == 1_600 - 128)
    }
}
