import SpanscopeTracing
import Testing
import Tracing

/// `setAttributes(distinct:)`, the middleware's one-lock path: whatever the span already
/// holds, the record must be the one `setAttribute` called for each attribute in turn makes.
@Suite struct TracerDistinctAttributesTests {
    let recorder = TracerTestRecorder()

    private let batch = [
        Attribute("http.request.method", .string("GET")),
        Attribute("url.path", .string("/orders/12345")),
        Attribute("server.port", .int(8080)),
        Attribute("tags", .stringArray(["abcdef", "ab"])),
        Attribute("http.request.body.size", .int(0)),
    ]

    /// The record of a span given `before`, then `batch` one way or the other, then `after`.
    private func record(
        limits: SpanLimits,
        before: (SpanscopeSpan) -> Void = { _ in },
        distinct: Bool,
        after: (SpanscopeSpan) -> Void = { _ in }
    ) throws -> SpanRecord {
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), limits: limits, environment: [:])
        let name = distinct ? "distinct" : "one by one"
        let span = tracer.startSpan(name, context: .topLevel)
        before(span)
        if distinct {
            span.setAttributes(distinct: batch)
        } else {
            for attribute in batch { span.setAttribute(attribute.key, attribute.value) }
        }
        after(span)
        span.end()
        return try #require(recorder.only(named: name))
    }

    /// `ordered` is false when the span's generic view, a dictionary, decides the order.
    private func expectSameRecord(
        limits: SpanLimits,
        ordered: Bool = true,
        before: (SpanscopeSpan) -> Void = { _ in },
        after: (SpanscopeSpan) -> Void = { _ in }
    ) throws -> SpanRecord {
        let distinct = try record(limits: limits, before: before, distinct: true, after: after)
        let oneByOne = try record(limits: limits, before: before, distinct: false, after: after)
        if ordered {
            #expect(distinct.attributes == oneByOne.attributes)
        } else {
            #expect(Set(distinct.attributes) == Set(oneByOne.attributes))
        }
        #expect(distinct.droppedAttributeCount == oneByOne.droppedAttributeCount)
        return distinct
    }

    @Test func aFreshSpanTakesTheAttributesInOrder() throws {
        let record = try expectSameRecord(limits: SpanLimits(), after: { span in
            span.setAttribute("http.response.status_code", .int(200))
        })
        #expect(record.attributes == batch + [Attribute("http.response.status_code", .int(200))])
        #expect(record.droppedAttributeCount == 0)
    }

    // The ones past the limit are dropped and counted, the first ones kept, and a later
    // attribute is dropped too: the span is full.
    @Test func aFreshSpanKeepsTheCountLimit() throws {
        let record = try expectSameRecord(limits: SpanLimits(attributeCountLimit: 3), after: { span in
            span.setAttribute("http.response.status_code", .int(200))
            span.setAttribute("url.path", .string("/replaced"))
        })
        #expect(
            record.attributes == [
                Attribute("http.request.method", .string("GET")),
                Attribute("url.path", .string("/replaced")),
                Attribute("server.port", .int(8080)),
            ]
        )
        #expect(record.droppedAttributeCount == 3)
    }

    @Test func valuesAreCutToTheLengthLimit() throws {
        let record = try expectSameRecord(limits: SpanLimits(attributeValueLengthLimit: 4))
        #expect(record.attributes[key: "url.path"] == .string("/ord"))
        #expect(record.attributes[key: "tags"] == .stringArray(["abcd", "ab"]))
        #expect(record.attributes[key: "server.port"] == .int(8080))
    }

    // A span with attributes already: keys it has are replaced in place, new ones
    // appended while there is room.
    @Test func aSpanWithAttributesReplacesAndAppends() throws {
        let record = try expectSameRecord(limits: SpanLimits(attributeCountLimit: 4), before: { span in
            span.setAttribute("custom", .bool(true))
            span.setAttribute("server.port", .int(1))
        })
        #expect(
            record.attributes == [
                Attribute("custom", .bool(true)),
                Attribute("server.port", .int(8080)),
                Attribute("http.request.method", .string("GET")),
                Attribute("url.path", .string("/orders/12345")),
            ]
        )
        #expect(record.droppedAttributeCount == 2)
    }

    // Once the generic view exists, the batch goes through it as single changes do.
    @Test func aSpanWithTheGenericViewKeepsItsAttributes() throws {
        let record = try expectSameRecord(limits: SpanLimits(attributeCountLimit: 3), ordered: false, before: { span in
            span.attributes["generic"] = 1
            span.attributes["server.port"] = 2
        })
        #expect(
            Set(record.attributes) == [
                Attribute("generic", .int(1)),
                Attribute("server.port", .int(8080)),
                Attribute("http.request.method", .string("GET")),
            ]
        )
        #expect(record.droppedAttributeCount == 3)
    }

    @Test func anEndedSpanIgnoresThem() throws {
        let tracer = SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), environment: [:])
        let span = tracer.startSpan("ended", context: .topLevel)
        span.end()
        span.setAttributes(distinct: batch)
        #expect(try #require(recorder.only(named: "ended")).attributes.isEmpty)
        #expect(span.attributes.isEmpty)
    }
}
