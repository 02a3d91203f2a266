import Spanscope

/// The recorder of a shop service that only other shop services call: it files each
/// span in the store as a span whose parent is in this process.
///
/// The store completes a trace when a local root ends, and a span whose parent came in
/// a request's or a message's headers counts as one (`SpanRecord.isLocalRoot`). Here the
/// caller is another service of the same process, so such a span is not where the trace
/// starts: left as it is, auth's span (the first to end) would complete every trace, and
/// the store would summarize and count a checkout under `GET /sessions/current`. Filed
/// with its parent as local, it waits for the gateway's span, which completes the trace
/// under the route the shopper called; spans that end later (a stalled payment, the
/// e-mail) join it as late spans.
struct InProcessCalleeRecorder: SpanRecorder {
    let store: TraceStore

    func record(_ span: SpanRecord) {
        guard span.parentIsRemote else {
            store.record(span)
            return
        }
        var span = span
        span.parentIsRemote = false
        store.record(span)
    }
}
