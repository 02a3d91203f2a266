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
        state.withLock { $0.setAttribute(attribute, countLimit: limits.attributeCountLimit) }
    }

    var attributes: SpanAttributes {
        state.withLock { SpanAttributes($0.attributes) }
    }

    func setAttributes(_ attributes: SpanAttributes) {
        let limits = limits
        state.withLock { $0.replaceAttributes(with: attributes, limits: limits) }
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
            return
        }
        guard attributes.count < countLimit else {
            droppedAttributeCount += 1
            return
        }
        if attributes.capacity == 0 { attributes.reserveCapacity(Self.reservedAttributeCount) }
        attributes.append(attribute)
    }

    /// Makes `new` the span's attributes. Keys the span already had keep their place (and
    /// so their claim on the count limit); newcomers follow while there is room, the rest
    /// are counted as dropped.
    mutating func replaceAttributes(with new: SpanAttributes, limits: SpanLimits) {
        guard !isEnded else { return }
        let lengthLimit = limits.attributeValueLengthLimit
        var kept: [Attribute] = []
        kept.reserveCapacity(Swift.max(Swift.min(new.count, limits.attributeCountLimit), Self.reservedAttributeCount))
        var carriedOver = 0
        for attribute in attributes {
            guard let value = new.get(attribute.key) else { continue }
            carriedOver += 1
            if let value = AttributeValue(value, lengthLimit: lengthLimit) { kept.append(Attribute(attribute.key, value)) }
        }
        // Most changes add one key or none: look the old keys up in a set only when there are
        // newcomers, so that a change stays linear in the span's attribute count.
        if new.count > carriedOver {
            let previousKeys = Set(attributes.lazy.map(\.key))
            new.forEach { key, value in
                guard !previousKeys.contains(key), let value = AttributeValue(value, lengthLimit: lengthLimit) else { return }
                guard kept.count < limits.attributeCountLimit else {
                    droppedAttributeCount += 1
                    return
                }
                kept.append(Attribute(key, value))
            }
        }
        attributes = kept
    }

    /// The attributes as the protocol sees them, for one change in place under the lock.
    subscript(attributesWithin limits: SpanLimits) -> SpanAttributes {
        get { SpanAttributes(attributes) }
        set { replaceAttributes(with: newValue, limits: limits) }
    }
}
