/// A completed trace frozen with what queries need about it.
///
/// Immutable, so queries copy references under the retention lock and filter
/// outside it; a late span replaces the snapshot instead of mutating it.
final class TraceSnapshot: Sendable {
    let trace: Trace
    let summary: TraceSummary
    /// Index of the local root in `trace.spans`; spans are only ever appended, so it stays valid.
    let rootIndex: Int?
    let routeKey: RouteKey
    /// Distinct span names, and the same lowercased for case-insensitive search.
    let spanNames: [String]
    let lowercasedSpanNames: [String]

    init(trace: Trace, rootIndex: Int?) {
        let rootIndex = rootIndex ?? trace.root.flatMap { root in
            trace.spans.firstIndex { $0.spanID == root.spanID }
        }
        let root = rootIndex.map { trace.spans[$0] }
        self.trace = trace
        self.rootIndex = rootIndex
        summary = TraceSummary(trace: trace, root: root)
        routeKey = RouteKey(service: summary.rootService, route: summary.route)
        var seen = Set<String>()
        spanNames = trace.spans.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
        lowercasedSpanNames = Array(Set(spanNames.map { $0.lowercased() }))
    }

    /// The snapshot with late spans. A root that has a parent (in another process)
    /// is found again: the spans may include that parent's part of the trace, and
    /// the trace's root is then further up.
    func appending(_ spans: some Sequence<SpanRecord>) -> TraceSnapshot {
        var trace = trace
        trace.spans.append(contentsOf: spans)
        let rootHasParent = rootIndex.map { trace.spans[$0].parentSpanID != nil } ?? true
        return TraceSnapshot(trace: trace, rootIndex: rootHasParent ? nil : rootIndex)
    }
}

/// A route of a service: the unit of latency buckets, slowest sets and statistics.
struct RouteKey: Hashable, Sendable {
    var service: String
    var route: String
}
