import Tracing

/// `span.attributes["key"] = value` reads the whole dictionary, changes it, and writes it
/// back. Through plain get and set that copies the dictionary on every change, because the
/// span still holds the original. Instead the span lends its dictionary out for the change
/// (`_modify`), so it is changed in place: one allocation for the first attributes of a
/// span, none for the next ones.
extension SpanStorage {
    /// Attributes taken out of the span, to be given back with `returnAttributes(_:)`.
    struct AttributeLoan {
        var attributes: SpanAttributes
        /// The attributes before the change, kept only when the change may cross the
        /// count limit (copying them costs the in-place advantage).
        let previous: SpanAttributes?
        /// False once the span ended: the change is then discarded.
        let isLive: Bool
    }

    /// Room reserved for a span's first attributes; most spans have fewer.
    private static let initialAttributeCapacity = 8

    var attributes: SpanAttributes {
        withReturnedAttributes { $0.attributes }
    }

    func setAttributes(_ attributes: SpanAttributes) {
        let limit = limits.attributeCountLimit
        withReturnedAttributes { state in
            guard !state.isEnded else { return }
            var attributes = attributes
            state.droppedAttributeCount += attributes.enforce(limit: limit, previous: state.attributes)
            state.attributes = attributes
        }
    }

    func lendAttributes() -> AttributeLoan {
        let limit = limits.attributeCountLimit
        return withReturnedAttributes { state in
            guard !state.isEnded else { return AttributeLoan(attributes: state.attributes, previous: nil, isLive: false) }
            state.attributesOnLoan = true
            var attributes = state.attributes
            state.attributes = SpanAttributes.empty
            if attributes.isEmpty { attributes.reserveCapacity(Self.initialAttributeCapacity) }
            return AttributeLoan(attributes: attributes, previous: attributes.count >= limit ? attributes : nil, isLive: true)
        }
    }

    func returnAttributes(_ loan: AttributeLoan) {
        guard loan.isLive else { return }
        var attributes = loan.attributes
        let dropped = attributes.enforce(limit: limits.attributeCountLimit, previous: loan.previous ?? SpanAttributes.empty)
        state.withLock { state in
            state.attributes = attributes
            state.droppedAttributeCount += dropped
            state.attributesOnLoan = false
        }
    }
}
