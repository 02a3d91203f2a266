import Tracing

/// Encodes spans as Zipkin v2 JSON: the array `POST /api/v2/spans` accepts and
/// `GET /api/v2/trace/{id}` returns.
///
/// Follows the Zipkin API spec and OpenTelemetry's Zipkin mapping: span and
/// service names in lowercase (Zipkin stores them so), `timestamp` and
/// `duration` in microseconds with `duration` at least 1, no `kind` for
/// internal spans, tags as strings (arrays as JSON text), events as annotations
/// (`name`, or `{"name":{attributes}}` when the event has attributes),
/// `otel.status_code` and an `error` tag holding the status message for
/// errors. A `remoteEndpoint` is written when the attributes name the peer:
/// `peer.service`/`server.address` for clients and producers,
/// `network.peer.address`/`client.address` with the port for every kind.
/// Zipkin has no links, trace state or trace flags; they are left out.
///
/// ```swift
/// let body = ZipkinJSONEncoder().encode(trace)
/// // [{"traceId":"4bf9...","id":"00f0...","name":"get /orders/:id","kind":"SERVER",...}]
/// ```
public struct ZipkinJSONEncoder: TraceEncoder {
    public init() {}

    public var contentType: String { "application/json" }

    public func encode(_ trace: Trace) -> [UInt8] {
        encode(spans: trace.spans)
    }

    /// Encodes spans of any traces in one array, as a reporter batches them.
    ///
    /// ```swift
    /// let body = ZipkinJSONEncoder().encode(spans: batch)
    /// ```
    public func encode(spans: some Sequence<SpanRecord>) -> [UInt8] {
        var writer = JSONWriter()
        writer.array { w in
            for span in spans { w.zipkinSpan(span) }
        }
        return writer.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func zipkinSpan(_ span: SpanRecord) {
        object { w in
            w.field("traceId", hex: span.traceID.hexBytes)
            w.field("id", hex: span.spanID.hexBytes)
            if let parent = span.parentSpanID { w.field("parentId", hex: parent.hexBytes) }
            w.field("name", span.name.lowercased())
            if let kind = span.kind.zipkinName { w.field("kind", kind) }
            w.field("timestamp", span.startNanos / 1_000)
            w.field("duration", max(1, (span.clampedDurationNanos + 500) / 1_000))
            w.field("localEndpoint", object: { w in w.field("serviceName", span.serviceName.lowercased()) })
            if let remote = ZipkinEndpoint(span) {
                w.field("remoteEndpoint", object: { w in
                    if let name = remote.serviceName { w.field("serviceName", name.lowercased()) }
                    if let ipv4 = remote.ipv4 { w.field("ipv4", ipv4) }
                    if let ipv6 = remote.ipv6 { w.field("ipv6", ipv6) }
                    if let port = remote.port { w.field("port", port) }
                })
            }
            if !span.events.isEmpty {
                w.field("annotations", array: { w in
                    for event in span.events {
                        w.object { w in
                            w.field("timestamp", event.timeNanos / 1_000)
                            w.field("value", event.zipkinValue)
                        }
                    }
                })
            }
            w.field("tags", object: { w in
                var seen = Set<String>()
                for attribute in span.attributes where seen.insert(attribute.key).inserted {
                    w.field(attribute.key, attribute.value.tagString)
                }
                if let status = span.status, seen.insert("otel.status_code").inserted {
                    w.field("otel.status_code", status.code.tagValue)
                    if status.code == .error, seen.insert("error").inserted {
                        w.field("error", status.message ?? "")
                    }
                }
                for (key, count) in span.droppedCounts where count > 0 && seen.insert(key).inserted {
                    w.field(key, String(count))
                }
            })
        }
    }
}

extension SpanKind {
    /// Zipkin leaves the kind out for work inside one process.
    fileprivate var zipkinName: String? {
        switch self {
        case .server: "SERVER"
        case .client: "CLIENT"
        case .producer: "PRODUCER"
        case .consumer: "CONSUMER"
        case .internal: nil
        }
    }
}

extension SpanRecord.Event {
    fileprivate var zipkinValue: String {
        guard !attributes.isEmpty else { return name }
        return JSONWriter.text { w in
            w.object { w in
                w.key(name)
                w.plainAttributes(attributes)
            }
        }
    }
}

/// The other side of a call, from semantic-convention attributes.
private struct ZipkinEndpoint {
    var serviceName: String?
    var ipv4: String?
    var ipv6: String?
    var port: Int64?

    init?(_ span: SpanRecord) {
        func string(_ key: String) -> String? {
            if case .string(let value)? = span.attributes[key: key], !value.isEmpty { return value }
            return nil
        }
        func int(_ key: String) -> Int64? {
            switch span.attributes[key: key] {
            case .int(let value)?: value
            case .string(let value)?: Int64(value)
            default: nil
            }
        }
        let callsOut = span.kind == .client || span.kind == .producer
        var name = string("peer.service") ?? (callsOut ? string("server.address") : nil)
        var address = string("network.peer.address") ?? (callsOut ? nil : string("client.address"))
        if address == nil, let host = name, Self.isIPv4(host) || Self.isIPv6(host) {
            address = host
            name = string("peer.service")
        }
        serviceName = name
        if let address {
            if Self.isIPv4(address) { ipv4 = address } else if Self.isIPv6(address) { ipv6 = address }
        }
        port = int("network.peer.port") ?? (callsOut ? int("server.port") : nil)
        if serviceName == nil, ipv4 == nil, ipv6 == nil { return nil }
    }

    private static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil
        }
    }

    private static func isIPv6(_ text: String) -> Bool {
        text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
