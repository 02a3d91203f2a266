import Tracing

/// The span keeps its attributes as the `[Attribute]` its record carries, so that `end`
/// hands the array over as is, and `setAttribute` writes into it directly. Generic callers
/// of the protocol's `attributes` get a `SpanAttributes` made once and then edited in place
/// under the span's lock (atomic, and no conversion per change); `end` converts it back once.
extension SpanStorage {
    func setAttribute(_ key: String, _ value: AttributeValue) {
        // Cut outside the lock: the lock guards the array, not the value.
        let attribute = Attribute(key, value.truncated(to: limits.attributeValueLengthLimit))
        withLock { $0.setAttribute(attribute) }
    }

    /// What `setAttribute` does for each of `attributes` in turn, under one lock. Their keys
    /// must be distinct: a span that has no attribute yet then takes the array as its own,
    /// with no key search and no copy (so reserve room in it for the span's later ones).
    func setAttributes(distinct attributes: consuming [Attribute]) {
        assert(Set(attributes.lazy.map(\.key)).count == attributes.count, "setAttributes(distinct:) needs distinct keys")
        if let lengthLimit = limits.attributeValueLengthLimit {
            for index in attributes.indices {
                attributes[index].value = attributes[index].value.truncated(to: lengthLimit)
            }
        }
        withLock { [attributes] state in state.setAttributes(distinct: attributes) }
    }

    var attributes: SpanAttributes {
        withLock { $0.editableAttributes }
    }

    /// Takes the lock for a change in place of the generic view, and returns where the state
    /// is; `endGenericChange()` must follow. For `SpanscopeSpan.attributes`, which yields the
    /// view in between: yielding through nested accessors would cost each change a
    /// heap-allocated coroutine frame, and its own frame stays small with only `self` to keep.
    func beginGenericChange() -> UnsafeMutablePointer<SpanStorageFields> {
        let fields = lock()
        fields.pointee.state.beginGenericChange()
        return fields
    }

    func endGenericChange() {
        fields.pointee.state.endGenericChange()
        unlock()
    }

    func setAttributes(_ attributes: SpanAttributes) {
        withLock { $0.editableAttributes = attributes }
    }
}

extension SpanState {
    /// Room for a span's first attributes, taken with the first one: most spans have fewer.
    private static let reservedAttributeCount = 8

    /// Up to this many attributes a key is found by comparing it with each: cheaper than
    /// hashing it, for the handful most spans have. Beyond, `attributeIndex` finds it, so
    /// that setting many attributes stays linear.
    static let scannedAttributeCount = 16

    /// Replaces the value under the same key in place; else appends, or counts the
    /// attribute as dropped when the span is at `countLimit`.
    mutating func setAttribute(_ attribute: Attribute) {
        guard !isEnded else { return }
        guard genericAttributes == nil else {
            // Into the view, under the rule `append` keeps: one known key needs none of the
            // key snapshot that a change of unknown extent (`beginGenericChange()`) takes.
            if genericAttributes!.get(attribute.key) != nil || genericAttributes!.count < countLimit {
                genericAttributes!.set(attribute.key, value: SpanAttribute(attribute.value))
            } else {
                droppedAttributeCount += 1
            }
            return
        }
        if let index = index(ofKey: attribute.key) {
            attributes[index].value = attribute.value
        } else {
            append(attribute)
        }
    }

    /// `setAttribute` for each of `new`, whose keys are distinct. The span's first
    /// attributes are `new` itself, up to `countLimit`: among distinct keys there is
    /// nothing to replace, and the ones past the limit are the ones appending would drop.
    mutating func setAttributes(distinct new: consuming [Attribute]) {
        guard !isEnded else { return }
        guard attributes.isEmpty, genericAttributes == nil else {
            for attribute in new { setAttribute(attribute) }
            return
        }
        if new.count > countLimit {
            droppedAttributeCount += new.count - countLimit
            new.removeSubrange(countLimit...)
        }
        attributes = new
        attributeIndex = nil
    }

    /// Makes `new` the span's attributes, changing the array in place. Keys the span already
    /// had keep their place (and so their claim on the count limit); newcomers follow while
    /// there is room, the rest are counted as dropped.
    private mutating func replaceAttributes(with new: SpanAttributes, lengthLimit: Int?) {
        guard !isEnded else { return }
        var carriedOver = 0
        var kept = 0
        for index in attributes.indices {
            guard let value = new.get(attributes[index].key) else { continue }
            carriedOver += 1
            guard let value = AttributeValue(value, lengthLimit: lengthLimit) else { continue }
            attributes[kept] = Attribute(attributes[index].key, value)
            kept += 1
        }
        if kept < attributes.count {
            attributes.removeSubrange(kept...)
            attributeIndex = nil
        }
        guard new.count > carriedOver else { return }
        // The array now holds only keys `new` had before; newcomers are the others.
        new.forEach { key, value in
            guard index(ofKey: key) == nil, let value = AttributeValue(value, lengthLimit: lengthLimit) else { return }
            append(Attribute(key, value))
        }
    }

    private mutating func index(ofKey key: String) -> Int? {
        guard attributes.count > Self.scannedAttributeCount else {
            return attributes.firstIndex { $0.key == key }
        }
        if attributeIndex == nil {
            attributeIndex = Dictionary(uniqueKeysWithValues: attributes.enumerated().lazy.map { ($1.key, $0) })
        }
        return attributeIndex?[key]
    }

    private mutating func append(_ attribute: Attribute) {
        guard attributes.count < countLimit else {
            droppedAttributeCount += 1
            return
        }
        if attributes.capacity == 0 { attributes.reserveCapacity(Self.reservedAttributeCount) }
        attributeIndex?[attribute.key] = attributes.count
        attributes.append(attribute)
    }

    /// The attributes as the protocol sees them, read or replaced whole; changed in place
    /// between `beginGenericChange()` and `endGenericChange()`.
    var editableAttributes: SpanAttributes {
        get { genericAttributes ?? SpanAttributes(attributes) }
        set {
            // Only a view over the limit has newcomers to drop, and needs the one before.
            guard newValue.count > countLimit else {
                genericAttributes = newValue
                return
            }
            let before = genericAttributes ?? SpanAttributes(attributes)
            genericAttributes = newValue
            dropNewcomers(beyond: countLimit) { before.get($0) != nil }
        }
    }

    /// Readies `genericAttributes` for a change in place; `endGenericChange()` must follow,
    /// under the same lock. (`SpanscopeSpan.attributes` yields the view between the two: an
    /// accessor here to yield through would cost each change a heap-allocated coroutine frame.)
    mutating func beginGenericChange() {
        if genericAttributes == nil { genericAttributes = SpanAttributes(attributes) }
        rememberKeysBeforeChange()
    }

    /// Drops what the change added beyond the count limit.
    mutating func endGenericChange() {
        guard let count = genericAttributes?.count, count > countLimit else { return }
        let before = Set(keysBeforeChange)
        dropNewcomers(beyond: countLimit) { before.contains($0) }
    }

    /// The generic view's keys, in a buffer the span reuses: keeping the dictionary itself
    /// to compare with would make each change copy all of it. A function of its own, so that
    /// no copy of the view outlives it into the change.
    private mutating func rememberKeysBeforeChange() {
        keysBeforeChange.removeAll(keepingCapacity: true)
        guard let generic = genericAttributes else { return }
        keysBeforeChange.reserveCapacity(Swift.max(generic.count, Self.reservedAttributeCount))
        generic.forEach { key, _ in keysBeforeChange.append(key) }
    }

    /// OpenTelemetry keeps the attributes a span already had and discards the ones that would
    /// exceed the limit: an unordered dictionary cannot tell them apart later, so they are
    /// told apart right after each change.
    private mutating func dropNewcomers(beyond limit: Int, hadBefore: (String) -> Bool) {
        guard var generic = genericAttributes, generic.count > limit else { return }
        genericAttributes = nil
        var newcomers: [String] = []
        generic.forEach { key, _ in
            if !hadBefore(key) { newcomers.append(key) }
        }
        for key in newcomers.prefix(generic.count - limit) {
            generic.set(key, value: nil)
            droppedAttributeCount += 1
        }
        genericAttributes = generic
    }

    /// Folds the generic view back into the array, with the limits, before the record is made.
    mutating func foldGenericAttributes(lengthLimit: Int?) {
        guard let generic = genericAttributes else { return }
        genericAttributes = nil
        replaceAttributes(with: generic, lengthLimit: lengthLimit)
    }
}
