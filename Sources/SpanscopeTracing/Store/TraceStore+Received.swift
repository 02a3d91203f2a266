import Synchronization

extension TraceStore {
    /// Files spans that other processes sent (an OTLP receiver calls this): they
    /// join this process's spans of the same traces, so that a trace that crossed
    /// processes shows whole.
    ///
    /// Each process's part of a trace has its own local root (a span whose parent
    /// is remote, or the trace's root). The first part to complete completes the
    /// trace; the parts that come later join it as late spans do, and the trace's
    /// root becomes the one furthest up. Within one call, a part's other spans are
    /// filed before its root, so a part that arrives whole completes whole.
    ///
    /// A received span pays for its resource and scope too: they came with the
    /// request, not from this process's tracer, so the budget counts them per span.
    ///
    /// ```swift
    /// let decoded = try OTLPJSONDecoder().decodeRequest(body)
    /// store.record(received: decoded.spans, rejectedSpanCount: decoded.rejectedSpanCount)
    /// ```
    public func record(received spans: [SpanRecord], rejectedSpanCount: Int = 0) {
        reception.requests.add(1, ordering: .relaxed)
        reception.spans.add(spans.count, ordering: .relaxed)
        reception.rejectedSpans.add(rejectedSpanCount, ordering: .relaxed)
        for span in spans where !span.isLocalRoot {
            record(span, bytes: span.estimatedReceivedBytes)
        }
        for span in spans where span.isLocalRoot {
            record(span, bytes: span.estimatedReceivedBytes)
        }
    }

    /// Counts a request a receiver refused whole (not OTLP, too large, unreadable),
    /// for `/debug/traces/stats`: the one sign, on this side, of a misconfigured sender.
    ///
    /// ```swift
    /// store.countRefusedRequest()
    /// ```
    public func countRefusedRequest() {
        reception.refusedRequests.add(1, ordering: .relaxed)
    }

    var receivedSpanCounts: ReceivedSpanCounts {
        ReceivedSpanCounts(
            requests: reception.requests.load(ordering: .relaxed),
            spans: reception.spans.load(ordering: .relaxed),
            rejectedSpans: reception.rejectedSpans.load(ordering: .relaxed),
            refusedRequests: reception.refusedRequests.load(ordering: .relaxed)
        )
    }
}

/// Spans other processes sent to this store, as `/debug/traces/stats` shows them.
///
/// ```swift
/// let received = store.statistics().received
/// print(received.spans, "spans received,", received.rejectedSpans, "rejected")
/// ```
public struct ReceivedSpanCounts: Sendable, Codable, Hashable {
    /// Requests whose spans were filed (all, or all but the rejected ones).
    public var requests: Int
    /// Spans filed; the store's own limits may still drop some, as they drop local spans.
    public var spans: Int
    /// Spans a receiver could not read (invalid IDs or times), answered as `partialSuccess`.
    public var rejectedSpans: Int
    /// Requests refused whole: wrong content type or encoding, too large, unreadable.
    public var refusedRequests: Int
}

/// The counters behind `ReceivedSpanCounts`; relaxed atomics, as they order nothing.
final class ReceptionCounters: Sendable {
    let requests = Atomic<Int>(0)
    let spans = Atomic<Int>(0)
    let rejectedSpans = Atomic<Int>(0)
    let refusedRequests = Atomic<Int>(0)
}

extension SpanRecord {
    /// A received span's cost: its own, plus its resource and scope, which no tracer of this process shares.
    var estimatedReceivedBytes: Int {
        estimatedBytes + resource.attributes.estimatedBytes + scope.attributes.estimatedBytes
            + scope.name.utf8.count + scope.version.utf8.count
    }
}
