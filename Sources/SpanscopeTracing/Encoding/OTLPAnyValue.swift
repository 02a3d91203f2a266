import Foundation

/// OTLP's `AnyValue` as both OTLP decoders read it, before it becomes an
/// `AttributeValue`.
///
/// The store types what OpenTelemetry's span API produces: primitives and
/// homogeneous arrays of them. The rest of `AnyValue` (byte arrays, maps,
/// arrays mixing types or nesting, empty values) is kept as a string, written as
/// the specification's "AnyValue representation for non-OTLP protocols" says:
/// byte arrays in base64, maps as JSON objects, arrays as JSON arrays, an empty
/// value as the empty string (as `null` inside an array or map).
///
/// ```swift
/// let value = OTLPAnyValue.keyValueList([("region", .string("eu")), ("zone", .int(3))])
/// print(value.attributeValue) // string("{\"region\":\"eu\",\"zone\":3}")
/// ```
public enum OTLPAnyValue: Sendable, Hashable {
    case empty
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case bytes([UInt8])
    case array([OTLPAnyValue])
    case keyValueList([KeyValue])

    /// One entry of a `kvlistValue`.
    public struct KeyValue: Sendable, Hashable {
        public var key: String
        public var value: OTLPAnyValue

        public init(_ key: String, _ value: OTLPAnyValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value as the store keeps it: typed when the span API could have made it, else as text.
    public var attributeValue: AttributeValue {
        switch self {
        case .empty: return .string("")
        case .string(let v): return .string(v)
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .bytes(let v): return .string(Data(v).base64EncodedString())
        case .keyValueList: return .string(JSONWriter.text { $0.otlpPlainValue(self) })
        case .array(let items):
            if let typed = Self.homogeneousArray(items) { return typed }
            return .string(JSONWriter.text { $0.otlpPlainValue(self) })
        }
    }

    /// A typed array when every item is a primitive of one type; an empty array is a string array.
    private static func homogeneousArray(_ items: [OTLPAnyValue]) -> AttributeValue? {
        guard let first = items.first else { return .stringArray([]) }
        switch first {
        case .string: return items.allAs { if case .string(let v) = $0 { v } else { nil } }.map(AttributeValue.stringArray)
        case .bool: return items.allAs { if case .bool(let v) = $0 { v } else { nil } }.map(AttributeValue.boolArray)
        case .int: return items.allAs { if case .int(let v) = $0 { v } else { nil } }.map(AttributeValue.intArray)
        case .double: return items.allAs { if case .double(let v) = $0 { v } else { nil } }.map(AttributeValue.doubleArray)
        case .empty, .bytes, .array, .keyValueList: return nil
        }
    }
}

extension JSONWriter {
    /// An `AnyValue` as JSON, per the specification's non-OTLP representation.
    fileprivate mutating func otlpPlainValue(_ value: OTLPAnyValue) {
        switch value {
        case .empty: null()
        case .string(let v): string(v)
        case .bool(let v): bool(v)
        case .int(let v): int(v)
        case .double(let v): double(v)
        case .bytes(let v): string(Data(v).base64EncodedString())
        case .array(let items): array { w in for item in items { w.otlpPlainValue(item) } }
        case .keyValueList(let entries):
            object { w in
                for entry in entries {
                    w.key(entry.key)
                    w.otlpPlainValue(entry.value)
                }
            }
        }
    }
}

extension Array {
    /// All elements mapped, or nil if any does not map.
    func allAs<T>(_ transform: (Element) -> T?) -> [T]? {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self {
            guard let value = transform(element) else { return nil }
            result.append(value)
        }
        return result
    }
}
