import Foundation
public import SpanscopeTracing
import SwiftProtobuf
import Tracing
import W3CTraceContext

/// Encodes spans as OTLP protobuf: the `ExportTraceServiceRequest` body of an OTLP/HTTP
/// `POST /v1/traces` with `Content-Type: application/x-protobuf`, the OpenTelemetry SDKs'
/// default.
///
/// Spans are grouped into one `ResourceSpans` per resource, and within it one `ScopeSpans`
/// per instrumentation scope, each in order of first appearance: this process's spans under
/// the empty scope, received ones under their sender's (`OTLPJSONEncoder` writes the same
/// structure). Every field of a record is written: IDs as bytes, the parent's span-id (none
/// for a root), trace state, the W3C trace flags with OTLP's remote-parent bits, kind, times,
/// typed attributes (arrays included), events, links with their trace state and flags,
/// status and the dropped counts.
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
    /// request.resourceSpans.count // one per resource
    /// ```
    public func request(spans: some Sequence<SpanRecord>) -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest {
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        request.resourceSpans = spans.otlpGroups { Opentelemetry_Proto_Trace_V1_Span($0) }.map { group in
            var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            resourceSpans.resource.attributes = .init(group.resource.attributes)
            resourceSpans.scopeSpans = group.scopes.map { scoped in
                var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                scopeSpans.scope.name = scoped.scope.name
                scopeSpans.scope.version = scoped.scope.version
                scopeSpans.scope.attributes = .init(scoped.scope.attributes)
                scopeSpans.scope.droppedAttributesCount = UInt32(clamping: scoped.scope.droppedAttributeCount)
                scopeSpans.spans = scoped.spans
                return scopeSpans
            }
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
