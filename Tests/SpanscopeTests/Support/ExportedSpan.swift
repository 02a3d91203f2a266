import Foundation
import Spanscope
import Testing
import Tracing
import W3CTraceContext

/// A span as a Python peer printed it (`Tests/python/otlp_expected.py`): what went on
/// the wire, field for field, for comparison with what the store holds.
struct ExportedSpan: Decodable {
    struct TypedAttribute: Decodable {
        var key: String
        var value: AttributeValue

        private enum CodingKeys: String, CodingKey { case key, type, value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "string": value = .string(try container.decode(String.self, forKey: .value))
            case "bool": value = .bool(try container.decode(Bool.self, forKey: .value))
            case "int": value = .int(try container.decode(Int64.self, forKey: .value))
            case "double": value = .double(try container.decode(Double.self, forKey: .value))
            case "string[]": value = .stringArray(try container.decode([String].self, forKey: .value))
            case "bool[]": value = .boolArray(try container.decode([Bool].self, forKey: .value))
            case "int[]": value = .intArray(try container.decode([Int64].self, forKey: .value))
            case "double[]": value = .doubleArray(try container.decode([Double].self, forKey: .value))
            default:
                throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "type \(type)")
            }
        }
    }

    struct Event: Decodable {
        var name: String
        var timeUnixNano: UInt64
        var attributes: [TypedAttribute]
        var droppedAttributesCount: Int
    }

    struct Link: Decodable {
        var traceId: String
        var spanId: String
        var traceState: String
        var traceFlags: UInt8
        var isRemote: Bool?
        var attributes: [TypedAttribute]
        var droppedAttributesCount: Int
    }

    struct Status: Decodable {
        var code: String
        var message: String
    }

    struct Scope: Decodable {
        var name: String
        var version: String
        var attributes: [TypedAttribute]
        var droppedAttributesCount: Int?
    }

    var traceId: String
    var spanId: String
    var parentSpanId: String?
    var parentIsRemote: Bool
    var traceFlags: UInt8
    var traceState: String
    var name: String
    var kind: String
    var startTimeUnixNano: UInt64
    var endTimeUnixNano: UInt64
    var attributes: [TypedAttribute]
    var droppedAttributesCount: Int
    var events: [Event]
    var droppedEventsCount: Int
    var links: [Link]
    var droppedLinksCount: Int
    var status: Status
    var resource: [TypedAttribute]
    var scope: Scope

    /// Every field of `stored` against what was sent.
    func expectMatches(_ stored: SpanRecord, sourceLocation: SourceLocation = #_sourceLocation) {
        let what = "span \(name)"
        #expect(stored.traceID.description == traceId, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.spanID.description == spanId, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.parentSpanID?.description == parentSpanId, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.parentIsRemote == parentIsRemote, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.flags.rawValue == traceFlags, "\(what)", sourceLocation: sourceLocation)
        #expect(TraceStateHeader.format(stored.traceState) ?? "" == traceState, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.name == name, sourceLocation: sourceLocation)
        #expect("\(stored.kind)" == kind, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.startNanos == startTimeUnixNano, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.endNanos == endTimeUnixNano, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.attributes == attributes.map(\.attribute), "\(what)", sourceLocation: sourceLocation)
        #expect(stored.droppedAttributeCount == droppedAttributesCount, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.events == events.map(\.event), "\(what)", sourceLocation: sourceLocation)
        #expect(stored.droppedEventCount == droppedEventsCount, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.links.count == links.count, "\(what)", sourceLocation: sourceLocation)
        for (storedLink, link) in zip(stored.links, links) {
            #expect(storedLink.traceID.description == link.traceId, "\(what)", sourceLocation: sourceLocation)
            #expect(storedLink.spanID.description == link.spanId, "\(what)", sourceLocation: sourceLocation)
            #expect(
                TraceStateHeader.format(storedLink.traceState) ?? "" == link.traceState, "\(what)",
                sourceLocation: sourceLocation
            )
            #expect(storedLink.flags.rawValue == link.traceFlags, "\(what)", sourceLocation: sourceLocation)
            #expect(storedLink.isRemote == link.isRemote, "\(what)", sourceLocation: sourceLocation)
            #expect(storedLink.attributes == link.attributes.map(\.attribute), "\(what)", sourceLocation: sourceLocation)
            #expect(
                storedLink.droppedAttributeCount == link.droppedAttributesCount, "\(what)", sourceLocation: sourceLocation
            )
        }
        #expect(stored.droppedLinkCount == droppedLinksCount, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.status == status.spanStatus, "\(what)", sourceLocation: sourceLocation)
        #expect(stored.resource.attributes == resource.map(\.attribute), "\(what)", sourceLocation: sourceLocation)
        #expect(stored.scope == scope.instrumentationScope, "\(what)", sourceLocation: sourceLocation)
    }
}

extension ExportedSpan.TypedAttribute {
    var attribute: Attribute { Attribute(key, value) }
}

extension ExportedSpan.Event {
    var event: SpanRecord.Event {
        SpanRecord.Event(
            name: name, timeNanos: timeUnixNano, attributes: attributes.map(\.attribute),
            droppedAttributeCount: droppedAttributesCount
        )
    }
}

extension ExportedSpan.Status {
    var spanStatus: SpanStatus? {
        switch code {
        case "ok": SpanStatus(code: .ok, message: message.isEmpty ? nil : message)
        case "error": SpanStatus(code: .error, message: message.isEmpty ? nil : message)
        default: nil
        }
    }
}

extension ExportedSpan.Scope {
    var instrumentationScope: InstrumentationScope {
        InstrumentationScope(
            name: name, version: version, attributes: attributes.map(\.attribute),
            droppedAttributeCount: droppedAttributesCount ?? 0
        )
    }
}

/// Expects every exported span in the store, in a trace holding exactly the spans exported for it.
func expectStored(_ exported: [ExportedSpan], in store: TraceStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let byTrace = Dictionary(grouping: exported, by: \.traceId)
    for (hex, spans) in byTrace {
        let trace = try #require(
            store.trace(id: try traceID(hex: hex)), "trace \(hex) not held", sourceLocation: sourceLocation
        )
        #expect(trace.spans.count == spans.count, sourceLocation: sourceLocation)
        for span in spans {
            let stored = try #require(
                trace.spans.first { $0.spanID.description == span.spanId }, "span \(span.name) not held",
                sourceLocation: sourceLocation
            )
            span.expectMatches(stored, sourceLocation: sourceLocation)
        }
    }
}

/// A trace-id from its 32 hex digits.
func traceID(hex: String) throws -> TraceID {
    let digits = Array(hex.utf8)
    try #require(digits.count == 32)
    var bytes = TraceID.null.bytes
    try withUnsafeMutableBytes(of: &bytes) { raw in
        for index in 0..<16 {
            let pair = String(decoding: digits[2 * index...2 * index + 1], as: UTF8.self)
            raw[index] = try #require(UInt8(pair, radix: 16))
        }
    }
    return TraceID(bytes: bytes)
}
