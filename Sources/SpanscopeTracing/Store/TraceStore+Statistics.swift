extension TraceStore {
    /// Counts, sizes and counters of the store, for `/debug/traces/stats`.
    ///
    /// ```swift
    /// let stats = store.statistics()
    /// assert(stats.bytesUsed <= stats.budgetBytes)
    /// ```
    public func statistics() -> TraceStoreStatistics {
        sweepIfDue()
        var pendingTraces = 0
        var pendingBytes = 0
        var spansRecorded = 0
        var dropped: [String: Int] = [:]
        for shard in shards {
            shard.state.withLock { state in
                pendingTraces += state.pending.count
                pendingBytes += state.pendingBytes
                spansRecorded += state.spansRecorded
                for (cause, count) in state.dropped { dropped[cause.rawValue, default: 0] += count }
            }
        }
        var statistics = retention.withLock { retention in
            TraceStoreStatistics(
                retainedTraces: retention.traces.count,
                tracesPerSet: Dictionary(uniqueKeysWithValues: KeepReason.allCases.map {
                    ($0.rawValue, retention.members[$0])
                }),
                pendingTraces: pendingTraces,
                routes: retention.routes.count,
                bytesUsed: retention.bytes + pendingBytes,
                retainedBytes: retention.bytes,
                peakRetainedBytes: retention.peakBytes,
                pendingBytes: pendingBytes,
                reservedBytes: configuration.reservedBytes,
                budgetBytes: configuration.memoryBudgetBytes,
                spansRecorded: spansRecorded,
                tracesCompleted: retention.tracesCompleted,
                tracesTimedOut: timedOutTraceCount,
                dropped: dropped.merging(retention.dropped.map { ($0.rawValue, $1) }, uniquingKeysWith: +),
                evicted: Dictionary(uniqueKeysWithValues: retention.evicted.map { ($0.rawValue, $1) }),
                sampling: [],
                received: receivedSpanCounts
            )
        }
        statistics.sampling = configuration.sampler.counts
        return statistics
    }
}
