extension TraceQuery {
    /// The query with its per-query work (lowercasing, unit conversion) done once, not once per trace.
    struct Matcher {
        let query: TraceQuery
        let needle: String?
        let minNanos: UInt64
        let maxNanos: UInt64

        init(_ query: TraceQuery) {
            self.query = query
            needle = query.nameContains.flatMap { $0.isEmpty ? nil : $0.lowercased() }
            minNanos = query.minDuration?.saturatingNanoseconds ?? 0
            maxNanos = query.maxDuration?.saturatingNanoseconds ?? .max
        }

        /// Cheap summary fields first; span walks only for what survives them.
        func matches(_ snapshot: TraceSnapshot) -> Bool {
            let outcome = snapshot.outcome
            guard outcome.durationNanos >= minNanos, outcome.durationNanos <= maxNanos else { return false }
            if let since = query.since, outcome.startNanos < since { return false }
            if let until = query.until, outcome.startNanos > until { return false }
            if let status = query.status, outcome.status != status { return false }
            if let route = query.route, snapshot.routeKey.route != route { return false }
            let fields = snapshot.fields
            if let service = query.service, !fields.summary.services.contains(service) { return false }
            if let operation = query.operation, !fields.spanNames.contains(operation) { return false }
            if let needle, !fields.lowercasedSpanNames.contains(where: { $0.contains(needle) }) { return false }
            for attribute in query.attributes where !snapshot.trace.spans.contains(where: { $0.carries(attribute) }) {
                return false
            }
            return query.filters.allSatisfy { $0.matches(snapshot.trace, summary: fields.summary) }
        }
    }
}

extension SpanRecord {
    /// The span or its resource has this attribute with an equal value.
    func carries(_ attribute: Attribute) -> Bool {
        attributes[key: attribute.key] == attribute.value || resource.attributes[key: attribute.key] == attribute.value
    }
}
