public import W3CTraceContext

extension TraceStore {
    /// A completed trace the store holds, with late spans; nil when unknown,
    /// still pending, or evicted.
    ///
    /// ```swift
    /// if let trace = store.trace(id: traceID) { print(trace.spans.count) }
    /// ```
    public func trace(id: TraceID) -> Trace? {
        sweepIfDue()
        let key = TraceKey(id)
        return retention.withLock { $0.traces[key]?.trace }
    }

    /// The summary of a held trace, with why it is kept.
    ///
    /// ```swift
    /// let reasons = store.summary(id: traceID)?.keptReasons ?? []
    /// ```
    public func summary(id: TraceID) -> TraceSummary? {
        sweepIfDue()
        let key = TraceKey(id)
        return retention.withLock { $0.traces[key]?.summary }
    }

    /// Searches the held traces. References are copied under the retention
    /// lock and filtered outside it, so a slow filter never delays recording.
    ///
    /// ```swift
    /// let errors = store.query(TraceQuery(status: .error, sort: .newest, limit: 20))
    /// ```
    public func query(_ query: TraceQuery) -> [TraceSummary] {
        sweepIfDue()
        let held = retention.withLock { retention in
            retention.traces.values.map { ($0.snapshot, $0.reasons, $0.lateDroppedSpans) }
        }
        let matcher = TraceQuery.Matcher(query)
        var results: [TraceSummary] = []
        for (snapshot, reasons, lateDropped) in held where matcher.matches(snapshot) {
            var summary = snapshot.summary
            summary.keptReasons = reasons.reasons
            summary.droppedSpanCount += lateDropped
            results.append(summary)
        }
        results.sort { TraceQuery.ordered($0, $1, by: query.sort) }
        return Array(results.prefix(max(0, min(query.limit, TraceQuery.maxLimit))))
    }
}
