import Synchronization
import W3CTraceContext

/// The in-process trace store: groups ended spans by trace, tail-samples each
/// trace when its local root ends, and keeps what is worth looking at within
/// one memory budget.
///
/// A completed trace is kept for reasons (`KeepReason`): among the most recent,
/// an error, among the slowest of its route, a latency exemplar of its route
/// (per decade bucket, admitted at most once per interval, as zPages does), or
/// pinned. A trace held for several reasons is stored once; when memory is
/// short, recent successes go first, then exemplars, slow traces and errors;
/// pinned traces never. Spans that end after their root join the completed
/// trace, and so do parts with a local root of their own that complete later (a
/// caller's, when its callees record here too): such a part may move the trace's
/// root up, and the trace's route statistics with it. A trace whose root never
/// ends is kept as incomplete after `Configuration.pendingTimeout`, checked
/// lazily when a trace completes or the store is read, or by `sweep(now:)`.
///
/// `record(_:)` is safe from any thread: a child span costs a hash lookup and
/// an append under one of several shard locks.
///
/// ```swift
/// let store = TraceStore()
/// store.record(span) // usually called by the tracer
/// let slow = store.query(TraceQuery(route: "/orders/{id}", sort: .slowest, limit: 10))
/// ```
public final class TraceStore: SpanRecorder, Sendable {
    public let configuration: Configuration
    let shards: [PendingShard]
    let retention: Locked<RetentionState>
    let subscribers = Subscribers()
    let reception = ReceptionCounters()
    private let nextSweepNanos = Atomic<UInt64>(0)
    private let timedOutTraces = Atomic<Int>(0)
    private let pendingTimeoutNanos: UInt64

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let shardCount = configuration.roundedShardCount
        let shardLimits = ShardLimits(
            maxSpansPerTrace: max(1, configuration.maxSpansPerTrace),
            pendingBytes: configuration.pendingBudgetBytes / shardCount,
            rememberedTraces: max(1, configuration.rememberedCompletedTraces / shardCount)
        )
        shards = (0..<shardCount).map { _ in PendingShard(limits: shardLimits) }
        retention = Locked(
            RetentionState(
                limits: RetentionLimits(
                    recentCapacity: max(0, configuration.recentTraces),
                    errorCapacity: max(0, configuration.errorTraces),
                    exemplarsPerBucket: max(0, configuration.exemplarsPerBucket),
                    exemplarIntervalNanos: configuration.exemplarAdmissionInterval.saturatingNanoseconds,
                    slowestPerRoute: max(0, configuration.slowestPerRoute),
                    maxPinned: max(0, configuration.maxPinnedTraces),
                    maxRoutes: max(0, configuration.maxRoutes),
                    maxSpansPerTrace: max(1, configuration.maxSpansPerTrace),
                    budgetBytes: configuration.retainedBudgetBytes
                )
            )
        )
        pendingTimeoutNanos = configuration.pendingTimeout.saturatingNanoseconds
    }

    /// Files an ended span. A local root completes its trace: tail sampling,
    /// retention and completion handlers run on the calling thread, once per trace.
    ///
    /// ```swift
    /// store.record(SpanRecord(traceID: id, spanID: spanID, name: "GET /", startNanos: 0, endNanos: 1_000))
    /// ```
    public func record(_ span: consuming SpanRecord) {
        let size = span.estimatedBytes
        record(span, bytes: size)
    }

    /// Files a span that costs `size` bytes of the budget.
    func record(_ span: consuming SpanRecord, bytes size: Int) {
        let key = TraceKey(span.traceID)
        let shard = shards[key.shardIndex(shardCount: shards.count)]
        let isRoot = span.isLocalRoot
        let clock = configuration.clock
        // Through the locked accessor rather than `withLock`: a closure could only copy the
        // span, and the span moves into the trace's array as it is.
        let outcome = shard.state.value.record(span, key: key, bytes: size, isRoot: isRoot, now: clock.now)
        switch outcome {
        case .absorbed:
            return
        case .late(let span):
            let part = retention.withLock { $0.appendLate(CollectionOfOne(span), bytes: size, now: clock.now) }
            if let part { subscribers.publish(part) }
        case .complete(let completing):
            let now = clock.now()
            complete(completing, key: key, shard: shard, rootIndex: completing.spans.count - 1, now: now)
            sweepIfDue(now: now)
        }
    }

    /// Tail-samples a completed trace, retains it, hands it to subscribers, and
    /// settles the spans that arrived while this was being decided (subscribers get
    /// those as later parts).
    private func complete(_ completing: CompletingTrace, key: TraceKey, shard: PendingShard, rootIndex: Int?, now: UInt64) {
        let isIncomplete = rootIndex == nil
        let trace = Trace(
            traceID: key.traceID,
            spans: completing.spans,
            droppedSpanCount: completing.droppedSpanCount,
            isIncomplete: isIncomplete
        )
        let snapshot = TraceSnapshot(trace: trace, rootIndex: rootIndex)
        let sampler = configuration.sampler
        // One acquisition per completion: the tail decision is taken under the lock too, as
        // its policies are constant-time rules that call out to nothing. Subscribers get the sampled
        // trace (held or not, as exporters want it either way), or the part that joined a held one.
        let (kept, published) = retention.withLock { retention -> (Bool, TraceCompletion?) in
            // The shard forgot a trace the store still holds (thousands completed since), and another
            // process's part of it completed on its own: it joins the held trace, sampled and counted once.
            // The trace stays kept for the shard when the cap or the budget refuses this part, so that
            // its later spans still join it (or are counted against it); unless making room freed it.
            if retention.holds(key) {
                let part = retention.appendLate(
                    completing.spans, droppedBefore: completing.droppedSpanCount, bytes: completing.bytes, now: { now }
                )
                return (retention.holds(key), part)
            }
            retention.tracesCompleted += 1
            let route = retention.recordStatistics(of: snapshot)
            // A trace whose root never ended is what one comes looking for: it is kept whatever the policies say.
            guard isIncomplete || sampler.shouldSample(key, snapshot.outcome) else {
                retention.dropped[.tracesSampledOut, default: 0] += 1
                return (false, nil)
            }
            let admitted = !retention.admit(snapshot, key: key, bytes: completing.bytes, route: route, now: now).isEmpty
            return (admitted, TraceCompletion(trace: trace, previousSpanCount: 0, movedRoot: false))
        }
        let gapParts = settle(shard.state.withLock { $0.decide(key, kept: kept) }, kept: kept, now: now)
        if let published { subscribers.publish(published) }
        for part in gapParts { subscribers.publish(part) }
    }

    /// Files the spans that arrived while a trace's fate was being decided, and returns
    /// them as later parts for subscribers.
    private func settle(_ gap: [SpanRecord], kept: Bool, now: UInt64) -> [TraceCompletion] {
        guard !gap.isEmpty else { return [] }
        return retention.withLock { retention in
            gap.compactMap { span in
                guard kept else {
                    retention.dropped[.lateSpansOfDroppedTraces, default: 0] += 1
                    return nil
                }
                return retention.appendLate(CollectionOfOne(span), bytes: span.estimatedBytes, now: { now })
            }
        }
    }

    /// Completes, as incomplete, every trace whose local root has not ended
    /// within the pending timeout. `now` is in the configured clock's time;
    /// nil reads the clock. Also runs lazily when traces complete or the store is read.
    ///
    /// ```swift
    /// store.sweep() // e.g. before rendering the incomplete traces
    /// ```
    public func sweep(now: UInt64? = nil) {
        let now = now ?? configuration.clock.now()
        for shard in shards {
            let expired = shard.state.withLock { $0.takeTimedOut(now: now, timeout: pendingTimeoutNanos) }
            for (key, completing) in expired {
                timedOutTraces.add(1, ordering: .relaxed)
                complete(completing, key: key, shard: shard, rootIndex: nil, now: now)
            }
        }
    }

    /// Sweeps at most every eighth of the timeout, so the check costs one atomic load on most calls.
    func sweepIfDue(now: UInt64) {
        let due = nextSweepNanos.load(ordering: .relaxed)
        guard now >= due else { return }
        let interval = max(pendingTimeoutNanos / 8, 1_000_000)
        guard nextSweepNanos.compareExchange(expected: due, desired: now &+ interval, ordering: .relaxed).exchanged
        else { return }
        sweep(now: now)
    }

    func sweepIfDue() {
        sweepIfDue(now: configuration.clock.now())
    }

    var timedOutTraceCount: Int {
        timedOutTraces.load(ordering: .relaxed)
    }
}
