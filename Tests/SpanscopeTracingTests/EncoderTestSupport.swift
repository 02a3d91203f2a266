import Foundation
import SpanscopeTracing
import Testing
import Tracing
import W3CTraceContext

/// A trace that exercises every field: two services, a remote parent, events,
/// links, trace state, dropped counts, every attribute type and hostile text.
enum EncoderFixture {
    static let hostile = "q\"b\\s/n\nt\tnul\u{0}bell\u{7}esc\u{1B}del\u{7F} </script><!-- & é 😀🇺🇳 \u{2028}\u{2029}"

    static let linkedTrace = TraceID(bytes: (0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xee))

    static var trace: Trace {
        var root = Fixture.span(1, "GET /orders/:id", 0, 100, kind: .server, attributes: [
            Attribute("http.request.method", .string("GET")),
            Attribute("http.response.status_code", .int(500)),
            Attribute("big", .int(Int64.max)),
            Attribute("ratio", .double(0.25)),
            Attribute("cached", .bool(false)),
            Attribute("tags", .stringArray(["a", "b\"c"])),
            Attribute("ids", .intArray([1, -2])),
            Attribute("network.peer.address", .string("10.0.0.7")),
            Attribute("network.peer.port", .int(52100)),
        ], status: SpanStatus(code: .error, message: "boom"))
        root.parentSpanID = Fixture.id(0x77)
        root.parentIsRemote = true
        root.traceState = TraceState([(.simple("vendor"), "v1"), (.tenant("t", in: "sys"), "x")])
        root.droppedAttributeCount = 2
        root.droppedEventCount = 1
        root.links = [SpanRecord.Link(
            traceID: linkedTrace, spanID: Fixture.id(0x55), traceState: TraceState([(.simple("l"), "1")]),
            flags: .sampled, isRemote: true, attributes: [Attribute("why", .string("batch"))]
        )]

        let query = Fixture.span(2, parent: 1, "SELECT items", 10, 30, kind: .client, attributes: [
            Attribute("db.system", .string("postgresql")),
            Attribute("db.statement", .string(hostile)),
            Attribute("server.address", .string("db.internal")),
            Attribute("server.port", .int(5432)),
        ], events: [
            SpanRecord.Event(name: "exception", timeNanos: Fixture.at(20) + 1_500, attributes: [
                Attribute("exception.message", .string("deadlock")),
            ]),
            SpanRecord.Event(name: "retry", timeNanos: Fixture.at(25)),
        ], status: SpanStatus(code: .error), service: "db-proxy")

        let instant = Fixture.span(3, parent: 1, hostile, 40, 40, attributes: [Attribute(hostile, .string(hostile))])
        return Trace(traceID: Fixture.traceID, spans: [query, instant, root], droppedSpanCount: 3, isIncomplete: true)
    }
}

enum JSON {
    static func parse(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    static func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any])
    }

    static func array(_ value: Any?) throws -> [Any] {
        try #require(value as? [Any])
    }

    /// JSON numbers come back as NSNumber; strings never do.
    static func integer(_ value: Any?) -> Int64? {
        guard !(value is String), let number = value as? NSNumber else { return nil }
        return number.int64Value
    }

    static func isLowercaseHex(_ value: Any?, length: Int) -> Bool {
        guard let text = value as? String else { return false }
        return text.count == length && text.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// No raw control character and no `</script` in the encoded bytes.
    static func isSafeForHTML(_ bytes: [UInt8]) -> Bool {
        !bytes.contains { $0 < 0x20 } && !String(decoding: bytes, as: UTF8.self).lowercased().contains("</script")
    }
}
