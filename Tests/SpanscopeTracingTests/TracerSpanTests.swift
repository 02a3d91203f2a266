import SpanscopeTracing
import Testing
import Tracing
import W3CTraceContext

struct TracerTestError: Error, CustomStringConvertible {
    var description: String { "disk full" }
}

/// The span lifecycle through swift-distributed-tracing's API.
@Suite struct TracerSpanTests {
    let recorder = TracerTestRecorder()
    let tracer: SpanscopeTracer

    init() {
        tracer = SpanscopeTracer(serviceName: "tests", recorder: recorder, sampler: AlwaysOnSampler(), environment: [:])
    }

    @Test(arguments: [SpanKind.server, .client, .producer, .consumer, .internal])
    func rootSpanIsRecordedWithItsKind(kind: SpanKind) throws {
        let span = tracer.startSpan("root", context: .topLevel, ofKind: kind)
        span.end()
        let record = try #require(recorder.only(named: "root"))
        #expect(record.kind == kind)
        #expect(record.parentSpanID == nil)
        #expect(record.traceID == span.spanContext.traceID)
        #expect(record.spanID == span.spanContext.spanID)
        #expect(record.flags == [.sampled, .randomTraceID])
        #expect(record.serviceName == "tests")
    }

    @Test func childSharesTheTraceAndPointsAtItsParent() throws {
        let parent = tracer.startSpan("parent", context: .topLevel)
        let child = tracer.startSpan("child", context: parent.context)
        child.end()
        parent.end()
        let record = try #require(recorder.only(named: "child"))
        #expect(record.traceID == parent.spanContext.traceID)
        #expect(record.parentSpanID == parent.spanContext.spanID)
        #expect(!record.parentIsRemote)
        #expect(record.spanID != parent.spanContext.spanID)
    }

    @Test func withSpanMakesTheSpanCurrent() {
        let seen = tracer.withSpan("current") { span in
            InstrumentationContext.current?.spanContext == span.spanContext
        }
        #expect(seen)
    }

    // Tracing's SpanAttribute values become the store's AttributeValue.
    @Test func attributesAreConverted() throws {
        let span = tracer.startSpan("attributes", context: .topLevel)
        span.attributes["int32"] = Int32(7)
        span.attributes["int64"] = Int64(8)
        span.attributes["int"] = 9
        span.attributes["double"] = 1.5
        span.attributes["bool"] = true
        span.attributes["string"] = "s"
        span.attributes["strings"] = ["a", "b"]
        span.attributes["ints"] = [Int32(1), Int32(2)]
        span.attributes["doubles"] = [0.5]
        span.attributes["bools"] = [false]
        span.attributes.set("convertible", value: .stringConvertible(TracerTestError()))
        span.attributes.set("convertibles", value: .stringConvertibleArray([TracerTestError()]))
        span.end()
        let attributes = try #require(recorder.only(named: "attributes")).attributes
        #expect(attributes[key: "int32"] == .int(7))
        #expect(attributes[key: "int64"] == .int(8))
        #expect(attributes[key: "int"] == .int(9))
        #expect(attributes[key: "double"] == .double(1.5))
        #expect(attributes[key: "bool"] == .bool(true))
        #expect(attributes[key: "string"] == .string("s"))
        #expect(attributes[key: "strings"] == .stringArray(["a", "b"]))
        #expect(attributes[key: "ints"] == .intArray([1, 2]))
        #expect(attributes[key: "doubles"] == .doubleArray([0.5]))
        #expect(attributes[key: "bools"] == .boolArray([false]))
        #expect(attributes[key: "convertible"] == .string("disk full"))
        #expect(attributes[key: "convertibles"] == .stringArray(["disk full"]))
        #expect(attributes.count == 12)
    }

    @Test func attributesCanBeReplacedAndUpdated() throws {
        let span = tracer.startSpan("replaced", context: .topLevel)
        span.attributes["gone"] = "soon"
        span.attributes = ["a": 1]
        span.updateAttributes { $0["b"] = 2 }
        span.attributes["a"] = nil
        #expect(span.attributes == ["b": 2])
        span.end()
        #expect(try #require(recorder.only(named: "replaced")).attributes == [Attribute("b", .int(2))])
    }

    @Test func eventsKeepTheirTimeAndAttributes() throws {
        let span = tracer.startSpan("events", context: .topLevel)
        span.addEvent(SpanEvent(name: "cache miss", at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 42), attributes: ["key": "k"]))
        span.end()
        let event = try #require(recorder.only(named: "events")?.events.first)
        #expect(event.name == "cache miss")
        #expect(event.timeNanos == 42)
        #expect(event.attributes == [Attribute("key", .string("k"))])
    }

    // OpenTelemetry "Record Exception": an `exception` event with exception.type and
    // exception.message; "the additional attributes take precedence".
    @Test func recordErrorAddsAnExceptionEvent() throws {
        let span = tracer.startSpan("failing", context: .topLevel)
        span.recordError(TracerTestError())
        span.recordError(TracerTestError(), attributes: ["exception.message": "overridden"])
        span.end()
        let record = try #require(recorder.only(named: "failing"))
        #expect(record.events.map(\.name) == ["exception", "exception"])
        #expect(record.events[0].attributes[key: "exception.type"] == .string(String(reflecting: TracerTestError.self)))
        #expect(record.events[0].attributes[key: "exception.message"] == .string("disk full"))
        #expect(record.events[1].attributes[key: "exception.message"] == .string("overridden"))
        #expect(record.status == nil)
    }

    @Test func linksPointAtOtherSpans() throws {
        let other = tracer.startSpan("other", context: .topLevel)
        let span = tracer.startSpan("linking", context: .topLevel)
        span.addLink(other, attributes: ["why": "batch"])
        span.addLink(SpanLink(context: .topLevel, attributes: [:]))
        span.end()
        let links = try #require(recorder.only(named: "linking")).links
        #expect(links.count == 1)
        #expect(links.first?.traceID == other.spanContext.traceID)
        #expect(links.first?.spanID == other.spanContext.spanID)
        #expect(links.first?.flags == other.spanContext.flags)
        #expect(links.first?.isRemote == false)
        #expect(links.first?.attributes == [Attribute("why", .string("batch"))])
    }

    // "When span status is set to Ok it SHOULD be considered final"; "Description MUST be
    // IGNORED for StatusCode Ok".
    @Test func okStatusIsFinalAndHasNoDescription() throws {
        let span = tracer.startSpan("ok", context: .topLevel)
        span.setStatus(SpanStatus(code: .ok, message: "ignored"))
        span.setStatus(SpanStatus(code: .error, message: "too late"))
        span.end()
        #expect(try #require(recorder.only(named: "ok")).status == SpanStatus(code: .ok))
    }

    @Test func errorStatusKeepsItsDescription() throws {
        let span = tracer.startSpan("error", context: .topLevel)
        span.setStatus(SpanStatus(code: .error, message: "first"))
        span.setStatus(SpanStatus(code: .error, message: "second"))
        span.end()
        let record = try #require(recorder.only(named: "error"))
        #expect(record.status == SpanStatus(code: .error, message: "second"))
        #expect(record.isError)
    }

    @Test func operationNameCanChangeUntilTheEnd() throws {
        let span = tracer.startSpan("GET", context: .topLevel)
        span.operationName = "GET /users/{id}"
        span.end()
        span.operationName = "after the end"
        #expect(try #require(recorder.only(named: "GET /users/{id}")).name == "GET /users/{id}")
        #expect(span.operationName == "GET /users/{id}")
    }

    // "end ... exactly once": later calls and later changes are ignored.
    @Test func endTakesEffectOnce() throws {
        let span = tracer.startSpan("once", context: .topLevel)
        #expect(span.isRecording)
        span.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 3_000_000_000))
        span.end(at: DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 4_000_000_000))
        span.attributes["late"] = true
        span.addEvent("late")
        span.setStatus(SpanStatus(code: .error))
        #expect(!span.isRecording)
        let record = try #require(recorder.only(named: "once"))
        #expect(recorder.records.count == 1)
        #expect(record.attributes.isEmpty)
        #expect(record.events.isEmpty)
        #expect(record.status == nil)
    }

    @Test func activeSpanFindsALiveRecordingSpanThroughItsContext() throws {
        let span = tracer.startSpan("live", context: .topLevel)
        var derived = span.context
        derived[UnrelatedKey.self] = "other instrumentation's value"
        let found = try #require(tracer.activeSpan(identifiedBy: derived))
        found.attributes["via"] = "context"
        #expect(span.attributes.get("via") == .string("context"))
        #expect(found.spanContext == span.spanContext)
        span.end()
        #expect(tracer.activeSpan(identifiedBy: span.context) == nil)
        #expect(tracer.activeSpan(identifiedBy: derived) == nil)
        #expect(tracer.activeSpan(identifiedBy: .topLevel) == nil)
    }

    // The span is reached through the storage its context refers to, not looked up by ID:
    // IDs set by hand (or extracted from a carrier) name no span of this process.
    @Test func activeSpanIgnoresAContextWithOnlyTheSameIDs() {
        let span = tracer.startSpan("live", context: .topLevel)
        var sameIDs = InstrumentationContext.topLevel
        sameIDs.spanContext = span.spanContext
        #expect(tracer.activeSpan(identifiedBy: sameIDs) == nil)
        span.end()
    }

    @Test func activeSpanOfAChildContextIsTheChild() throws {
        let parent = tracer.startSpan("parent", context: .topLevel)
        let child = tracer.startSpan("child", context: parent.context)
        let found = try #require(tracer.activeSpan(identifiedBy: child.context))
        #expect(found.spanContext.spanID == child.spanContext.spanID)
        child.end()
        #expect(tracer.activeSpan(identifiedBy: child.context) == nil)
        #expect(tracer.activeSpan(identifiedBy: parent.context) != nil)
        parent.end()
    }

    // A span's context is made when read: it must still be the context the span started
    // in (other instrumentation's values kept) with the span as current, at every read.
    @Test func spanContextKeepsTheStartContextsValuesAtEveryRead() throws {
        var start = InstrumentationContext.topLevel
        start[UnrelatedKey.self] = "baggage"
        let parent = tracer.startSpan("parent", context: start)
        let child = tracer.startSpan("child", context: parent.context)
        for span in [parent, child] {
            for _ in 0..<2 {
                let context = span.context
                #expect(context[UnrelatedKey.self] == "baggage")
                #expect(context.spanContext == span.spanContext)
                #expect(tracer.activeSpan(identifiedBy: context)?.spanContext == span.spanContext)
            }
        }
        #expect(child.spanContext.traceID == parent.spanContext.traceID)
        child.end()
        parent.end()
    }

    @Test func rootsGetDistinctNonZeroIDsAndTheRandomFlag() {
        let contexts = (0..<10_000).map { _ in
            let span = tracer.startSpan("id", context: .topLevel)
            span.end()
            return span.spanContext
        }
        #expect(Set(contexts.map(\.traceID)).count == contexts.count)
        #expect(Set(contexts.map(\.spanID)).count == contexts.count)
        #expect(contexts.allSatisfy { $0.traceID != .null && $0.spanID != .null })
        #expect(contexts.allSatisfy { $0.flags.contains(.randomTraceID) })
    }
}

private enum UnrelatedKey: InstrumentationContextKey {
    typealias Value = String
}
