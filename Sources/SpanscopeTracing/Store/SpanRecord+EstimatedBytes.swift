extension SpanRecord {
    /// Bytes this span costs the store, an estimate that errs high.
    ///
    /// Swift gives no cheap exact heap size: count the inline struct, a fixed
    /// per-allocation overhead for each array, and every string's UTF-8 bytes
    /// (small strings are inline, so counting them again errs high). The
    /// resource is shared by all spans of a tracer, so only its reference counts.
    var estimatedBytes: Int {
        var total = MemoryLayout<SpanRecord>.stride + Self.allocationOverhead + name.utf8.count
        total += attributes.estimatedBytes
        for event in events {
            total += MemoryLayout<Event>.stride + event.name.utf8.count + event.attributes.estimatedBytes
        }
        for link in links {
            total += MemoryLayout<Link>.stride + link.attributes.estimatedBytes
        }
        if let message = status?.message {
            total += message.utf8.count
        }
        return total
    }

    static let allocationOverhead = 32
}

extension Array where Element == Attribute {
    var estimatedBytes: Int {
        guard !isEmpty else { return 0 }
        var total = SpanRecord.allocationOverhead
        for attribute in self {
            total += MemoryLayout<Attribute>.stride + attribute.key.utf8.count + attribute.value.estimatedHeapBytes
        }
        return total
    }
}

extension AttributeValue {
    var estimatedHeapBytes: Int {
        switch self {
        case .string(let value): value.utf8.count
        case .int, .double, .bool: 0
        case .stringArray(let values):
            values.reduce(SpanRecord.allocationOverhead) { $0 + MemoryLayout<String>.stride + $1.utf8.count }
        case .intArray(let values): SpanRecord.allocationOverhead + values.count * 8
        case .doubleArray(let values): SpanRecord.allocationOverhead + values.count * 8
        case .boolArray(let values): SpanRecord.allocationOverhead + values.count
        }
    }
}
