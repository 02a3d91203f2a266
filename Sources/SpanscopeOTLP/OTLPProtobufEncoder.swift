import Foundation
public import SpanscopeTracing
import SwiftProtobuf
import Tracing
import W3CTraceContext

/// Encodes spans as OTLP protobuf: the `ExportTraceServiceRequest` body of an OTLP/HTTP
/// `POST /v1/traces` with `Content-Type: application/x-protobuf`, the OpenTelemetry SDKs'
/// default.
///
/// Spans are grouped into one `ResourceSpans` per resource, in order of first appearance,
/// each with one `ScopeSpans` whose scope is empty: the tracing API records no
/// instrumentation scope (`OTLPJSONEncoder` writes the same structure). Every field of a
/// record is written: IDs as bytes, the parent's span-id (none for a root), trace state,
/// the W3C trace flags with OTLP's remote-parent bits, kind, times, typed attributes
/// (arrays included), events, links with their trace state and flags, status and the
/// dropped counts.
///
/// ```swift
/// let body = try OTLPProtobufEncoder().encode(spans: batch)
/// var request = ClientRequest(method: .post, url: "http://127.0.0.1:4318/v1/traces", body: body)
/// request.headers.add("Content-Type", OTLPProtobufEncoder.contentType)
/// ```
public struct OTLPProtobufEncoder: Sendable {
    public static let contentType = "application/x-protobuf"

    public init() {}

    /// The serialized request.
    ///
    /// - Throws: a SwiftProtobuf `BinaryEncodingError` past protobuf's 2 GiB message limit
    ///   (SwiftProtobuf 1.x reports it as `missingRequiredFields`); a proto3 message has no
    ///   other way to fail.
    public func encode(spans: some Sequence<SpanRecord>) throws -> [UInt8] {
        try request(spans: spans).serializedBytes()
    }

    /// The serialized request of the spans of several traces.
    public func encode(traces: some Sequence<Trace>) throws -> [UInt8] {
        try encode(spans: traces.lazy.flatMap(\.spans))
    }

    /// The request as a message, to inspect or to serialize yourself.
    ///
    /// ```swift
    /// let request = OTLPProtobufEncoder().request(spans: trace.spans)
    /// request.resourceSpans.count // one per service
    /// ```
    public func request(spans: some Sequence<SpanRecord>) -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest {
        // Spans of one resource usually arrive together and share its attribute array, whose
        // `==` then returns on the storage identity: the last group is checked first.
        var groups: [(resource: Resource, spans: [Opentelemetry_Proto_Trace_V1_Span])] = []
        var last = 0
        for span in spans {
            if last >= groups.count || groups[last].resource != span.resource {
                if let index = groups.firstIndex(where: { $0.resource == span.resource }) {
                    last = index
                } else {
                    groups.append((span.resource, []))
                    last = groups.count - 1
                }
            }
            groups[last].spans.append(Opentelemetry_Proto_Trace_V1_Span(span))
        }
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        request.resourceSpans = groups.map { group in
            var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            resourceSpans.resource.attributes = .init(group.resource.attributes)
            var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
            scopeSpans.scope = Opentelemetry_Proto_Common_V1_InstrumentationScope()
            scopeSpans.spans = group.spans
            resourceSpans.scopeSpans = [scopeSpans]
            return resourceSpans
        }
        return request
    }
}

fileprivate extension Opentelemetry_Proto_Trace_V1_Span {
    init(_ record: SpanRecord) {
        self.init()
        traceID = Data(record.traceID)
        spanID = Data(record.spanID)
        traceState = record.traceState.headerValue
        if let parent = record.parentSpanID { parentSpanID = Data(parent) }
        flags = record.otlpFlags
        name = record.name
        kind = SpanKind(record.kind)
        startTimeUnixNano = record.startNanos
        endTimeUnixNano = record.endNanos
        attributes = .init(record.attributes)
        droppedAttributesCount = UInt32(clamping: record.droppedAttributeCount)
        events = record.events.map { event in
            var message = Event()
            message.timeUnixNano = event.timeNanos
            message.name = event.name
            message.attributes = .init(event.attributes)
            message.droppedAttributesCount = UInt32(clamping: event.droppedAttributeCount)
            return message
        }
        droppedEventsCount = UInt32(clamping: record.droppedEventCount)
        links = record.links.map { link in
            var message = Link()
            message.traceID = Data(link.traceID)
            message.spanID = Data(link.spanID)
            message.traceState = link.traceState.headerValue
            message.flags = link.otlpFlags
            message.attributes = .init(link.attributes)
            message.droppedAttributesCount = UInt32(clamping: link.droppedAttributeCount)
            return message
        }
        droppedLinksCount = UInt32(clamping: record.droppedLinkCount)
        if let recorded = record.status {
            status.code = recorded.code == .ok ? .ok : .error
            status.message = recorded.message ?? ""
        }
    }
}

fileprivate extension Opentelemetry_Proto_Trace_V1_Span.SpanKind {
    init(_ kind: Tracing.SpanKind) {
        switch kind {
        case .internal: self = .internal
        case .server: self = .server
        case .client: self = .client
        case .producer: self = .producer
        case .consumer: self = .consumer
        }
    }
}

fileprivate extension [Opentelemetry_Proto_Common_V1_KeyValue] {
    init(_ attributes: [Attribute]) {
        self = attributes.map { attribute in
            var keyValue = Opentelemetry_Proto_Common_V1_KeyValue()
            keyValue.key = attribute.key
            keyValue.value = Opentelemetry_Proto_Common_V1_AnyValue(attribute.value)
            return keyValue
        }
    }
}

fileprivate extension Opentelemetry_Proto_Common_V1_AnyValue {
    init(_ value: AttributeValue) {
        self.init()
        switch value {
        case .string(let v): stringValue = v
        case .int(let v): intValue = v
        case .double(let v): doubleValue = v
        case .bool(let v): boolValue = v
        case .stringArray(let v): arrayValue.values = v.map { Self(.string($0)) }
        case .intArray(let v): arrayValue.values = v.map { Self(.int($0)) }
        case .doubleArray(let v): arrayValue.values = v.map { Self(.double($0)) }
        case .boolArray(let v): arrayValue.values = v.map { Self(.bool($0)) }
        }
    }
}

fileprivate extension Data {
    /// The 16 bytes of a trace-id, most significant first, as OTLP's `bytes` field holds them.
    init(_ id: TraceID) {
        self = Swift.withUnsafeBytes(of: id.bytes) { Data($0) }
    }

    /// The 8 bytes of a span-id.
    init(_ id: SpanID) {
        self = Swift.withUnsafeBytes(of: id.bytes) { Data($0) }
    }
}
