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
    package func otlpGroups<Span>(_ transform: (SpanRecord) throws -> Span) rethrows -> [OTLPResourceGroup<Span>] {
        var groups: [OTLPResourceGroup<Span>] = []
        var resourceIndex = 0
        var scopeIndex = 0
        for span in self {
            if resourceIndex >= groups.count || groups[resourceIndex].resource != span.resource {
                if let index = groups.firstIndex(where: { $0.resource == span.resource }) {
                    resourceIndex = index
                } else {
                    groups.append(OTLPResourceGroup(resource: span.resource, scopes: []))
                    resourceIndex = groups.count - 1
                }
                // The previous span's scope index belongs to another resource.
                scopeIndex = groups[resourceIndex].scopes.count
            }
            if scopeIndex >= groups[resourceIndex].scopes.count || groups[resourceIndex].scopes[scopeIndex].scope != span.scope {
                if let index = groups[resourceIndex].scopes.firstIndex(where: { $0.scope == span.scope }) {
                    scopeIndex = index
                } else {
                    groups[resourceIndex].scopes.append(OTLPScopeGroup(scope: span.scope, spans: []))
                    scopeIndex = groups[resourceIndex].scopes.count - 1
                }
            }
            groups[resourceIndex].scopes[scopeIndex].spans.append(try transform(span))
        }
        return groups
    }
}
