import Synchronization

/// A completed trace frozen with what retention and queries need about it.
///
/// Immutable, so queries copy references under the retention lock and filter
/// outside it; a late span replaces the snapshot instead of mutating it.
/// Completion computes only what tail sampling and retention need, in one pass
/// over the spans and without allocating: it runs once per request on the
/// serving thread. The summary and the span names, which only readers want,
/// are made on the first read and shared by later ones; most traces are
/// evicted unread.
final class TraceSnapshot: Sendable {
    let trace: Trace
    /// Index of the local root in `trace.spans`; spans are only ever appended, so it stays valid.
    let rootIndex: Int?
    let routeKey: RouteKey
    let outcome: TraceOutcome
    /// Set once, by the first reader; holds a +1 reference released by `deinit`. An `Atomic`
    /// rather than `AtomicLazyReference`, whose unspecialized `load()` copied the summary
    /// through value witnesses and made a query over 10,000 traces 2.5 times slower.
    private let searchable = Atomic<Unmanaged<SearchableFields>?>(nil)

    init(trace: Trace, rootIndex: Int?) {
        let rootIndex = rootIndex ?? trace.root.flatMap { root in
            trace.spans.firstIndex { $0.spanID == root.spanID }
        }
        let root = rootIndex.map { trace.spans[$0] }
        self.trace = trace
        self.rootIndex = rootIndex
        outcome = TraceOutcome(trace: trace, root: root)
        routeKey = RouteKey(service: root?.serviceName ?? "", route: root.map(TraceSummary.route(of:)) ?? "")
    }

    deinit {
        searchable.load(ordering: .acquiring)?.release()
    }

    var summary: TraceSummary { fields.summary }

    /// The summary and span names, made on the first read.
    var fields: SearchableFields {
        if let fields = searchable.load(ordering: .acquiring) { return fields.takeUnretainedValue() }
        // Two readers may race to make them: both results are equal, and the first stored wins.
        let made = Unmanaged.passRetained(SearchableFields(trace: trace, outcome: outcome, rootIndex: rootIndex))
        let (stored, winner) = searchable.compareExchange(expected: nil, desired: made, ordering: .acquiringAndReleasing)
        guard !stored, let winner else { return made.takeUnretainedValue() }
        made.release()
        return winner.takeUnretainedValue()
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

/// What readers of a snapshot want and completion does not: made once, on the first read.
final class SearchableFields: Sendable {
    let summary: TraceSummary
    /// Distinct span names.
    let spanNames: [String]
    /// The distinct span names lowercased, for case-insensitive search.
    let lowercasedSpanNames: [String]

    init(trace: Trace, outcome: TraceOutcome, rootIndex: Int?) {
        summary = TraceSummary(trace: trace, root: rootIndex.map { trace.spans[$0] }, outcome: outcome)
        var seen = Set<String>()
        spanNames = trace.spans.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
        lowercasedSpanNames = Array(Set(spanNames.map { $0.lowercased() }))
    }
}

/// A route of a service: the unit of latency buckets, slowest sets and statistics.
struct RouteKey: Hashable, Sendable {
    var service: String
    var route: String
}
