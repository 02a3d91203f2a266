import Tracing

extension AttributeValue {
    /// Tracing's attribute as the store keeps it: 32- and 64-bit integers both become
    /// `.int`, `CustomStringConvertible` values their description. Strings longer than
    /// `lengthLimit` characters are cut to it.
    init?(_ attribute: SpanAttribute, lengthLimit: Int?) {
        let value: AttributeValue
        switch attribute {
        case .int32(let int): value = .int(Int64(int))
        case .int64(let int): value = .int(int)
        case .int32Array(let ints): value = .intArray(ints.map(Int64.init))
        case .int64Array(let ints): value = .intArray(ints)
        case .double(let double): value = .double(double)
        case .doubleArray(let doubles): value = .doubleArray(doubles)
        case .bool(let bool): value = .bool(bool)
        case .boolArray(let bools): value = .boolArray(bools)
        case .string(let string): value = .string(string)
        case .stringArray(let strings): value = .stringArray(strings)
        case .stringConvertible(let convertible): value = .string(convertible.description)
        case .stringConvertibleArray(let convertibles): value = .stringArray(convertibles.map(\.description))
        // Tracing reserves the enum's other case so that nobody switches exhaustively.
        default: return nil
        }
        self = value.truncated(to: lengthLimit)
    }

    /// With strings (and each string of an array) cut to `limit` characters.
    func truncated(to limit: Int?) -> AttributeValue {
        guard let limit else { return self }
        switch self {
        case .string(let value): return .string(Self.truncated(value, limit))
        case .stringArray(let values): return .stringArray(values.map { Self.truncated($0, limit) })
        case .int, .double, .bool, .intArray, .doubleArray, .boolArray: return self
        }
    }

    private static func truncated(_ string: String, _ limit: Int) -> String {
        // A UTF-8 count is O(1) on native strings and never below the character count.
        guard string.utf8.count > limit, string.count > limit else { return string }
        return String(string.prefix(limit))
    }
}

extension SpanAttribute {
    /// A stored value as Tracing's type: integers come back as `.int64`, descriptions as `.string`.
    init(_ value: AttributeValue) {
        switch value {
        case .string(let value): self = .string(value)
        case .int(let value): self = .int64(value)
        case .double(let value): self = .double(value)
        case .bool(let value): self = .bool(value)
        case .stringArray(let values): self = .stringArray(values)
        case .intArray(let values): self = .int64Array(values)
        case .doubleArray(let values): self = .doubleArray(values)
        case .boolArray(let values): self = .boolArray(values)
        }
    }
}

extension SpanAttributes {
    /// No attributes. `SpanAttributes()` would go through the variadic dictionary-literal
    /// initializer, measurably slower on the attribute hot path.
    static var empty: SpanAttributes { SpanAttributes([:]) }

    /// Converted for a record, at most `countLimit` of them; the rest are counted as dropped.
    func recorded(countLimit: Int, lengthLimit: Int?) -> (attributes: [Attribute], dropped: Int) {
        var attributes: [Attribute] = []
        attributes.reserveCapacity(Swift.min(count, countLimit))
        var dropped = 0
        forEach { key, value in
            guard attributes.count < countLimit else {
                dropped += 1
                return
            }
            if let converted = AttributeValue(value, lengthLimit: lengthLimit) {
                attributes.append(Attribute(key, converted))
            }
        }
        return (attributes, dropped)
    }

    /// The attributes of a span as the protocol hands them out, with room for one more:
    /// most changes through the protocol add one, which then needs no second allocation.
    init(_ attributes: [Attribute]) {
        var dictionary = [String: SpanAttribute](minimumCapacity: attributes.count + 1)
        for attribute in attributes { dictionary[attribute.key] = SpanAttribute(attribute.value) }
        self.init(dictionary)
    }
}
