import Foundation
import Tracing
import W3CTraceContext

/// Reads OTLP/JSON (`ExportTraceServiceRequest`, as `OTLPJSONEncoder` and the
/// OpenTelemetry SDKs write it) back into span records, for a receiver.
///
/// Lenient where protobuf's JSON mapping allows it (64-bit integers as strings
/// or numbers, missing fields as defaults, unknown fields ignored) and strict
/// where data would be wrong: IDs must be hex of the right length. Attribute
/// values Spanscope cannot store (`kvlistValue`, `bytesValue`, mixed arrays)
/// are left out and counted in `droppedAttributeCount`.
///
/// ```swift
/// let spans = try OTLPJSONDecoder().decode(requestBody)
/// for span in spans { store.record(span) }
/// ```
public struct OTLPJSONDecoder: Sendable {
    public init() {}

    /// - Throws: `OTLPJSONDecodingError` when the body is not JSON or a span lacks valid IDs.
    public func decode(_ bytes: [UInt8]) throws(OTLPJSONDecodingError) -> [SpanRecord] {
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw OTLPJSONDecodingError("not JSON: \(error)")
        }
        guard let root = document as? [String: Any] else { throw OTLPJSONDecodingError("not a JSON object") }
        var spans: [SpanRecord] = []
        for resourceSpans in objects(root["resourceSpans"]) {
            let resourceObject = resourceSpans["resource"] as? [String: Any] ?? [:]
            let resource = Resource(attributes: attributes(resourceObject["attributes"]).attributes)
            for scopeSpans in objects(resourceSpans["scopeSpans"]) {
                for span in objects(scopeSpans["spans"]) {
                    spans.append(try record(span, resource: resource))
                }
            }
        }
        return spans
    }

    private func record(_ span: [String: Any], resource: Resource) throws(OTLPJSONDecodingError) -> SpanRecord {
        guard let traceID = (span["traceId"] as? String).flatMap(traceID(hex:)),
              let spanID = (span["spanId"] as? String).flatMap(spanID(hex:))
        else { throw OTLPJSONDecodingError("span without a valid traceId/spanId") }
        var parentSpanID: SpanID?
        if let parent = span["parentSpanId"] as? String, !parent.isEmpty {
            guard let id = self.spanID(hex: parent) else { throw OTLPJSONDecodingError("invalid parentSpanId \(parent)") }
            parentSpanID = id
        }
        let flags = integer(span["flags"]) ?? 1
        let decodedAttributes = attributes(span["attributes"])
        let events = objects(span["events"]).map { event in
            let decoded = attributes(event["attributes"])
            return SpanRecord.Event(
                name: event["name"] as? String ?? "",
                timeNanos: UInt64(clamping: integer(event["timeUnixNano"]) ?? 0),
                attributes: decoded.attributes,
                droppedAttributeCount: Int(integer(event["droppedAttributesCount"]) ?? 0) + decoded.dropped
            )
        }
        var links: [SpanRecord.Link] = []
        for link in objects(span["links"]) {
            guard let linkTrace = (link["traceId"] as? String).flatMap(traceID(hex:)),
                  let linkSpan = (link["spanId"] as? String).flatMap(spanID(hex:))
            else { throw OTLPJSONDecodingError("link without a valid traceId/spanId") }
            let decoded = attributes(link["attributes"])
            let linkFlags = integer(link["flags"]) ?? 0
            links.append(SpanRecord.Link(
                traceID: linkTrace,
                spanID: linkSpan,
                traceState: traceState(link["traceState"]),
                flags: TraceFlags(rawValue: UInt8(truncatingIfNeeded: linkFlags)),
                isRemote: linkFlags & 0x100 != 0 ? linkFlags & 0x200 != 0 : nil,
                attributes: decoded.attributes,
                droppedAttributeCount: Int(integer(link["droppedAttributesCount"]) ?? 0) + decoded.dropped
            ))
        }
        let statusObject = span["status"] as? [String: Any] ?? [:]
        let statusMessage = (statusObject["message"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let status: SpanStatus? = switch integer(statusObject["code"]) {
        case 1: SpanStatus(code: .ok, message: statusMessage)
        case 2: SpanStatus(code: .error, message: statusMessage)
        default: nil
        }
        return SpanRecord(
            traceID: traceID,
            spanID: spanID,
            parentSpanID: parentSpanID,
            parentIsRemote: flags & 0x200 != 0,
            name: span["name"] as? String ?? "",
            kind: kind(integer(span["kind"])),
            startNanos: UInt64(clamping: integer(span["startTimeUnixNano"]) ?? 0),
            endNanos: UInt64(clamping: integer(span["endTimeUnixNano"]) ?? 0),
            attributes: decodedAttributes.attributes,
            events: events,
            links: links,
            status: status,
            flags: TraceFlags(rawValue: UInt8(truncatingIfNeeded: flags)),
            traceState: traceState(span["traceState"]),
            resource: resource,
            droppedAttributeCount: Int(integer(span["droppedAttributesCount"]) ?? 0) + decodedAttributes.dropped,
            droppedEventCount: Int(integer(span["droppedEventsCount"]) ?? 0),
            droppedLinkCount: Int(integer(span["droppedLinksCount"]) ?? 0)
        )
    }

    private func kind(_ number: Int64?) -> SpanKind {
        switch number {
        case 2: .server
        case 3: .client
        case 4: .producer
        case 5: .consumer
        default: .internal
        }
    }

    private func objects(_ value: Any?) -> [[String: Any]] {
        (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
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
            guard let key = keyValue["key"] as? String,
                  let any = keyValue["value"] as? [String: Any],
                  let decoded = attributeValue(any)
            else {
                dropped += 1
                continue
            }
            result.append(Attribute(key, decoded))
        }
        return (result, dropped)
    }

    private func attributeValue(_ any: [String: Any]) -> AttributeValue? {
        if let text = any["stringValue"] as? String { return .string(text) }
        if let number = integer(any["intValue"]) { return .int(number) }
        if let number = double(any["doubleValue"]) { return .double(number) }
        if let flag = any["boolValue"] as? Bool { return .bool(flag) }
        guard let array = any["arrayValue"] as? [String: Any] else { return nil }
        let items = objects(array["values"]).map(attributeValue)
        if let strings = items.allAs({ if case .string(let v)? = $0 { v } else { nil } }) { return .stringArray(strings) }
        if let ints = items.allAs({ if case .int(let v)? = $0 { v } else { nil } }) { return .intArray(ints) }
        if let doubles = items.allAs({ if case .double(let v)? = $0 { v } else { nil } }) { return .doubleArray(doubles) }
        if let bools = items.allAs({ if case .bool(let v)? = $0 { v } else { nil } }) { return .boolArray(bools) }
        return nil
    }

    /// Members that do not parse are skipped: trace state is advisory.
    private func traceState(_ value: Any?) -> TraceState {
        guard let header = value as? String, !header.isEmpty else { return TraceState() }
        let members = header.split(separator: ",").compactMap { member -> (TraceState.Vendor, String)? in
            let parts = member.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            return (TraceState.Vendor(rawValue: String(parts[0])), String(parts[1]))
        }
        return TraceState(members)
    }

    private func traceID(hex: String) -> TraceID? {
        guard let b = bytes(hex: hex, count: 16) else { return nil }
        return TraceID(bytes: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    private func spanID(hex: String) -> SpanID? {
        guard let b = bytes(hex: hex, count: 8) else { return nil }
        return SpanID(bytes: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]))
    }

    private func bytes(hex: String, count: Int) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == count * 2 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[pair]), let low = hexValue(digits[pair + 1]) else { return nil }
            result.append(high << 4 | low)
        }
        return result
    }

    private func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why an OTLP/JSON body could not be read.
///
/// ```swift
/// do { _ = try OTLPJSONDecoder().decode(body) } catch { print(error.description) }
/// ```
public struct OTLPJSONDecodingError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Array {
    /// All elements mapped, or nil if any does not map.
    fileprivate func allAs<T>(_ transform: (Element) -> T?) -> [T]? {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self {
            guard let value = transform(element) else { return nil }
            result.append(value)
        }
        return result
    }
}
