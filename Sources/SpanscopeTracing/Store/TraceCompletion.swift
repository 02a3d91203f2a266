/// What completion handlers get: a trace when it completes (and passes tail sampling),
/// then each later part that joins it while the store holds it, so that every span the
/// store keeps reaches them exactly once, as one of some call's `newSpans`.
///
/// Later parts are spans that end after their local root, and parts with a local root of
/// their own that complete after another part did: a caller's, when its callees record
/// into the same store, or another process's, sent to a receiver at another time. Such a
/// part may move the trace's root up (`movedRoot`): the trace is then summarized and
/// counted under the root it names now.
///
/// ```swift
/// store.addCompletionHandler { completion in
///     exporter.enqueue(Array(completion.newSpans)) // each span once
///     if !completion.isLatePart || completion.movedRoot { show(completion.trace) }
/// }
/// ```
public struct TraceCompletion: Sendable {
    /// The trace as the store holds it at this call: the spans of every part so far.
    public let trace: Trace
    /// How many of `trace.spans` earlier calls carried (as spans are only appended, the
    /// first ones): 0 when the trace completes.
    public let previousSpanCount: Int
    /// True when this later part moved the trace's root up to a local root (the span
    /// that starts a caller's part): the trace's root, route and duration are new, and
    /// its summary and route statistics with them. A root still waiting for its parent
    /// (a caller's client span that ended before the caller's own root) does not count.
    public let movedRoot: Bool

    /// The spans no earlier call carried.
    public var newSpans: ArraySlice<SpanRecord> {
        trace.spans[previousSpanCount...]
    }

    /// True for a part that joined the trace after it completed.
    public var isLatePart: Bool {
        previousSpanCount > 0
    }
}
