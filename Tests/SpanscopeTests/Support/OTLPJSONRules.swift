import Foundation
import Testing

/// The OTLP/JSON rules (OTLP specification, "JSON Protobuf Encoding") checked on a raw
/// document, field by field: keys are the proto fields' lowerCamelCase JSON names and no
/// others; trace and span IDs are hex, not base64; enums are integers, not names; 64-bit
/// integers are decimal strings; 32-bit ones are numbers; an `AnyValue` holds one field.
enum OTLPJSONRules {
    private indirect enum Field: Sendable {
        case hex(bytes: Int)
        case string
        case int64String
        case uint32
        case enumNumber(ClosedRange<Int>)
        case bool
        case double
        case message(String)
        case list(Field)
    }

    private static let messages: [String: [String: Field]] = [
        "ExportTraceServiceRequest": ["resourceSpans": .list(.message("ResourceSpans"))],
        "ResourceSpans": ["resource": .message("Resource"), "scopeSpans": .list(.message("ScopeSpans")), "schemaUrl": .string],
        "Resource": ["attributes": .list(.message("KeyValue")), "droppedAttributesCount": .uint32],
        "ScopeSpans": ["scope": .message("InstrumentationScope"), "spans": .list(.message("Span")), "schemaUrl": .string],
        "InstrumentationScope": [
            "name": .string, "version": .string, "attributes": .list(.message("KeyValue")), "droppedAttributesCount": .uint32,
        ],
        "Span": [
            "traceId": .hex(bytes: 16), "spanId": .hex(bytes: 8), "traceState": .string, "parentSpanId": .hex(bytes: 8),
            "flags": .uint32, "name": .string, "kind": .enumNumber(0...5), "startTimeUnixNano": .int64String,
            "endTimeUnixNano": .int64String, "attributes": .list(.message("KeyValue")), "droppedAttributesCount": .uint32,
            "events": .list(.message("Event")), "droppedEventsCount": .uint32, "links": .list(.message("Link")),
            "droppedLinksCount": .uint32, "status": .message("Status"),
        ],
        "Event": [
            "timeUnixNano": .int64String, "name": .string, "attributes": .list(.message("KeyValue")), "droppedAttributesCount": .uint32,
        ],
        "Link": [
            "traceId": .hex(bytes: 16), "spanId": .hex(bytes: 8), "traceState": .string,
            "attributes": .list(.message("KeyValue")), "droppedAttributesCount": .uint32, "flags": .uint32,
        ],
        "Status": ["message": .string, "code": .enumNumber(0...2)],
        "KeyValue": ["key": .string, "value": .message("AnyValue")],
        "AnyValue": [
            "stringValue": .string, "boolValue": .bool, "intValue": .int64String, "doubleValue": .double,
            "arrayValue": .message("ArrayValue"),
        ],
        "ArrayValue": ["values": .list(.message("AnyValue"))],
    ]

    /// Records an issue listing every rule the document breaks.
    static func expectFollowed(by body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let broken = try violations(in: body)
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// Every rule the document breaks, each with the path to the value that breaks it.
    static func violations(in body: [UInt8]) throws -> [String] {
        let document = try JSONSerialization.jsonObject(with: Data(body))
        var violations: [String] = []
        check(document, as: .message("ExportTraceServiceRequest"), path: "$", into: &violations)
        return violations
    }

    private static func check(_ value: Any, as field: Field, path: String, into violations: inout [String]) {
        func fail(_ rule: String) {
            violations.append("\(path) = \(value): \(rule)")
        }
        let isNumber = !(value is String) && value is NSNumber
        switch field {
        case .hex(let bytes):
            let hexDigits = "0123456789abcdef"
            guard let text = value as? String, text.count == bytes * 2, text.allSatisfy(hexDigits.contains) else {
                return fail("an ID is \(bytes * 2) lowercase hex digits")
            }
        case .string:
            if !(value is String) { fail("a string") }
        case .int64String:
            guard let text = value as? String, Int64(text) != nil || UInt64(text) != nil else {
                return fail("a 64-bit integer is a decimal string")
            }
        case .uint32:
            guard isNumber, let number = value as? NSNumber, number.doubleValue == Double(number.uint32Value) else {
                return fail("a 32-bit unsigned integer is a JSON number")
            }
        case .enumNumber(let range):
            guard isNumber, let number = value as? NSNumber, range.contains(number.intValue) else {
                return fail("an enum is an integer in \(range), not a name")
            }
        case .bool:
            // JSONSerialization reads true and false as NSNumbers of C type `char`, numbers as wider types.
            if isNumber, let number = value as? NSNumber, String(cString: number.objCType) == "c" { return }
            fail("a boolean, not a number")
        case .double:
            if isNumber { return }
            if let text = value as? String, ["NaN", "Infinity", "-Infinity"].contains(text) { return }
            fail("a double is a number, or NaN/Infinity/-Infinity as a string")
        case .list(let element):
            guard let items = value as? [Any] else { return fail("a list") }
            for (index, item) in items.enumerated() {
                check(item, as: element, path: "\(path)[\(index)]", into: &violations)
            }
        case .message(let name):
            guard let object = value as? [String: Any], let fields = messages[name] else { return fail("a \(name) object") }
            if name == "AnyValue", object.count != 1 { fail("an AnyValue holds exactly one value field") }
            for (key, item) in object {
                guard let itemField = fields[key] else {
                    violations.append("\(path).\(key) = \(item): not a field of \(name) in OTLP/JSON (lowerCamelCase names only)")
                    continue
                }
                check(item, as: itemField, path: "\(path).\(key)", into: &violations)
            }
        }
    }
}
