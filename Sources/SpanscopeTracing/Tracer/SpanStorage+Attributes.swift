import Tracing

/// The span keeps its attributes as the `[Attribute]` its record carries, so that `end`
/// hands the array over as is. `setAttribute` writes into it directly; the protocol's
/// `attributes` (a `SpanAttributes` dictionary) is converted from and to it, under the
/// span's lock, which keeps `span.attributes["key"] = value` atomic.
extension SpanStorage {
    func setAttribute(_ key: String, _ value: AttributeValue) {
        let limits = limits
        // Cut outside the lock: the lock guards the array, not the value.
        let attribute = Attribute(key, value.truncated(to: limits.attributeValueLengthLimit))
        withLock { $0.setAttribute(attribute, countLimit: limits.attributeCountLimit) }
    }

    var attributes: SpanAttributes {
        withLock { SpanAttributes($0.attributes) }
    }

    func setAttributes(_ attributes: SpanAttributes) {
        let limits = limits
        withLock { $0.replaceAttributes(with: attributes, limits: limits) }
    }
}

extension SpanState {
    /// Room for a span's first attributes, taken with the first one: most spans have fewer.
    private static let reservedAttributeCount = 8

    /// Replaces the value under the same key in place; else appends, or counts the
    /// attribute as dropped when the span is at `countLimit`.
    mutating func setAttribute(_ attribute: Attribute, countLimit: Int) {
        guard !isEnded else { return }
        if let index = attributes.firstIndex(where: { $0.key == attribute.key }) {
            attributes[index].value = attribute.value
        } else {
            append(attribute, countLimit: countLimit)
        }
    }

    /// Makes `new` the span's attributes, changing the array in place. Keys the span already
    /// had keep their place (and so their claim on the count limit); newcomers follow while
    /// there is room, the rest are counted as dropped.
    mutating func replaceAttributes(with new: SpanAttributes, limits: SpanLimits) {
        guard !isEnded else { return }
        let lengthLimit = limits.attributeValueLengthLimit
        var carriedOver = 0
        var index = attributes.startIndex
        while index < attributes.endIndex {
            if let value = new.get(attributes[index].key) {
                carriedOver += 1
                if let value = AttributeValue(value, lengthLimit: lengthLimit) {
                    attributes[index].value = value
                    index += 1
                    continue
                }
            }
            attributes.remove(at: index)
        }
        guard new.count > carriedOver else { return }
        // The array now holds only keys `new` had before; newcomers are the others. A span
        // with many attributes looks them up in a set, so that a change stays linear.
        let carried = attributes.count
        let carriedKeys = carried > Self.reservedAttributeCount ? Set(attributes.lazy.map(\.key)) : nil
        new.forEach { key, value in
            let isCarried = carriedKeys?.contains(key) ?? attributes[..<carried].contains { $0.key == key }
            guard !isCarried, let value = AttributeValue(value, lengthLimit: lengthLimit) else { return }
            append(Attribute(key, value), countLimit: limits.attributeCountLimit)
        }
    }

    private mutating func append(_ attribute: Attribute, countLimit: Int) {
        guard attributes.count < countLimit else {
            droppedAttributeCount += 1
            return
        }
        if attributes.capacity == 0 { attributes.reserveCapacity(Self.reservedAttributeCount) }
        attributes.append(attribute)
    }

    /// The attributes as the protocol sees them, for one change in place under the lock.
    subscript(attributesWithin limits: SpanLimits) -> SpanAttributes {
        get { SpanAttributes(attributes) }
        set { replaceAttributes(with: newValue, limits: limits) }
    }
}
