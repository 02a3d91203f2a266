import Foundation
public import SpanscopeTracing
import SwiftProtobuf

/// Reads OTLP/protobuf (`ExportTraceServiceRequest`, the OpenTelemetry SDKs'
/// default encoding) into span records, for a receiver.
///
/// Every field a span record holds is read: IDs, parent, trace state, kind,
/// times, flags (the parent's remoteness), typed attributes, events, links,
/// status, dropped counts, resource and scope. Bytes that are not a request are
/// refused whole; a span breaking `OTLPDecoding`'s rules (the ones
/// `OTLPJSONDecoder` follows too) is rejected alone, with its reason. Attribute
/// values map as `OTLPAnyValue` says; a key-value without a key is dropped and
/// counted.
///
/// ```swift
/// let decoded = try OTLPProtobufDecoder().decodeRequest(requestBody)
/// store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
/// ```
public struct OTLPProtobufDecoder: Sendable {
    public init() {}

    /// The spans of a request, and the ones rejected with their reasons.
    ///
    /// - Throws: `OTLPDecodingError` when the bytes are not an `ExportTraceServiceRequest`.
    public func decodeRequest(_ bytes: [UInt8]) throws(OTLPDecodingError) -> OTLPDecodedSpans {
        let request: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
        do {
            request = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: bytes)
        } catch {
            throw OTLPDecodingError("not an ExportTraceServiceRequest: \(error)")
        }
        var decoded = OTLPDecodedSpans()
        for resourceSpans in request.resourceSpans {
            let resource = Resource(attributes: attributes(resourceSpans.resource.attributes).attributes)
            for scopeSpans in resourceSpans.scopeSpans {
                let scope = self.scope(scopeSpans.scope)
                for span in scopeSpans.spans {
                    do {
                        decoded.spans.append(try record(span, resource: resource, scope: scope))
                    } catch {
                        decoded.reject("span \"\(span.name)\": \(error.reason)")
                    }
                }
            }
        }
        return decoded
    }

    private func record(
        _ span: Opentelemetry_Proto_Trace_V1_Span, resource: Resource, scope: InstrumentationScope
    ) throws(OTLPSpanRejection) -> SpanRecord {
        let traceID = try OTLPDecoding.traceID(span.traceID, field: "traceId")
        let spanID = try OTLPDecoding.spanID(span.spanID, field: "spanId")
        let parentSpanID = try OTLPDecoding.parentSpanID(span.parentSpanID)
        try OTLPDecoding.checkTimes(start: span.startTimeUnixNano, end: span.endTimeUnixNano)
        let decodedAttributes = attributes(span.attributes)
        let events = span.events.map { event in
            let decoded = attributes(event.attributes)
            return SpanRecord.Event(
                name: event.name,
                timeNanos: event.timeUnixNano,
                attributes: decoded.attributes,
                droppedAttributeCount: Int(event.droppedAttributesCount) + decoded.dropped
            )
        }
        var links: [SpanRecord.Link] = []
        links.reserveCapacity(span.links.count)
        for (index, link) in span.links.enumerated() {
            let decoded = attributes(link.attributes)
            links.append(SpanRecord.Link(
                traceID: try OTLPDecoding.traceID(link.traceID, field: "links[\(index)].traceId"),
                spanID: try OTLPDecoding.spanID(link.spanID, field: "links[\(index)].spanId"),
                traceState: OTLPDecoding.traceState(link.traceState),
                flags: OTLPDecoding.traceFlags(link.flags),
                isRemote: OTLPDecoding.isRemote(flags: link.flags),
                attributes: decoded.attributes,
                droppedAttributeCount: Int(link.droppedAttributesCount) + decoded.dropped
            ))
        }
        return SpanRecord(
            traceID: traceID,
            spanID: spanID,
            parentSpanID: parentSpanID,
            parentIsRemote: parentSpanID != nil && OTLPDecoding.parentIsRemote(flags: span.flags),
            name: span.name,
            kind: OTLPDecoding.kind(span.kind.rawValue),
            startNanos: span.startTimeUnixNano,
            endNanos: span.endTimeUnixNano,
            attributes: decodedAttributes.attributes,
            events: events,
            links: links,
            status: OTLPDecoding.status(code: span.status.code.rawValue, message: span.status.message),
            flags: OTLPDecoding.traceFlags(span.flags),
            traceState: OTLPDecoding.traceState(span.traceState),
            resource: resource,
            scope: scope,
            droppedAttributeCount: Int(span.droppedAttributesCount) + decodedAttributes.dropped,
            droppedEventCount: Int(span.droppedEventsCount),
            droppedLinkCount: Int(span.droppedLinksCount)
        )
    }

    private func scope(_ scope: Opentelemetry_Proto_Common_V1_InstrumentationScope) -> InstrumentationScope {
        let decoded = attributes(scope.attributes)
        return InstrumentationScope(
            name: scope.name,
            version: scope.version,
            attributes: decoded.attributes,
            droppedAttributeCount: Int(scope.droppedAttributesCount) + decoded.dropped
        )
    }

    private func attributes(_ keyValues: [Opentelemetry_Proto_Common_V1_KeyValue]) -> (attributes: [Attribute], dropped: Int) {
        var result: [Attribute] = []
        result.reserveCapacity(keyValues.count)
        var dropped = 0
        for keyValue in keyValues {
            guard !keyValue.key.isEmpty else {
                dropped += 1
                continue
            }
            result.append(Attribute(keyValue.key, anyValue(keyValue.value).attributeValue))
        }
        return (result, dropped)
    }

    private func anyValue(_ value: Opentelemetry_Proto_Common_V1_AnyValue) -> OTLPAnyValue {
        switch value.value {
        case .stringValue(let v): .string(v)
        case .boolValue(let v): .bool(v)
        case .intValue(let v): .int(v)
        case .doubleValue(let v): .double(v)
        case .bytesValue(let v): .bytes(Array(v))
        case .arrayValue(let array): .array(array.values.map(anyValue))
        case .kvlistValue(let list): .keyValueList(list.values.map { OTLPAnyValue.KeyValue($0.key, anyValue($0.value)) })
        // A profiles-only reference into a string table a trace request has not: read as absent, as OTLP says.
        case .stringValueStrindex, nil: .empty
        }
    }
}
