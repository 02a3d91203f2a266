public import W3CTraceContext

/// The spans of one trace that this process holds, as readers see them.
///
/// ```swift
/// if let trace = store.trace(id: traceID) {
///     print(trace.spans.count, trace.durationNanos)
/// }
/// ```
public struct Trace: Sendable {
    public var traceID: TraceID
    /// In the order they ended.
    public var spans: [SpanRecord]
    /// Spans beyond the per-trace cap, counted but not kept.
    public var droppedSpanCount: Int
    /// True when the local root never ended before the store's timeout.
    public var isIncomplete: Bool

    public init(traceID: TraceID, spans: [SpanRecord], droppedSpanCount: Int = 0, isIncomplete: Bool = false) {
        self.traceID = traceID
        self.spans = spans
        self.droppedSpanCount = droppedSpanCount
        self.isIncomplete = isIncomplete
    }

    /// The local root: the earliest-starting span without a parent in this trace.
    public var root: SpanRecord? {
        var ids = Set<SpanID>()
        for span in spans { ids.insert(span.spanID) }
        return spans
            .filter { span in span.parentSpanID.map { !ids.contains($0) } ?? true }
            .min { $0.startNanos < $1.startNanos }
    }

    public var startNanos: UInt64 { spans.lazy.map(\.startNanos).min() ?? 0 }
    public var endNanos: UInt64 { spans.lazy.map(\.endNanos).max() ?? 0 }
    public var durationNanos: UInt64 { endNanos &- startNanos }
    public var hasError: Bool { spans.contains { $0.isError } }
}
