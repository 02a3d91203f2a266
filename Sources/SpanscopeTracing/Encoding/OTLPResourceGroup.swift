/// The spans of one resource in an OTLP request (`ResourceSpans`), by instrumentation scope
/// (`ScopeSpans`): the nesting both OTLP encoders write.
package struct OTLPResourceGroup<Span> {
    package var resource: Resource
    package var scopes: [OTLPScopeGroup<Span>]
}

/// The spans of one instrumentation scope of a resource.
package struct OTLPScopeGroup<Span> {
    package var scope: InstrumentationScope
    package var spans: [Span]
}

extension Sequence<SpanRecord> {
    /// The spans grouped by resource, then by scope, each group in order of first appearance
    /// and its spans in theirs, each span passed through `transform` (the encoder's message).
    ///
    /// Spans of one resource and scope usually arrive together and share their storage, whose
    /// `==` then returns on identity: the previous span's group is checked first, so a batch
    /// costs a comparison per span, not a hash of its resource's attributes.
    package func otlpGroups<Span>(_ transform: (SpanRecord) -> Span) -> [OTLPResourceGroup<Span>] {
        var groups: [OTLPResourceGroup<Span>] = []
        var resourceIndex = 0
        var scopeIndex = 0
        for span in self {
            resourceIndex = groups.index(trying: resourceIndex, where: { $0.resource == span.resource }) {
                OTLPResourceGroup(resource: span.resource, scopes: [])
            }
            // After a change of resource the hint may name another resource's scope: it is
            // only a first guess, checked like any other.
            scopeIndex = groups[resourceIndex].scopes.index(trying: scopeIndex, where: { $0.scope == span.scope }) {
                OTLPScopeGroup(scope: span.scope, spans: [])
            }
            groups[resourceIndex].scopes[scopeIndex].spans.append(transform(span))
        }
        return groups
    }
}

extension Array {
    /// The index of the first element that `matches`, trying `hint` before searching;
    /// `make()`'s, appended, when none does. One lookup for both levels of the grouping.
    fileprivate mutating func index(trying hint: Int, where matches: (Element) -> Bool, orAppend make: () -> Element) -> Int {
        if indices.contains(hint), matches(self[hint]) { return hint }
        if let index = firstIndex(where: matches) { return index }
        append(make())
        return count - 1
    }
}
