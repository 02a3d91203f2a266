import SpanscopeTracing
import Testing
import Tracing

/// `SpanscopeSpan.setAttribute(_:_:)`, the typed path, and how it meets the protocol's
/// `attributes`.
@Suite struct TracerTypedAttributeTests {
    let recorder = TracerTestRecorder()

    private func tracer(_ limits: SpanLimits = SpanLimits()) -> SpanscopeTracer {
        SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), limits: limits, environment: [:])
    }

    @Test func typedAttributesReachTheRecordInTheirOrder() throws {
        let span = tracer().startSpan("typed", context: .topLevel)
        span.setAttribute("db.system", .string("postgresql"))
        span.setAttribute("db.rows", .int(3))
        span.setAttribute("db.system", .string("sqlite"))
        span.setAttribute("tags", .stringArray(["a"]))
        span.end()
        let record = try #require(recorder.only(named: "typed"))
        #expect(
            record.attributes == [
                Attribute("db.system", .string("sqlite")),
                Attribute("db.rows", .int(3)),
                Attribute("tags", .stringArray(["a"])),
            ]
        )
    }

    @Test func typedAttributesHonourTheLimits() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 2, attributeValueLengthLimit: 3)).startSpan("limited", context: .topLevel)
        span.setAttribute("a", .string("abcdef"))
        span.setAttribute("b", .stringArray(["xyzw", "x"]))
        span.setAttribute("c", .int(1))
        span.setAttribute("d", .int(2))
        span.setAttribute("a", .string("ab"))
        span.end()
        let record = try #require(recorder.only(named: "limited"))
        #expect(record.attributes == [Attribute("a", .string("ab")), Attribute("b", .stringArray(["xyz", "x"]))])
        #expect(record.droppedAttributeCount == 2)
    }

    @Test func typedAndGenericAttributesAreOneSet() throws {
        let span = tracer().startSpan("mixed", context: .topLevel)
        span.setAttribute("typed", .int(1))
        span.attributes["generic"] = Int32(2)
        span.attributes["typed"] = 3
        // Values read back as they were written; the record normalizes integers to Int64.
        #expect(span.attributes == ["typed": 3, "generic": .int32(2)])
        span.attributes["generic"] = nil
        span.setAttribute("late", .bool(true))
        span.end()
        span.setAttribute("after the end", .bool(true))
        let record = try #require(recorder.only(named: "mixed"))
        #expect(record.attributes == [Attribute("typed", .int(3)), Attribute("late", .bool(true))])
    }

    // Once the generic view exists, typed changes go through it: a new key beyond the limit
    // is the one dropped, not one the span had before.
    @Test func typedAttributesAfterGenericOnesHonourTheCountLimit() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 2)).startSpan("mixed limited", context: .topLevel)
        span.attributes["a"] = 1
        span.attributes["b"] = 2
        span.setAttribute("c", .int(3))
        span.setAttribute("a", .int(4))
        span.end()
        let record = try #require(recorder.only(named: "mixed limited"))
        #expect(Set(record.attributes) == [Attribute("a", .int(4)), Attribute("b", .int(2))])
        #expect(record.droppedAttributeCount == 1)
    }

    // Past `scannedAttributeCount`, keys are found through an index: replacing still finds
    // each one, and the limit still counts distinct keys.
    @Test func manyTypedAttributesAreReplacedAndLimitedByDistinctKeys() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 40)).startSpan("many", context: .topLevel)
        for round in 0..<2 {
            for index in 0..<50 { span.setAttribute("k\(index)", .int(Int64(round * 100 + index))) }
        }
        span.end()
        let record = try #require(recorder.only(named: "many"))
        #expect(record.attributes == (0..<40).map { Attribute("k\($0)", .int(Int64(100 + $0))) })
        #expect(record.droppedAttributeCount == 20)
    }

    @Test func nonRecordingSpanIgnoresTypedAttributes() {
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOffSampler(), environment: [:])
        let span = tracer.startSpan("dropped", context: .topLevel)
        span.setAttribute("ignored", .bool(true))
        span.end()
        #expect(span.attributes.isEmpty)
        #expect(recorder.records.isEmpty)
    }
}
