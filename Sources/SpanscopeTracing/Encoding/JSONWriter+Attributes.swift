extension JSONWriter {
    /// An attribute value as plain JSON: a string, number, boolean or array.
    mutating func plainValue(_ value: AttributeValue) {
        switch value {
        case .string(let v): string(v)
        case .int(let v): int(v)
        case .double(let v): double(v)
        case .bool(let v): bool(v)
        case .stringArray(let v): array { w in for item in v { w.string(item) } }
        case .intArray(let v): array { w in for item in v { w.int(item) } }
        case .doubleArray(let v): array { w in for item in v { w.double(item) } }
        case .boolArray(let v): array { w in for item in v { w.bool(item) } }
        }
    }

    /// Attributes as one object of plain values. Keys should be unique already;
    /// if not, the first value wins, because duplicate keys make JSON ambiguous.
    mutating func plainAttributes(_ attributes: [Attribute]) {
        object { w in
            var seen = Set<String>()
            for attribute in attributes where seen.insert(attribute.key).inserted {
                w.key(attribute.key)
                w.plainValue(attribute.value)
            }
        }
    }
}

extension AttributeValue {
    /// The value where a format only has strings (Zipkin tags, Jaeger arrays):
    /// scalars as they print, arrays as JSON text.
    var tagString: String {
        switch self {
        case .string(let v): v
        case .int(let v): String(v)
        case .double(let v): JSONWriter.nonFiniteName(v) ?? v.description
        case .bool(let v): String(v)
        case .stringArray, .intArray, .doubleArray, .boolArray: JSONWriter.text { $0.plainValue(self) }
        }
    }
}
