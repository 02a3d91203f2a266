/// Why the store did not keep a span or a trace it was given.
///
/// ```swift
/// let dropped = store.statistics().dropped[DropCause.tracesSampledOut.rawValue] ?? 0
/// ```
public enum DropCause: String, Sendable, Codable, CaseIterable {
    /// Spans beyond the per-trace cap (each trace also counts its own in `droppedSpanCount`).
    case spansOverTraceLimit
    /// Spans of unfinished traces that did not fit the pending share of the memory budget.
    case spansOverPendingMemory
    /// Completed traces the tail sampler did not sample.
    case tracesSampledOut
    /// Sampled traces that could not fit the budget without evicting stronger ones.
    case tracesOverMemoryBudget
    /// Spans that ended after their trace was sampled out or evicted.
    case lateSpansOfDroppedTraces
    /// Late spans that did not fit the budget.
    case lateSpansOverMemoryBudget
}

/// Why the store freed a trace it held.
///
/// ```swift
/// let rotated = store.statistics().evicted[EvictionCause.recentRotated.rawValue] ?? 0
/// ```
public enum EvictionCause: String, Sendable, Codable, CaseIterable {
    /// Pushed out of the ring of recent traces by newer ones.
    case recentRotated
    /// Pushed out of the ring of errors by newer errors.
    case errorRotated
    /// Replaced by a newer exemplar of the same route and latency bucket.
    case exemplarRotated
    /// Replaced by a slower trace of the same route.
    case slowRotated
    /// Released to stay within the memory budget.
    case memoryBudget
    /// Unpinned while held by no other set.
    case unpinned
}

/// The outcome of `TraceStore.pin(_:)`.
///
/// ```swift
/// if store.pin(traceID) == .limitReached { print("unpin something first") }
/// ```
public enum PinResult: String, Sendable, Codable {
    case pinned
    case alreadyPinned
    /// The store holds no completed trace with that id.
    case notFound
    case limitReached
}
