import Foundation
import Tracing
import W3CTraceContext

/// Reads OTLP/JSON (`ExportTraceServiceRequest`, as `OTLPJSONEncoder` and the
/// OpenTelemetry SDKs write it) into span records, for a receiver.
///
/// It reads the bytes once with `JSONScanner`, straight into the records, with no
/// document in between: a receiver's JSON costs about what its protobuf costs.
/// Lenient where protobuf's JSON mapping allows it (64-bit integers as strings
/// or numbers, `null` or missing fields as defaults, unknown fields skipped, members
/// in any order), strict where the data would be wrong: a body that is not JSON, or
/// not shaped as a request (a string where an array belongs, an enum as a name), is
/// refused whole; a span breaking `OTLPDecoding`'s rules is rejected alone. IDs are
/// hex, as OTLP/JSON requires. Attribute values map as `OTLPAnyValue` says; a
/// key-value without a key is dropped and counted.
///
/// ```swift
/// let decoded = try OTLPJSONDecoder().decodeRequest(requestBody)
/// store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
/// ```
public struct OTLPJSONDecoder: Sendable {
    public init() {}

    /// The spans of a request, and the ones rejected with their reasons.
    ///
    /// - Throws: `OTLPDecodingError` when the body is not JSON or not shaped as a request.
    public func decodeRequest(_ bytes: [UInt8]) throws(OTLPDecodingError) -> OTLPDecodedSpans {
        try bytes.withUnsafeBufferPointer { buffer throws(OTLPDecodingError) in
            var scanner = JSONScanner(buffer)
            var decoded = OTLPDecodedSpans()
            try scanner.beginObject("request")
            while try scanner.nextKey() {
                if try scanner.readNull() { continue }
                if scanner.keyIs("resourceSpans") {
                    try scanner.beginArray("resourceSpans")
                    while try scanner.nextElement() { try readResourceSpans(&scanner, into: &decoded) }
                } else {
                    try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
            return decoded
        }
    }

    /// Every span of a request.
    ///
    /// - Throws: `OTLPDecodingError` when the body is not a request or any span was rejected.
    public func decode(_ bytes: [UInt8]) throws(OTLPDecodingError) -> [SpanRecord] {
        let decoded = try decodeRequest(bytes)
        guard decoded.rejectedSpanCount == 0 else { throw OTLPDecodingError(decoded.rejectionMessage) }
        return decoded.spans
    }

    /// Members may come in any order: the resource is given to the group's spans once it is read whole.
    private func readResourceSpans(
        _ scanner: inout JSONScanner, into decoded: inout OTLPDecodedSpans
    ) throws(OTLPDecodingError) {
        let first = decoded.spans.count
        var resource = Resource()
        try scanner.beginObject("resourceSpans[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("resource") {
                try scanner.beginObject("resource")
                while try scanner.nextKey() {
                    if try scanner.readNull() { continue }
                    if scanner.keyIs("attributes") {
                        resource = Resource(attributes: try readAttributes(&scanner).attributes)
                    } else {
                        try scanner.skipValue()
                    }
                }
            } else if scanner.keyIs("scopeSpans") {
                try scanner.beginArray("scopeSpans")
                while try scanner.nextElement() { try readScopeSpans(&scanner, into: &decoded) }
            } else {
                try scanner.skipValue()
            }
        }
        for index in first..<decoded.spans.count { decoded.spans[index].resource = resource }
    }

    private func readScopeSpans(
        _ scanner: inout JSONScanner, into decoded: inout OTLPDecodedSpans
    ) throws(OTLPDecodingError) {
        let first = decoded.spans.count
        var scope = InstrumentationScope()
        try scanner.beginObject("scopeSpans[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("scope") {
                scope = try readScope(&scanner)
            } else if scanner.keyIs("spans") {
                try scanner.beginArray("spans")
                while try scanner.nextElement() { try readSpan(&scanner, into: &decoded) }
            } else {
                try scanner.skipValue()
            }
        }
        for index in first..<decoded.spans.count { decoded.spans[index].scope = scope }
    }

    private func readScope(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> InstrumentationScope {
        var name = ""
        var version = ""
        var attributes: (attributes: [Attribute], dropped: Int) = ([], 0)
        var dropped = 0
        try scanner.beginObject("scope")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("name") {
                name = try scanner.readString()
            } else if scanner.keyIs("version") {
                version = try scanner.readString()
            } else if scanner.keyIs("attributes") {
                attributes = try readAttributes(&scanner)
            } else if scanner.keyIs("droppedAttributesCount") {
                dropped = try readCount(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        return InstrumentationScope(
            name: name, version: version, attributes: attributes.attributes,
            droppedAttributeCount: dropped + attributes.dropped
        )
    }

    /// One span, read whole before it is checked, so that a rejected span still leaves the scanner past it.
    private func readSpan(_ scanner: inout JSONScanner, into decoded: inout OTLPDecodedSpans) throws(OTLPDecodingError) {
        var fields = SpanFields()
        try scanner.beginObject("spans[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("traceId") {
                fields.traceID = try scanner.readHex()
            } else if scanner.keyIs("spanId") {
                fields.spanID = try scanner.readHex()
            } else if scanner.keyIs("parentSpanId") {
                fields.parentSpanID = try scanner.readHex()
            } else if scanner.keyIs("traceState") {
                fields.traceState = try scanner.readString()
            } else if scanner.keyIs("flags") {
                fields.flags = UInt32(truncatingIfNeeded: try scanner.readInt64())
            } else if scanner.keyIs("name") {
                fields.name = try scanner.readString()
            } else if scanner.keyIs("kind") {
                fields.kind = Int(truncatingIfNeeded: try scanner.readInt64())
            } else if scanner.keyIs("startTimeUnixNano") {
                fields.startNanos = try scanner.readUInt64()
            } else if scanner.keyIs("endTimeUnixNano") {
                fields.endNanos = try scanner.readUInt64()
            } else if scanner.keyIs("attributes") {
                fields.attributes = try readAttributes(&scanner)
            } else if scanner.keyIs("droppedAttributesCount") {
                fields.droppedAttributes = try readCount(&scanner)
            } else if scanner.keyIs("events") {
                try scanner.beginArray("events")
                while try scanner.nextElement() { fields.events.append(try readEvent(&scanner)) }
            } else if scanner.keyIs("droppedEventsCount") {
                fields.droppedEvents = try readCount(&scanner)
            } else if scanner.keyIs("links") {
                try scanner.beginArray("links")
                while try scanner.nextElement() { fields.links.append(try readLink(&scanner)) }
            } else if scanner.keyIs("droppedLinksCount") {
                fields.droppedLinks = try readCount(&scanner)
            } else if scanner.keyIs("status") {
                try readStatus(&scanner, into: &fields)
            } else {
                try scanner.skipValue()
            }
        }
        do {
            decoded.spans.append(try fields.record())
        } catch {
            decoded.reject("span \"\(fields.name)\": \(error.reason)")
        }
    }

    private func readEvent(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> SpanRecord.Event {
        var event = SpanRecord.Event(name: "", timeNanos: 0)
        var dropped = 0
        try scanner.beginObject("events[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("name") {
                event.name = try scanner.readString()
            } else if scanner.keyIs("timeUnixNano") {
                event.timeNanos = try scanner.readUInt64()
            } else if scanner.keyIs("attributes") {
                (event.attributes, dropped) = try readAttributes(&scanner)
            } else if scanner.keyIs("droppedAttributesCount") {
                event.droppedAttributeCount = try readCount(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        event.droppedAttributeCount += dropped
        return event
    }

    private func readLink(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> LinkFields {
        var link = LinkFields()
        try scanner.beginObject("links[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("traceId") {
                link.traceID = try scanner.readHex()
            } else if scanner.keyIs("spanId") {
                link.spanID = try scanner.readHex()
            } else if scanner.keyIs("traceState") {
                link.traceState = try scanner.readString()
            } else if scanner.keyIs("flags") {
                link.flags = UInt32(truncatingIfNeeded: try scanner.readInt64())
            } else if scanner.keyIs("attributes") {
                link.attributes = try readAttributes(&scanner)
            } else if scanner.keyIs("droppedAttributesCount") {
                link.droppedAttributes = try readCount(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        return link
    }

    private func readStatus(_ scanner: inout JSONScanner, into fields: inout SpanFields) throws(OTLPDecodingError) {
        try scanner.beginObject("status")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("code") {
                fields.statusCode = Int(truncatingIfNeeded: try scanner.readInt64())
            } else if scanner.keyIs("message") {
                fields.statusMessage = try scanner.readString()
            } else {
                try scanner.skipValue()
            }
        }
    }

    private func readCount(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> Int {
        Int(clamping: max(0, try scanner.readInt64()))
    }

    private func readAttributes(
        _ scanner: inout JSONScanner
    ) throws(OTLPDecodingError) -> (attributes: [Attribute], dropped: Int) {
        var attributes: [Attribute] = []
        var dropped = 0
        try scanner.beginArray("attributes")
        while try scanner.nextElement() {
            let (key, value) = try readKeyValue(&scanner)
            if key.isEmpty {
                dropped += 1
            } else {
                attributes.append(Attribute(key, value.attributeValue))
            }
        }
        return (attributes, dropped)
    }

    private func readKeyValue(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> (String, OTLPAnyValue) {
        var key = ""
        var value = OTLPAnyValue.empty
        try scanner.beginObject("attributes[]")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("key") {
                key = try scanner.readString()
            } else if scanner.keyIs("value") {
                value = try readAnyValue(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        return (key, value)
    }

    /// The one field of an `AnyValue`; none, or one this reader does not know, is the empty value.
    private func readAnyValue(_ scanner: inout JSONScanner) throws(OTLPDecodingError) -> OTLPAnyValue {
        var value = OTLPAnyValue.empty
        try scanner.beginObject("value")
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("stringValue") {
                value = .string(try scanner.readString())
            } else if scanner.keyIs("boolValue") {
                value = .bool(try scanner.readBool())
            } else if scanner.keyIs("intValue") {
                value = .int(try scanner.readInt64())
            } else if scanner.keyIs("doubleValue") {
                value = .double(try scanner.readDouble())
            } else if scanner.keyIs("bytesValue") {
                guard let data = Data(base64Encoded: try scanner.readString()) else {
                    throw scanner.error("bytesValue is not base64")
                }
                value = .bytes(Array(data))
            } else if scanner.keyIs("arrayValue") {
                var items: [OTLPAnyValue] = []
                try readValues(&scanner, "arrayValue") { scanner throws(OTLPDecodingError) in
                    items.append(try readAnyValue(&scanner))
                }
                value = .array(items)
            } else if scanner.keyIs("kvlistValue") {
                var entries: [OTLPAnyValue.KeyValue] = []
                try readValues(&scanner, "kvlistValue") { scanner throws(OTLPDecodingError) in
                    let (key, value) = try readKeyValue(&scanner)
                    entries.append(OTLPAnyValue.KeyValue(key, value))
                }
                value = .keyValueList(entries)
            } else {
                try scanner.skipValue()
            }
        }
        return value
    }

    /// The `values` array of an `arrayValue` or `kvlistValue`, one element at a time.
    private func readValues(
        _ scanner: inout JSONScanner, _ field: String,
        _ element: (inout JSONScanner) throws(OTLPDecodingError) -> Void
    ) throws(OTLPDecodingError) {
        try scanner.beginObject(field)
        while try scanner.nextKey() {
            if try scanner.readNull() { continue }
            if scanner.keyIs("values") {
                try scanner.beginArray("values")
                while try scanner.nextElement() { try element(&scanner) }
            } else {
                try scanner.skipValue()
            }
        }
    }
}

/// A span's fields as read, before `OTLPDecoding`'s rules make them a record. IDs are
/// nil when their text was not hex, empty when absent.
private struct SpanFields {
    var traceID: [UInt8]? = []
    var spanID: [UInt8]? = []
    var parentSpanID: [UInt8]? = []
    var traceState = ""
    var flags: UInt32 = 0
    var name = ""
    var kind = 0
    var startNanos: UInt64 = 0
    var endNanos: UInt64 = 0
    var attributes: (attributes: [Attribute], dropped: Int) = ([], 0)
    var droppedAttributes = 0
    var events: [SpanRecord.Event] = []
    var droppedEvents = 0
    var links: [LinkFields] = []
    var droppedLinks = 0
    var statusCode = 0
    var statusMessage = ""

    /// The record, with an empty resource and scope that the enclosing groups fill in.
    func record() throws(OTLPSpanRejection) -> SpanRecord {
        let traceID = try OTLPDecoding.traceID(try hex(self.traceID, "traceId"), field: "traceId")
        let spanID = try OTLPDecoding.spanID(try hex(self.spanID, "spanId"), field: "spanId")
        let parentSpanID = try OTLPDecoding.parentSpanID(try hex(self.parentSpanID, "parentSpanId"))
        try OTLPDecoding.checkTimes(start: startNanos, end: endNanos)
        var links: [SpanRecord.Link] = []
        links.reserveCapacity(self.links.count)
        for (index, link) in self.links.enumerated() {
            links.append(try link.link(field: "links[\(index)]"))
        }
        return SpanRecord(
            traceID: traceID,
            spanID: spanID,
            parentSpanID: parentSpanID,
            parentIsRemote: parentSpanID != nil && OTLPDecoding.parentIsRemote(flags: flags),
            name: name,
            kind: OTLPDecoding.kind(kind),
            startNanos: startNanos,
            endNanos: endNanos,
            attributes: attributes.attributes,
            events: events,
            links: links,
            status: OTLPDecoding.status(code: statusCode, message: statusMessage),
            flags: OTLPDecoding.traceFlags(flags),
            traceState: OTLPDecoding.traceState(traceState),
            droppedAttributeCount: droppedAttributes + attributes.dropped,
            droppedEventCount: droppedEvents,
            droppedLinkCount: droppedLinks
        )
    }
}

private struct LinkFields {
    var traceID: [UInt8]? = []
    var spanID: [UInt8]? = []
    var traceState = ""
    var flags: UInt32 = 0
    var attributes: (attributes: [Attribute], dropped: Int) = ([], 0)
    var droppedAttributes = 0

    func link(field: String) throws(OTLPSpanRejection) -> SpanRecord.Link {
        SpanRecord.Link(
            traceID: try OTLPDecoding.traceID(try hex(traceID, "\(field).traceId"), field: "\(field).traceId"),
            spanID: try OTLPDecoding.spanID(try hex(spanID, "\(field).spanId"), field: "\(field).spanId"),
            traceState: OTLPDecoding.traceState(traceState),
            flags: OTLPDecoding.traceFlags(flags),
            isRemote: OTLPDecoding.isRemote(flags: flags),
            attributes: attributes.attributes,
            droppedAttributeCount: droppedAttributes + attributes.dropped
        )
    }
}

private func hex(_ bytes: [UInt8]?, _ field: String) throws(OTLPSpanRejection) -> [UInt8] {
    guard let bytes else { throw OTLPSpanRejection("\(field) is not hex") }
    return bytes
}
