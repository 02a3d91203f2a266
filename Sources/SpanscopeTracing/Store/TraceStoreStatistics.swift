/// The store's state and counters, for `/debug/traces/stats`.
///
/// ```swift
/// let stats = store.statistics()
/// print(stats.bytesUsed, "of", stats.budgetBytes, "bytes;", stats.retainedTraces, "traces")
/// let json = try JSONEncoder().encode(stats)
/// ```
public struct TraceStoreStatistics: Sendable, Codable, Hashable {
    /// Completed traces held, each counted once.
    public var retainedTraces: Int
    /// Members of each retention set, keyed by `KeepReason` raw value.
    public var tracesPerSet: [String: Int]
    /// Traces whose local root has not ended yet.
    public var pendingTraces: Int
    public var routes: Int
    /// Retained plus pending bytes: never above `budgetBytes`.
    public var bytesUsed: Int
    public var retainedBytes: Int
    public var peakRetainedBytes: Int
    public var pendingBytes: Int
    /// Bytes set aside for route statistics and the memory of recently completed trace-ids.
    public var reservedBytes: Int
    public var budgetBytes: Int
    public var spansRecorded: Int
    /// Traces completed by their local root or by the pending timeout.
    public var tracesCompleted: Int
    /// Of those, the ones whose local root never ended.
    public var tracesTimedOut: Int
    /// Keyed by `DropCause` raw value.
    public var dropped: [String: Int]
    /// Keyed by `EvictionCause` raw value.
    public var evicted: [String: Int]
    /// Per top-level tail-sampling policy.
    public var sampling: [TailSamplingCounts]
    /// Spans other processes sent (`record(received:)`).
    public var received: ReceivedSpanCounts
}
