/// A condition on a whole trace, as the filter parsers produce it
/// (`LogfmtFilter`, `TraceQLQuery`). `summary` carries what was computed
/// once at completion, so a filter need not walk the spans for it.
///
/// ```swift
/// struct HasManySpans: TraceFilter {
///     func matches(_ trace: Trace, summary: TraceSummary) -> Bool { summary.spanCount > 100 }
/// }
/// let query = TraceQuery(filters: [HasManySpans()])
/// ```
public protocol TraceFilter: Sendable {
    func matches(_ trace: Trace, summary: TraceSummary) -> Bool
}
