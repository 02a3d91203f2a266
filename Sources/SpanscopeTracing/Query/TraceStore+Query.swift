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
    /// lock and filtered outside it, so a slow filter never delays recording;
    /// only the `limit` first matches in order are kept, sorted and summarized.
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
        var first = TopK<QueryRank>(capacity: min(query.limit, TraceQuery.maxLimit))
        for (index, (snapshot, _, _)) in held.enumerated() where matcher.matches(snapshot) {
            first.insert(QueryRank(snapshot, by: query.sort, index: index))
        }
        return first.sorted().map { rank in
            let (snapshot, reasons, lateDropped) = held[rank.index]
            var summary = snapshot.summary
            summary.keptReasons = reasons.reasons
            summary.droppedSpanCount += lateDropped
            return summary
        }
    }
}

/// A matching trace's place in a query's order. Ascending whatever the sort: a
/// descending sort ranks by its key complemented. Ties go by trace-id, whose
/// order is its hex string's, so that pages are stable.
struct QueryRank: Comparable {
    let sortKey: UInt64
    let trace: TraceKey
    /// Where the trace is in the query's copy of the held traces.
    let index: Int

    init(_ snapshot: TraceSnapshot, by sort: TraceQuery.Sort, index: Int) {
        sortKey =
            switch sort {
            case .newest: ~snapshot.outcome.startNanos
            case .oldest: snapshot.outcome.startNanos
            case .slowest: ~snapshot.outcome.durationNanos
            case .fastest: snapshot.outcome.durationNanos
            case .mostSpans: ~UInt64(snapshot.trace.spans.count)
            }
        trace = TraceKey(snapshot.trace.traceID)
        self.index = index
    }

    static func < (lhs: QueryRank, rhs: QueryRank) -> Bool {
        (lhs.sortKey, lhs.trace.high, lhs.trace.low) < (rhs.sortKey, rhs.trace.high, rhs.trace.low)
    }

    static func == (lhs: QueryRank, rhs: QueryRank) -> Bool {
        (lhs.sortKey, lhs.trace) == (rhs.sortKey, rhs.trace)
    }
}
