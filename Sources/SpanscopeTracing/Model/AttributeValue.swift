/// A typed attribute value as the store keeps it.
///
/// Tracing's `SpanAttribute` also admits `CustomStringConvertible` values; they are
/// stringified once, when recorded, so that every stored value can be encoded to
/// OTLP, Jaeger and Zipkin with its type.
///
/// ```swift
/// let value: AttributeValue = .int(200)
/// print(value.description) // "200"
/// ```
public enum AttributeValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case stringArray([String])
    case intArray([Int64])
    case doubleArray([Double])
    case boolArray([Bool])
}

extension AttributeValue: CustomStringConvertible {
    /// The value as a user would type it in a filter (`500`, `true`, `GET`).
    public var description: String {
        switch self {
        case .string(let v): v
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .bool(let v): String(v)
        case .stringArray(let v): "[" + v.joined(separator: ",") + "]"
        case .intArray(let v): "[" + v.map(String.init).joined(separator: ",") + "]"
        case .doubleArray(let v): "[" + v.map { String($0) }.joined(separator: ",") + "]"
        case .boolArray(let v): "[" + v.map(String.init).joined(separator: ",") + "]"
        }
    }
}

/// One key and its value. Spans keep attributes as an ordered array: most spans
/// have a handful, where a linear scan beats hashing and the order is the
/// order of recording.
public struct Attribute: Sendable, Hashable {
    public var key: String
    public var value: AttributeValue

    public init(_ key: String, _ value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == Attribute {
    /// The value stored under `key`, if any.
    public subscript(key key: String) -> AttributeValue? {
        for attribute in self where attribute.key == key { return attribute.value }
        return nil
    }
}
