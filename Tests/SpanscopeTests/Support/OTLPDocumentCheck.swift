import Foundation
import Spanscope
import Testing
import Tracing
import W3CTraceContext

/// Checks an `ExportTraceServiceRequest` in its JSON form (parsed by JSONSerialization)
/// against the spans that were sent, field for field. The expectations here are written
/// from the OTLP proto, independently of the encoders: enum numbers, flag bits and the
/// decimal-string and hex forms are spelt out.
enum OTLPDocumentCheck {
    /// Every span of `spans` is in `document` exactly once, with every field equal; spans are
    /// grouped by resource, then by scope, one `ResourceSpans` and one `ScopeSpans` each.
    /// Absent fields count as their defaults, as protobuf's JSON mapping allows.
    static func expectSpans(
        _ spans: [SpanRecord], in document: Any, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let request = try #require(document as? [String: Any], sourceLocation: sourceLocation)
        let resourceSpansList = try list(request["resourceSpans"])
        let resources = spans.reduce(into: [Resource]()) { if !$0.contains($1.resource) { $0.append($1.resource) } }
        #expect(resourceSpansList.count == resources.count, "one ResourceSpans per resource", sourceLocation: sourceLocation)
        var found: [String: (span: [String: Any], resource: [Attribute], scope: [String])] = [:]
        for resourceSpans in resourceSpansList {
            let resource = try object(resourceSpans["resource"])
            let resourceAttributes = try attributes(resource["attributes"])
            #expect(uint(resource["droppedAttributesCount"]) == 0, sourceLocation: sourceLocation)
            let scopeSpansList = try list(resourceSpans["scopeSpans"])
            let scopes = try scopeSpansList.map { scopeSpans in try scopeForm(try scopeSpans["scope"].map(object) ?? [:]) }
            #expect(Set(scopes).count == scopes.count, "one ScopeSpans per scope: \(scopes)", sourceLocation: sourceLocation)
            for (scopeSpans, scope) in zip(scopeSpansList, scopes) {
                for span in try list(scopeSpans["spans"]) {
                    let id = try #require(span["spanId"] as? String, sourceLocation: sourceLocation)
                    #expect(found[id] == nil, "span \(id) appears once", sourceLocation: sourceLocation)
                    found[id] = (span, resourceAttributes, scope)
                }
            }
        }
        #expect(found.count == spans.count, sourceLocation: sourceLocation)
        for expected in spans {
            let entry = try #require(found[expected.spanID.description], "span \(expected.name)", sourceLocation: sourceLocation)
            #expect(entry.resource.wireForm == expected.resource.attributes.wireForm, "resource of \(expected.name)", sourceLocation: sourceLocation)
            #expect(entry.scope == expected.scope.wireForm, "scope of \(expected.name)", sourceLocation: sourceLocation)
            try expectSpan(entry.span, equals: expected, sourceLocation: sourceLocation)
        }
    }

    /// An `InstrumentationScope` message as `InstrumentationScope.wireForm` writes the expected one.
    private static func scopeForm(_ scope: [String: Any]) throws -> [String] {
        let dropped = uint(scope["droppedAttributesCount"]).map(String.init) ?? "not a number"
        return [try #require(string(scope["name"])), try #require(string(scope["version"])), "dropped:" + dropped]
            + (try attributes(scope["attributes"])).wireForm
    }

    private static func expectSpan(_ span: [String: Any], equals expected: SpanRecord, sourceLocation: SourceLocation) throws {
        let name = expected.name
        #expect(span["traceId"] as? String == expected.traceID.description, "\(name)", sourceLocation: sourceLocation)
        #expect(string(span["parentSpanId"]) == (expected.parentSpanID?.description ?? ""), "\(name)", sourceLocation: sourceLocation)
        #expect(string(span["traceState"]) == traceStateHeader(expected.traceState), "\(name)", sourceLocation: sourceLocation)
        // Bits 0-7: the W3C flags; bit 8: remoteness known; bit 9: the parent is remote.
        let flags = UInt64(expected.flags.rawValue) | 0x100 | (expected.parentIsRemote ? 0x200 : 0)
        #expect(uint(span["flags"]) == flags, "\(name)", sourceLocation: sourceLocation)
        #expect(span["name"] as? String == expected.name, sourceLocation: sourceLocation)
        #expect(uint(span["kind"]) == kindNumber(expected.kind), "\(name)", sourceLocation: sourceLocation)
        #expect(span["startTimeUnixNano"] as? String == String(expected.startNanos), "\(name)", sourceLocation: sourceLocation)
        #expect(span["endTimeUnixNano"] as? String == String(expected.endNanos), "\(name)", sourceLocation: sourceLocation)
        #expect(try attributes(span["attributes"]).wireForm == expected.attributes.wireForm, "\(name)", sourceLocation: sourceLocation)
        #expect(uint(span["droppedAttributesCount"]) == UInt64(expected.droppedAttributeCount), "\(name)", sourceLocation: sourceLocation)
        #expect(uint(span["droppedEventsCount"]) == UInt64(expected.droppedEventCount), "\(name)", sourceLocation: sourceLocation)
        #expect(uint(span["droppedLinksCount"]) == UInt64(expected.droppedLinkCount), "\(name)", sourceLocation: sourceLocation)

        let events = try list(span["events"])
        try #require(events.count == expected.events.count, "\(name)", sourceLocation: sourceLocation)
        for (event, want) in zip(events, expected.events) {
            #expect(event["timeUnixNano"] as? String == String(want.timeNanos), sourceLocation: sourceLocation)
            #expect(event["name"] as? String == want.name, sourceLocation: sourceLocation)
            #expect(try attributes(event["attributes"]).wireForm == want.attributes.wireForm, sourceLocation: sourceLocation)
            #expect(uint(event["droppedAttributesCount"]) == UInt64(want.droppedAttributeCount), sourceLocation: sourceLocation)
        }

        let links = try list(span["links"])
        try #require(links.count == expected.links.count, "\(name)", sourceLocation: sourceLocation)
        for (link, want) in zip(links, expected.links) {
            #expect(link["traceId"] as? String == want.traceID.description, sourceLocation: sourceLocation)
            #expect(link["spanId"] as? String == want.spanID.description, sourceLocation: sourceLocation)
            #expect(string(link["traceState"]) == traceStateHeader(want.traceState), sourceLocation: sourceLocation)
            let remoteBits: UInt64 = switch want.isRemote {
            case nil: 0
            case false?: 0x100
            case true?: 0x300
            }
            #expect(uint(link["flags"]) == UInt64(want.flags.rawValue) | remoteBits, "link to \(want.spanID)", sourceLocation: sourceLocation)
            #expect(try attributes(link["attributes"]).wireForm == want.attributes.wireForm, sourceLocation: sourceLocation)
            #expect(uint(link["droppedAttributesCount"]) == UInt64(want.droppedAttributeCount), sourceLocation: sourceLocation)
        }

        let status = span["status"] as? [String: Any] ?? [:]
        let code: UInt64 = switch expected.status?.code {
        case nil: 0
        case .ok?: 1
        case .error?: 2
        }
        #expect(uint(status["code"]) == code, "\(name)", sourceLocation: sourceLocation)
        #expect(string(status["message"]) == (expected.status?.message ?? ""), "\(name)", sourceLocation: sourceLocation)
    }

    private static func kindNumber(_ kind: SpanKind) -> UInt64 {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    private static func traceStateHeader(_ state: TraceState) -> String {
        state.map { "\($0.vendor.rawValue)=\($0.value)" }.joined(separator: ",")
    }

    /// `KeyValue`s back to attributes; an `AnyValue` must hold exactly one typed field.
    /// An empty array has no element type in OTLP, so it reads as an empty string array.
    private static func attributes(_ value: Any?) throws -> [Attribute] {
        try list(value).map { keyValue in
            let key = try #require(keyValue["key"] as? String)
            return Attribute(key, try anyValue(try object(keyValue["value"])))
        }
    }

    private static func anyValue(_ value: [String: Any]) throws -> AttributeValue {
        try #require(value.count == 1, "AnyValue \(value) holds one field")
        if let text = value["stringValue"] as? String { return .string(text) }
        if let text = value["intValue"] as? String { return .int(try #require(Int64(text), "intValue \(text)")) }
        if let number = value["doubleValue"] { return .double(try double(number)) }
        if let flag = value["boolValue"] as? Bool { return .bool(flag) }
        let items = try list(try object(value["arrayValue"])["values"]).map(anyValue)
        if items.isEmpty { return .stringArray([]) }
        if case .string? = items.first { return .stringArray(try items.map { if case .string(let v) = $0 { v } else { throw Mixed() } }) }
        if case .int? = items.first { return .intArray(try items.map { if case .int(let v) = $0 { v } else { throw Mixed() } }) }
        if case .double? = items.first { return .doubleArray(try items.map { if case .double(let v) = $0 { v } else { throw Mixed() } }) }
        return .boolArray(try items.map { if case .bool(let v) = $0 { v } else { throw Mixed() } })
    }

    private struct Mixed: Error {}

    /// A JSON number, or protobuf JSON's names for the non-finite values.
    private static func double(_ value: Any) throws -> Double {
        switch value {
        case let text as String:
            try #require(["NaN": Double.nan, "Infinity": .infinity, "-Infinity": -.infinity][text], "doubleValue \(text)")
        case let number as NSNumber:
            number.doubleValue
        default:
            try #require(nil as Double?, "doubleValue \(value)")
        }
    }

    private static func list(_ value: Any?) throws -> [[String: Any]] {
        guard let value else { return [] }
        return try #require(value as? [Any], "\(value) is a list").map(object)
    }

    private static func object(_ value: Any?) throws -> [String: Any] {
        try #require(value as? [String: Any], "\(String(describing: value)) is an object")
    }

    /// A JSON number (never a string) as an unsigned integer; absent is 0.
    private static func uint(_ value: Any?) -> UInt64? {
        guard let value else { return 0 }
        guard !(value is String), let number = value as? NSNumber else { return nil }
        return number.uint64Value
    }

    /// A string field; absent is empty.
    private static func string(_ value: Any?) -> String? {
        guard let value else { return "" }
        return value as? String
    }
}

extension InstrumentationScope {
    /// Name, version, dropped count and attributes, compared as `scopeForm` reads them off the wire.
    var wireForm: [String] {
        [name, version, "dropped:\(droppedAttributeCount)"] + attributes.wireForm
    }
}

extension [Attribute] {
    /// Keys, types and values, doubles by their bits: `AttributeValue`'s `==` says NaN != NaN,
    /// and its description does not tell `"1"` from `1`.
    var wireForm: [String] {
        map { attribute in
            let value = switch attribute.value {
            case .string(let v): "string:" + String(reflecting: v)
            case .int(let v): "int:\(v)"
            case .double(let v): "double:\(v.bitPattern)"
            case .bool(let v): "bool:\(v)"
            case .stringArray(let v): "strings:" + String(reflecting: v)
            case .intArray(let v): "ints:\(v)"
            case .doubleArray(let v): "doubles:\(v.map(\.bitPattern))"
            case .boolArray(let v): "bools:\(v)"
            }
            return String(reflecting: attribute.key) + "=" + value
        }
    }
}
