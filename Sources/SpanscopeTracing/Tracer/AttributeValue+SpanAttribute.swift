import Tracing

extension AttributeValue {
    /// Tracing's attribute as the store keeps it: 32- and 64-bit integers both become
    /// `.int`, `CustomStringConvertible` values their description. Strings longer than
    /// `lengthLimit` characters are cut to it.
    init?(_ attribute: SpanAttribute, lengthLimit: Int?) {
        switch attribute {
        case .int32(let value): self = .int(Int64(value))
        case .int64(let value): self = .int(value)
        case .int32Array(let values): self = .intArray(values.map(Int64.init))
        case .int64Array(let values): self = .intArray(values)
        case .double(let value): self = .double(value)
        case .doubleArray(let values): self = .doubleArray(values)
        case .bool(let value): self = .bool(value)
        case .boolArray(let values): self = .boolArray(values)
        case .string(let value): self = .string(Self.truncated(value, lengthLimit))
        case .stringArray(let values): self = .stringArray(values.map { Self.truncated($0, lengthLimit) })
        case .stringConvertible(let value): self = .string(Self.truncated(value.description, lengthLimit))
        case .stringConvertibleArray(let values):
            self = .stringArray(values.map { Self.truncated($0.description, lengthLimit) })
        // Tracing reserves the enum's other case so that nobody switches exhaustively.
        default: return nil
        }
    }

    private static func truncated(_ string: String, _ limit: Int?) -> String {
        // A UTF-8 count is O(1) on native strings and never below the character count.
        guard let limit, string.utf8.count > limit, string.count > limit else { return string }
        return String(string.prefix(limit))
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

    /// Brings the span's attributes back within `limit` after a change: those the span
    /// had before the change (`previous`) keep their place, newcomers take what is left.
    ///
    /// - Returns: how many were dropped.
    mutating func enforce(limit: Int, previous: SpanAttributes) -> Int {
        guard count > limit else { return 0 }
        var kept = SpanAttributes.empty
        kept.reserveCapacity(limit)
        var newcomers: [(String, SpanAttribute)] = []
        forEach { key, value in
            if kept.count < limit, previous.get(key) != nil {
                kept.set(key, value: value)
            } else {
                newcomers.append((key, value))
            }
        }
        for (key, value) in newcomers where kept.count < limit {
            kept.set(key, value: value)
        }
        let dropped = count - kept.count
        self = kept
        return dropped
    }
}
