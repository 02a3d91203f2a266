import Tracing

/// `span.attributes["key"] = value` reads the whole dictionary, changes it, and writes it
/// back. Through plain get and set that copies the dictionary on every change, because the
/// span still holds the original. Instead `_modify` yields the span's own dictionary under
/// the span's lock, so it is changed in place: one allocation for the first attributes of
/// a span, none for the next ones, and one lock round trip per change.
extension SpanStorage {
    var attributes: SpanAttributes {
        state.withLock { $0.attributes }
    }

    func setAttributes(_ attributes: SpanAttributes) {
        let limit = limits.attributeCountLimit
        state.withLock { state in
            guard !state.isEnded else { return }
            var attributes = attributes
            state.droppedAttributeCount += attributes.enforce(limit: limit, previous: state.attributes)
            state.attributes = attributes
        }
    }
}

extension SpanState {
    /// Room for a span's first attributes (most spans have fewer), made here: the dictionary
    /// is specialized in this module, where `SpanAttributes.reserveCapacity` runs generic
    /// code in the tracing library at several times the cost.
    private static func reservedAttributes() -> SpanAttributes {
        SpanAttributes([String: SpanAttribute](minimumCapacity: 8))
    }

    /// The attributes for one in-place change, brought back within `limit` after it. Once
    /// the span ended, the change is made on a copy and discarded.
    subscript(attributesWithin limit: Int) -> SpanAttributes {
        get { attributes }
        _modify {
            guard !isEnded else {
                var discarded = attributes
                yield &discarded
                return
            }
            // Kept only when the change may cross the limit: the copy costs the in-place advantage.
            let previous = attributes.count >= limit ? attributes : SpanAttributes.empty
            if attributes.isEmpty { attributes = Self.reservedAttributes() }
            yield &attributes
            droppedAttributeCount += attributes.enforce(limit: limit, previous: previous)
        }
    }
}
