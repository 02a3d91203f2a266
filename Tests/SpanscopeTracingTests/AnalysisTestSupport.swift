import SpanscopeTracing
import Tracing
import W3CTraceContext

/// Hand-built traces: times are milliseconds after a fixed epoch, span-ids are
/// small numbers, so expected answers can be worked out on paper.
enum Fixture {
    static let traceID = TraceID(bytes: (0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36))
    static let epoch: UInt64 = 1_700_000_000_000_000_000

    static func id(_ n: UInt8) -> SpanID { SpanID(bytes: (0, 0, 0, 0, 0, 0, 0xa0, n)) }

    static func ms(_ value: UInt64) -> UInt64 { value * 1_000_000 }

    static func at(_ milliseconds: UInt64) -> UInt64 { epoch + ms(milliseconds) }

    static func span(
        _ id: UInt8,
        parent: UInt8? = nil,
        _ name: String,
        _ start: UInt64,
        _ end: UInt64,
        kind: SpanKind = .internal,
        attributes: [Attribute] = [],
        events: [SpanRecord.Event] = [],
        status: SpanStatus? = nil,
        service: String = "orders"
    ) -> SpanRecord {
        SpanRecord(
            traceID: traceID,
            spanID: self.id(id),
            parentSpanID: parent.map(self.id),
            name: name,
            kind: kind,
            startNanos: at(start),
            endNanos: at(end),
            attributes: attributes,
            events: events,
            status: status,
            resource: Resource(attributes: [Attribute("service.name", .string(service))])
        )
    }

    static func trace(_ spans: SpanRecord...) -> Trace {
        Trace(traceID: traceID, spans: spans)
    }

    static func query(_ id: UInt8, parent: UInt8, _ start: UInt64, _ end: UInt64, _ statement: String) -> SpanRecord {
        span(id, parent: parent, "SELECT", start, end, kind: .client, attributes: [
            Attribute("db.system", .string("postgresql")),
            Attribute("db.statement", .string(statement)),
        ])
    }

    static func call(_ id: UInt8, parent: UInt8, _ name: String, _ start: UInt64, _ end: UInt64, to host: String, status: SpanStatus? = nil) -> SpanRecord {
        span(id, parent: parent, name, start, end, kind: .client, attributes: [
            Attribute("server.address", .string(host)),
            Attribute("server.port", .int(443)),
        ], status: status)
    }
}

extension CriticalPathSegment {
    /// The segment as (span number, start ms, end ms) for readable expectations.
    var inMilliseconds: [UInt64] {
        let number = UInt64(spanID.description.suffix(2), radix: 16)!
        return [number, (startNanos - Fixture.epoch) / 1_000_000, (endNanos - Fixture.epoch) / 1_000_000]
    }
}
