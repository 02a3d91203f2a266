import Foundation
import Tracing
import W3CTraceContext

/// Reads OTLP/JSON (`ExportTraceServiceRequest`, as `OTLPJSONEncoder` and the
/// OpenTelemetry SDKs write it) back into span records, for a receiver.
///
/// Lenient where protobuf's JSON mapping allows it (64-bit integers as strings
/// or numbers, missing fields as defaults, unknown fields ignored, enum numbers
/// as numbers), strict where the data would be wrong: a body that is not JSON,
/// or whose `resourceSpans`, `scopeSpans` or `spans` are not arrays of objects,
/// is refused whole; a span breaking `OTLPDecoding`'s rules is rejected alone.
/// IDs are hex, as OTLP/JSON requires. Attribute values map as `OTLPAnyValue`
/// says; a key-value without a key is dropped and counted.
///
/// ```swift
/// let decoded = try OTLPJSONDecoder().decodeRequest(requestBody)
/// store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
/// ```
public struct OTLPJSONDecoder: Sendable {
    public init() {}

    /// The spans of a request, and the ones rejected with their reasons.
    ///
    /// - Throws: `OTLPJSONDecodingError` when the body is not JSON or not shaped as a request.
    public func decodeRequest(_ bytes: [UInt8]) throws(OTLPJSONDecodingError) -> OTLPDecodedSpans {
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw OTLPJSONDecodingError("not JSON: \(error.localizedDescription)")
        }
        guard let root = document as? [String: Any] else { throw OTLPJSONDecodingError("not a JSON object") }
        var decoded = OTLPDecodedSpans()
        for resourceSpans in try objects(root["resourceSpans"], field: "resourceSpans") {
            let resourceObject = resourceSpans["resource"] as? [String: Any] ?? [:]
            let resource = Resource(attributes: attributes(resourceObject["attributes"]).attributes)
            for scopeSpans in try objects(resourceSpans["scopeSpans"], field: "scopeSpans") {
                let scope = self.scope(scopeSpans["scope"] as? [String: Any] ?? [:])
                for span in try objects(scopeSpans["spans"], field: "spans") {
                    do {
                        decoded.spans.append(try record(span, resource: resource, scope: scope))
                    } catch {
                        decoded.reject("span \"\(span["name"] as? String ?? "")\": \(error.reason)")
                    }
                }
            }
        }
        return decoded
    }

    /// Every span of a request.
    ///
    /// - Throws: `OTLPJSONDecodingError` when the body is not a request or any span was rejected.
    public func decode(_ bytes: [UInt8]) throws(OTLPJSONDecodingError) -> [SpanRecord] {
        let decoded = try decodeRequest(bytes)
        guard decoded.rejectedSpanCount == 0 else { throw OTLPJSONDecodingError(decoded.rejectionMessage) }
        return decoded.spans
    }

    private func record(
        _ span: [String: Any], resource: Resource, scope: InstrumentationScope
    ) throws(OTLPSpanRejection) -> SpanRecord {
        let traceID = try OTLPDecoding.traceID(try idBytes(span["traceId"], field: "traceId"), field: "traceId")
        let spanID = try OTLPDecoding.spanID(try idBytes(span["spanId"], field: "spanId"), field: "spanId")
        let parentSpanID = try OTLPDecoding.parentSpanID(try idBytes(span["parentSpanId"], field: "parentSpanId"))
        let startNanos = UInt64(clamping: integer(span["startTimeUnixNano"]) ?? 0)
        let endNanos = UInt64(clamping: integer(span["endTimeUnixNano"]) ?? 0)
        try OTLPDecoding.checkTimes(start: startNanos, end: endNanos)
        let flags = UInt32(truncatingIfNeeded: integer(span["flags"]) ?? 0)
        let decodedAttributes = attributes(span["attributes"])
        let events = objects(span["events"]).map { event in
            let decoded = attributes(event["attributes"])
            return SpanRecord.Event(
                name: event["name"] as? String ?? "",
                timeNanos: UInt64(clamping: integer(event["timeUnixNano"]) ?? 0),
                attributes: decoded.attributes,
                droppedAttributeCount: count(event["droppedAttributesCount"]) + decoded.dropped
            )
        }
        var links: [SpanRecord.Link] = []
        for (index, link) in objects(span["links"]).enumerated() {
            let field = "links[\(index)]"
            let decoded = attributes(link["attributes"])
            links.append(SpanRecord.Link(
                traceID: try OTLPDecoding.traceID(try idBytes(link["traceId"], field: "\(field).traceId"), field: "\(field).traceId"),
                spanID: try OTLPDecoding.spanID(try idBytes(link["spanId"], field: "\(field).spanId"), field: "\(field).spanId"),
                traceState: OTLPDecoding.traceState(link["traceState"] as? String ?? ""),
                attributes: decoded.attributes,
                droppedAttributeCount: count(link["droppedAttributesCount"]) + decoded.dropped
            ))
        }
        let status = span["status"] as? [String: Any] ?? [:]
        return SpanRecord(
            traceID: traceID,
            spanID: spanID,
            parentSpanID: parentSpanID,
            parentIsRemote: parentSpanID != nil && OTLPDecoding.parentIsRemote(flags: flags),
            name: span["name"] as? String ?? "",
            kind: OTLPDecoding.kind(Int(clamping: integer(span["kind"]) ?? 0)),
            startNanos: startNanos,
            endNanos: endNanos,
            attributes: decodedAttributes.attributes,
            events: events,
            links: links,
            status: OTLPDecoding.status(
                code: Int(clamping: integer(status["code"]) ?? 0), message: status["message"] as? String ?? ""
            ),
            flags: OTLPDecoding.traceFlags(flags),
            traceState: OTLPDecoding.traceState(span["traceState"] as? String ?? ""),
            resource: resource,
            scope: scope,
            droppedAttributeCount: count(span["droppedAttributesCount"]) + decodedAttributes.dropped,
            droppedEventCount: count(span["droppedEventsCount"]),
            droppedLinkCount: count(span["droppedLinksCount"])
        )
    }

    private func scope(_ object: [String: Any]) -> InstrumentationScope {
        let decoded = attributes(object["attributes"])
        return InstrumentationScope(
            name: object["name"] as? String ?? "",
            version: object["version"] as? String ?? "",
            attributes: decoded.attributes,
            droppedAttributeCount: count(object["droppedAttributesCount"]) + decoded.dropped
        )
    }

    /// The objects of a request's array; a missing array is empty, anything else is not a request.
    private func objects(_ value: Any?, field: String) throws(OTLPJSONDecodingError) -> [[String: Any]] {
        guard let value, !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw OTLPJSONDecodingError("\(field) is not an array") }
        var result: [[String: Any]] = []
        result.reserveCapacity(array.count)
        for element in array {
            guard let object = element as? [String: Any] else {
                throw OTLPJSONDecodingError("\(field) holds something other than objects")
            }
            result.append(object)
        }
        return result
    }

    /// The objects of a span's own array (events, links, attributes); anything else in it is skipped.
    private func objects(_ value: Any?) -> [[String: Any]] {
        (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
    }

    /// The bytes of a hex ID; absent or empty is no bytes.
    private func idBytes(_ value: Any?, field: String) throws(OTLPSpanRejection) -> [UInt8] {
        guard let value, !(value is NSNull) else { return [] }
        guard let hex = value as? String, let bytes = bytes(hex: hex) else {
            throw OTLPSpanRejection("\(field) is not hex")
        }
        return bytes
    }

    private func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[pair]), let low = hexValue(digits[pair + 1]) else { return nil }
            result.append(high << 4 | low)
        }
        return result
    }

    /// OTLP/JSON writes lowercase hex; uppercase is read too, as protobuf's JSON parsers are lenient with it.
    private func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// 64-bit integers arrive as decimal strings (OTLP) or numbers (protobuf JSON).
    /// Times beyond Int64 (after 2262) are not representable here and clamp.
    private func integer(_ value: Any?) -> Int64? {
        switch value {
        case let text as String: Int64(text) ?? UInt64(text).map { Int64(clamping: $0) }
        case let number as NSNumber: number.int64Value
        default: nil
        }
    }

    private func count(_ value: Any?) -> Int {
        Int(clamping: max(0, integer(value) ?? 0))
    }

    private func double(_ value: Any?) -> Double? {
        switch value {
        case let text as String: Double(text) ?? ["NaN": .nan, "Infinity": .infinity, "-Infinity": -.infinity][text]
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }

    private func attributes(_ value: Any?) -> (attributes: [Attribute], dropped: Int) {
        var result: [Attribute] = []
        var dropped = 0
        for keyValue in objects(value) {
            guard let key = keyValue["key"] as? String, !key.isEmpty else {
                dropped += 1
                continue
            }
            result.append(Attribute(key, anyValue(keyValue["value"]).attributeValue))
        }
        return (result, dropped)
    }

    /// The one field of an `AnyValue` object; none (or one this reader does not know) is the empty value.
    private func anyValue(_ value: Any?) -> OTLPAnyValue {
        guard let object = value as? [String: Any] else { return .empty }
        if let text = object["stringValue"] as? String { return .string(text) }
        if let flag = object["boolValue"] as? Bool { return .bool(flag) }
        if let number = integer(object["intValue"]) { return .int(number) }
        if let number = double(object["doubleValue"]) { return .double(number) }
        if let base64 = object["bytesValue"] as? String, let data = Data(base64Encoded: base64) { return .bytes(Array(data)) }
        if let array = object["arrayValue"] as? [String: Any] {
            return .array(objects(array["values"]).map { anyValue($0) })
        }
        if let list = object["kvlistValue"] as? [String: Any] {
            return .keyValueList(objects(list["values"]).map { entry in
                OTLPAnyValue.KeyValue(entry["key"] as? String ?? "", anyValue(entry["value"]))
            })
        }
        return .empty
    }
}

/// Why an OTLP/JSON body could not be read.
///
/// ```swift
/// do { _ = try OTLPJSONDecoder().decodeRequest(body) } catch { print(error.description) }
/// ```
public struct OTLPJSONDecodingError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
