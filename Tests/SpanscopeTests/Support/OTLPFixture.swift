import Spanscope
import Tracing
import W3CTraceContext

/// Spans that use every field OTLP carries: two resources, each with spans of the empty scope
/// and of a named one (as received spans keep their sender's), all five kinds, a remote and a
/// local parent, trace state, the random-trace-id flag, every attribute type (empty arrays,
/// extreme integers, non-finite doubles), events and links (remote, local, unknown) with
/// attributes and dropped counts, each status, and text that must survive as is.
enum OTLPFixture {
    static let text = "q\"b\\s/n\nt\tnul\u{0}bell\u{7} </script> é 😀🇺🇳 \u{2028}"

    static let checkout = Resource(attributes: [
        Attribute("service.name", .string("checkout")),
        Attribute("service.version", .string("1.4.2")),
        Attribute("process.pid", .int(4242)),
        Attribute("deployment.zones", .stringArray(["eu-1", "eu-2"])),
    ])
    static let database = Resource(attributes: [Attribute("service.name", .string("db-proxy"))])

    static let driver = InstrumentationScope(
        name: "io.opentelemetry.jdbc", version: "2.9.0", attributes: [Attribute("pool.size", .int(8))], droppedAttributeCount: 1
    )
    static let proxy = InstrumentationScope(name: text)

    static let traceID = TraceID(bytes: (0x4B, 0xF9, 0x2F, 0x35, 0x77, 0xB3, 0x4D, 0xA6, 0xA3, 0xCE, 0x92, 0x9D, 0x0E, 0x0E, 0x47, 0x36))
    static let otherTraceID = TraceID(bytes: (0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xEE))

    static func spanID(_ value: UInt64) -> SpanID {
        SpanID(bytes: withUnsafeBytes(of: value.bigEndian) { raw in
            (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7])
        })
    }

    /// Nanoseconds with every digit significant: a double would lose the last ones.
    static let start: UInt64 = 1_763_000_000_123_456_789

    static var spans: [SpanRecord] {
        let server = SpanRecord(
            traceID: traceID, spanID: spanID(0x00F0_67AA_0BA9_02B7), parentSpanID: spanID(0x77), parentIsRemote: true,
            name: "GET /orders/:id", kind: .server, startNanos: start, endNanos: start + 250_000_001,
            attributes: [
                Attribute("http.request.method", .string("GET")),
                Attribute("http.response.status_code", .int(500)),
                Attribute("int.max", .int(Int64.max)),
                Attribute("int.min", .int(Int64.min)),
                Attribute("ratio", .double(0.1)),
                Attribute("huge", .double(1e300)),
                Attribute("not.a.number", .double(.nan)),
                Attribute("minus.infinity", .double(-.infinity)),
                Attribute("cached", .bool(false)),
                Attribute("tags", .stringArray(["a", "b\"c", ""])),
                Attribute("ids", .intArray([1, -2, Int64.max])),
                Attribute("weights", .doubleArray([0.5, -1.25])),
                Attribute("flags", .boolArray([true, false])),
                Attribute("none", .stringArray([])),
                Attribute(text, .string(text)),
            ],
            events: [
                SpanRecord.Event(name: "cache.miss", timeNanos: start + 1_001, attributes: [Attribute("key", .string("order:7"))]),
                SpanRecord.Event(name: "exception", timeNanos: start + 200_000_003, attributes: [
                    Attribute("exception.type", .string("PaymentError")),
                    Attribute("exception.message", .string(text)),
                ], droppedAttributeCount: 2),
            ],
            links: [
                SpanRecord.Link(
                    traceID: otherTraceID, spanID: spanID(0x55), traceState: TraceState([(.simple("link"), "l1")]),
                    flags: .sampled, isRemote: true, attributes: [Attribute("why", .string("batch"))], droppedAttributeCount: 1
                ),
                SpanRecord.Link(traceID: traceID, spanID: spanID(0x56), isRemote: false),
                SpanRecord.Link(traceID: otherTraceID, spanID: spanID(0x57)),
            ],
            status: SpanStatus(code: .error, message: "payment declined: \(text)"),
            flags: TraceFlags(rawValue: 0x03),
            traceState: TraceState([(.simple("vendor"), "v1"), (.tenant("t", in: "sys"), "x")]),
            resource: checkout,
            droppedAttributeCount: 3, droppedEventCount: 4, droppedLinkCount: 5
        )
        let client = SpanRecord(
            traceID: traceID, spanID: spanID(0x02), parentSpanID: server.spanID,
            name: "SELECT orders", kind: .client, startNanos: start + 10, endNanos: start + 30_000_000,
            attributes: [Attribute("db.system", .string("postgresql")), Attribute("server.port", .int(5432))],
            status: SpanStatus(code: .ok), flags: .sampled, resource: checkout, scope: driver
        )
        let databaseServer = SpanRecord(
            traceID: traceID, spanID: spanID(0x03), parentSpanID: client.spanID, parentIsRemote: true,
            name: "query", kind: .server, startNanos: start + 1_000, endNanos: start + 29_000_000, resource: database,
            scope: proxy
        )
        let producer = SpanRecord(
            traceID: traceID, spanID: spanID(0x04), parentSpanID: server.spanID,
            name: "publish order.paid", kind: .producer, startNanos: start + 40, endNanos: start + 40, resource: checkout
        )
        let consumer = SpanRecord(
            traceID: otherTraceID, spanID: spanID(0x05), name: text, kind: .consumer,
            startNanos: start + 50, endNanos: start + 90, flags: [], resource: database
        )
        let internalSpan = SpanRecord(
            traceID: traceID, spanID: spanID(0x06), parentSpanID: server.spanID,
            name: "render", startNanos: start + 100, endNanos: start + 200, resource: checkout
        )
        // Resources and scopes interleave, as spans of several traces in one batch do.
        return [server, databaseServer, client, consumer, producer, internalSpan]
    }

    /// Spans named `span <n>`, one trace, for counting what arrives and in which order.
    static func numbered(_ count: Int, from first: Int = 0) -> [SpanRecord] {
        (first..<first + count).map { index in
            SpanRecord(
                traceID: traceID, spanID: spanID(UInt64(index + 1)), name: "span \(index)",
                startNanos: start, endNanos: start + 1, resource: checkout
            )
        }
    }
}
