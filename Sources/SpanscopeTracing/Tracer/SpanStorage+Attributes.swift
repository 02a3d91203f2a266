import Tracing

/// The span keeps its attributes as the `[Attribute]` its record carries, so that `end`
/// hands the array over as is, and `setAttribute` writes into it directly. Generic callers
/// of the protocol's `attributes` get a `SpanAttributes` made once and then edited in place
/// under the span's lock (atomic, and no conversion per change); `end` converts it back once.
extension SpanStorage {
    func setAttribute(_ key: String, _ value: AttributeValue) {
        let limits = limits
        // Cut outside the lock: the lock guards the array, not the value.
        let attribute = Attribute(key, value.truncated(to: limits.attributeValueLengthLimit))
        withLock { state in
            guard state.genericAttributes == nil else {
                state.genericAttributes?.set(attribute.key, value: SpanAttribute(attribute.value))
                return
            }
            state.setAttribute(attribute, countLimit: limits.attributeCountLimit)
        }
    }

    var attributes: SpanAttributes {
        withLock { $0.editableAttributes }
    }

    func setAttributes(_ attributes: SpanAttributes) {
        withLock { $0.editableAttributes = attributes }
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

    /// The attributes as the protocol sees them, edited in place under the lock.
    var editableAttributes: SpanAttributes {
        get { genericAttributes ?? SpanAttributes(attributes) }
        set {
            let before = genericAttributes ?? SpanAttributes(attributes)
            genericAttributes = newValue
            dropNewcomers(beyond: countLimit, keeping: before)
        }
        _modify {
            let before = genericAttributes ?? SpanAttributes(attributes)
            genericAttributes = before
            yield &genericAttributes!
            dropNewcomers(beyond: countLimit, keeping: before)
        }
    }

    /// OpenTelemetry keeps the attributes a span already had and discards the ones that would
    /// exceed the limit: an unordered dictionary cannot tell them apart later, so they are
    /// told apart right after each change.
    private mutating func dropNewcomers(beyond limit: Int, keeping before: SpanAttributes) {
        guard var generic = genericAttributes, generic.count > limit else { return }
        genericAttributes = nil
        var newcomers: [String] = []
        generic.forEach { key, _ in
            if before.get(key) == nil { newcomers.append(key) }
        }
        for key in newcomers.prefix(generic.count - limit) {
            generic.set(key, value: nil)
            droppedAttributeCount += 1
        }
        genericAttributes = generic
    }

    /// Folds the generic view back into the array, with the limits, before the record is made.
    mutating func foldGenericAttributes(limits: SpanLimits) {
        guard let generic = genericAttributes else { return }
        genericAttributes = nil
        replaceAttributes(with: generic, limits: limits)
    }
}
