/// What tail sampling, route statistics and retention decide a completed trace
/// by: one pass over its spans, no allocation.
struct TraceOutcome: Sendable {
    /// Earliest span start, nanoseconds since the Unix epoch; 0 without spans.
    var startNanos: UInt64
    /// Earliest start to latest end, as the OpenTelemetry Collector's latency policy measures it.
    var durationNanos: UInt64
    var errorCount: Int
    var status: TraceStatus
    var isIncomplete: Bool

    init(trace: Trace, root: SpanRecord?) {
        var start = UInt64.max
        var end: UInt64 = 0
        var errors = 0
        for span in trace.spans {
            start = min(start, span.startNanos)
            end = max(end, span.endNanos)
            if span.isError { errors += 1 }
        }
        startNanos = trace.spans.isEmpty ? 0 : start
        durationNanos = trace.spans.isEmpty ? 0 : end &- start
        errorCount = errors
        status = errors > 0 ? .error : (root?.status?.code == .ok ? .ok : .unset)
        isIncomplete = trace.isIncomplete
    }

    /// The outcome a summary reports, for a summary made elsewhere.
    init(_ summary: TraceSummary) {
        startNanos = summary.startNanos
        durationNanos = summary.durationNanos
        errorCount = summary.errorCount
        status = summary.status
        isIncomplete = summary.isIncomplete
    }

    /// Kept in the error set, and by the keep-errors policy: a failed span, or a root that never ended.
    var isError: Bool {
        status == .error || isIncomplete
    }
}
