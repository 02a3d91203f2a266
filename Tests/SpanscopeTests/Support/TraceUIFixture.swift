import Foundation
import Tracing
import W3CTraceContext

@testable import Spanscope

/// Known traces for the trace UI's tests, recorded straight into a store:
///
/// - `checkout`: a failed `GET /checkout` of three services: an N+1 of 12 queries in `cart`,
///   a failed payment whose fraud check is the bottleneck, an exception event and a link.
/// - `typical`: five healthy `GET /checkout` traces with 3 queries, for the scatter plot and
///   the comparison.
/// - `hostile`: every string a span carries is a script injection attempt.
/// - `big`: 10,000 spans (a root, 99 children, 100 grandchildren each).
enum TraceUIFixture {
    /// 2024-01-01T00:00:00Z.
    static let epoch: UInt64 = 1_704_067_200_000_000_000
    static let millisecond: UInt64 = 1_000_000

    static let checkout = traceID(1)
    static let hostile = traceID(2)
    static let big = traceID(3)
    static let typical = (10..<15).map { traceID(UInt64($0)) }

    /// Spans of `checkout` by role.
    static let checkoutRoot = spanID(1)
    static let cartServer = spanID(3)
    static let queries = (0..<12).map { spanID(100 + UInt64($0)) }
    static let charge = spanID(4)
    static let chargeServer = spanID(5)
    static let fraudCheck = spanID(6)

    /// The payloads of the hostile trace; each would set `window.__pwned` if it ran.
    static let payloads = [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=2\">",
        "\"><svg onload=\"window.__pwned=3\">",
    ]

    static func traceID(_ n: UInt64) -> TraceID {
        var bytes = TraceID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: (0x5ca9_e000_0000_0000 | n).bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: (n &* 0x9E37_79B9_7F4A_7C15).bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return TraceID(bytes: bytes)
    }

    static func spanID(_ n: UInt64) -> SpanID {
        var bytes = SpanID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in raw.storeBytes(of: (0xab00_0000_0000_0000 | n).bigEndian, toByteOffset: 0, as: UInt64.self) }
        return SpanID(bytes: bytes)
    }

    /// A store holding every fixture trace, completed; room enough for the big one.
    static func makeStore() -> TraceStore {
        let store = TraceStore(configuration: TraceStore.Configuration(memoryBudgetBytes: 1 << 30, maxSpansPerTrace: 20_000))
        for trace in [checkoutSpans()] + typical.enumerated().map({ typicalSpans($1, number: $0) }) + [hostileSpans(), bigSpans()] {
            record(trace, in: store)
        }
        return store
    }

    /// Records children first: the root's end completes the trace.
    static func record(_ spans: [SpanRecord], in store: TraceStore) {
        for span in spans.filter({ $0.parentSpanID != nil }) + spans.filter({ $0.parentSpanID == nil }) {
            store.record(span)
        }
    }

    static func span(
        _ trace: TraceID, _ id: SpanID, parent: SpanID? = nil, _ name: String, service: String,
        kind: SpanKind = .internal, from start: UInt64, to end: UInt64, base: UInt64 = epoch,
        attributes: [Attribute] = [], events: [SpanRecord.Event] = [], links: [SpanRecord.Link] = [],
        error: String? = nil
    ) -> SpanRecord {
        SpanRecord(
            traceID: trace, spanID: id, parentSpanID: parent, name: name, kind: kind,
            startNanos: base + start, endNanos: base + end, attributes: attributes, events: events, links: links,
            status: error.map { SpanStatus(code: .error, message: $0) },
            resource: Resource(attributes: [Attribute("service.name", .string(service))])
        )
    }

    static func checkoutSpans() -> [SpanRecord] {
        let ms = millisecond
        let t = checkout
        var spans = [
            span(t, checkoutRoot, "GET /checkout", service: "frontend", kind: .server, from: 0, to: 120 * ms,
                 attributes: [Attribute("http.route", .string("/checkout")), Attribute("http.request.method", .string("GET")), Attribute("http.response.status_code", .int(500))],
                 error: "payment failed"),
            span(t, spanID(2), parent: checkoutRoot, "GET /cart", service: "frontend", kind: .client, from: 5 * ms, to: 45 * ms),
            span(t, cartServer, parent: spanID(2), "GET /cart", service: "cart", kind: .server, from: 6 * ms, to: 44 * ms,
                 attributes: [Attribute("http.route", .string("/cart"))]),
            span(t, charge, parent: checkoutRoot, "POST /charge", service: "frontend", kind: .client, from: 50 * ms, to: 110 * ms, error: "502"),
            span(t, chargeServer, parent: charge, "POST /charge", service: "payments", kind: .server, from: 52 * ms, to: 108 * ms,
                 events: [SpanRecord.Event(name: "exception", timeNanos: epoch + 101 * ms, attributes: [Attribute("exception.message", .string("card declined"))])],
                 links: [SpanRecord.Link(traceID: typical[0], spanID: spanID(1))],
                 error: "card declined"),
            span(t, fraudCheck, parent: chargeServer, "fraud check", service: "payments", from: 55 * ms, to: 100 * ms,
                 attributes: [Attribute("fraud.score", .double(0.93)), Attribute("card.token", .string("REDACTED"))]),
        ]
        for (index, query) in queries.enumerated() {
            let start = 8 * ms + UInt64(index) * 3 * ms
            spans.append(span(t, query, parent: cartServer, "SELECT * FROM items WHERE id = ?", service: "cart", kind: .client,
                              from: start, to: start + 5 * ms / 2, attributes: [Attribute("db.system", .string("postgresql"))]))
        }
        return spans
    }

    /// A healthy checkout a minute apart from the others, 3 queries, durations 60–100ms.
    static func typicalSpans(_ t: TraceID, number: Int) -> [SpanRecord] {
        let ms = millisecond
        let base = epoch + UInt64(number + 1) * 60_000 * ms
        let end = UInt64(60 + 10 * number) * ms
        var spans = [
            span(t, spanID(1), "GET /checkout", service: "frontend", kind: .server, from: 0, to: end, base: base,
                 attributes: [Attribute("http.route", .string("/checkout")), Attribute("http.response.status_code", .int(200))]),
            span(t, spanID(2), parent: spanID(1), "GET /cart", service: "frontend", kind: .client, from: 2 * ms, to: 20 * ms, base: base),
            span(t, spanID(3), parent: spanID(2), "GET /cart", service: "cart", kind: .server, from: 3 * ms, to: 19 * ms, base: base,
                 attributes: [Attribute("http.route", .string("/cart"))]),
            span(t, spanID(4), parent: spanID(1), "POST /charge", service: "frontend", kind: .client, from: 25 * ms, to: end - 5 * ms, base: base),
            span(t, spanID(5), parent: spanID(4), "POST /charge", service: "payments", kind: .server, from: 26 * ms, to: end - 6 * ms, base: base),
        ]
        for index in 0..<3 {
            let start = 5 * ms + UInt64(index) * 4 * ms
            spans.append(span(t, spanID(100 + UInt64(index)), parent: spanID(3), "SELECT * FROM items WHERE id = ?", service: "cart",
                              kind: .client, from: start, to: start + 3 * ms, base: base))
        }
        return spans
    }

    static func hostileSpans() -> [SpanRecord] {
        let ms = millisecond
        let t = hostile
        let attributes = payloads.enumerated().map { Attribute("key\($0)\($1)", .string($1)) }
        return [
            span(t, spanID(1), payloads[1], service: payloads[0], kind: .server, from: 0, to: 30 * ms, base: epoch + 10 * 60_000 * ms,
                 attributes: attributes + [Attribute("http.route", .string(payloads[2]))],
                 events: [SpanRecord.Event(name: payloads[0], timeNanos: epoch + 10 * 60_000 * ms + 5 * ms, attributes: attributes)],
                 error: payloads[1]),
            span(t, spanID(2), parent: spanID(1), payloads[2], service: payloads[1], from: 2 * ms, to: 20 * ms, base: epoch + 10 * 60_000 * ms,
                 attributes: attributes, error: payloads[2]),
            span(t, spanID(3), parent: spanID(1), payloads[0], service: payloads[2], from: 21 * ms, to: 29 * ms, base: epoch + 10 * 60_000 * ms,
                 attributes: attributes),
        ]
    }

    /// The span-id of the big trace's last span in waterfall order.
    static let bigLastSpan = spanID(99 * 1_000 + 100)

    static func bigSpans() -> [SpanRecord] {
        let t = big
        let base = epoch + 20 * 60_000 * millisecond
        var spans = [span(t, spanID(0), "GET /everything", service: "batch", kind: .server, from: 0, to: 2_000 * millisecond, base: base)]
        for child in 1...99 {
            let childStart = UInt64(child) * 20 * millisecond
            let childID = spanID(UInt64(child) * 1_000)
            spans.append(span(t, childID, parent: spanID(0), "step \(child)", service: "worker-\(child % 5)", from: childStart, to: childStart + 19 * millisecond, base: base))
            for grandchild in 0..<100 {
                let start = childStart + UInt64(grandchild) * 190_000
                spans.append(span(t, spanID(UInt64(child) * 1_000 + UInt64(grandchild) + 1), parent: childID, "item \(grandchild)",
                                  service: "worker-\(child % 5)", kind: .client, from: start, to: start + 150_000, base: base,
                                  error: grandchild == 42 && child == 7 ? "timeout" : nil))
            }
        }
        return spans
    }
}
