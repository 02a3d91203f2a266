/// The limits of the retention sets, derived from `TraceStore.Configuration`.
struct RetentionLimits: Sendable {
    var recentCapacity: Int
    var errorCapacity: Int
    var exemplarsPerBucket: Int
    var exemplarIntervalNanos: UInt64
    var slowestPerRoute: Int
    var maxPinned: Int
    var maxRoutes: Int
    var maxSpansPerTrace: Int
    /// The share of the memory budget for completed traces.
    var budgetBytes: Int
}

/// A completed trace the store holds, once, whatever sets hold it.
struct RetainedTrace {
    var snapshot: TraceSnapshot
    var reasons: KeepReasonSet
    var bytes: Int
    /// Late spans beyond the per-trace cap: counted here so the snapshot need not be rebuilt for each.
    var lateDroppedSpans = 0
    /// Index in `RetentionState.routes`; nil for incomplete traces, which have no meaningful latency.
    var route: Int?
    /// What `route`'s statistics counted: late spans change the snapshot's outcome, and a trace
    /// that moves to another route must take back exactly this.
    var counted: TraceOutcome

    /// The latency bucket `route` counted it in, where it may be an exemplar.
    var bucket: LatencyBucket {
        LatencyBucket(durationNanos: counted.durationNanos)
    }

    var trace: Trace {
        var trace = snapshot.trace
        trace.droppedSpanCount += lateDroppedSpans
        return trace
    }

    var summary: TraceSummary {
        var summary = snapshot.summary
        summary.droppedSpanCount += lateDroppedSpans
        summary.keptReasons = reasons.reasons
        return summary
    }
}

/// Every retention set under one lock: they are touched once per completed
/// trace (and per late span), never per ordinary span.
///
/// Each set holds keys; `traces` holds each trace once with its reasons as a
/// reference count. When the budget is short, memberships are released in
/// priority order (recent, exemplar, slow, error; pinned never) and a trace is
/// freed when its last membership goes.
struct RetentionState {
    let limits: RetentionLimits
    private(set) var traces: [TraceKey: RetainedTrace] = [:]
    /// Routes are never removed, so an index into `routes` stays valid: a completion
    /// hashes its route once, and every later step indexes the array.
    private(set) var routes: [(key: RouteKey, state: RouteState)] = []
    private var routeIndices: [RouteKey: Int] = [:]
    private(set) var members = MemberCounts()
    private(set) var bytes = 0
    private(set) var peakBytes = 0
    private(set) var evicted: [EvictionCause: Int] = [:]
    var dropped: [DropCause: Int] = [:]
    var tracesCompleted = 0

    private var recent = FIFOQueue<TraceKey>()
    private var errors = FIFOQueue<TraceKey>()
    /// Admission order of exemplars and slow members for budget eviction;
    /// members that left their set are skipped when popped, and purged when they dominate.
    private var exemplarOrder = FIFOQueue<TraceKey>()
    private var slowOrder = FIFOQueue<TraceKey>()

    /// All overflowing routes share this one, so route cardinality cannot exhaust memory.
    static let overflowRoute = RouteKey(service: "*", route: "*other routes*")

    init(limits: RetentionLimits) {
        self.limits = limits
    }

    /// Counts a completed trace in its route's statistics, sampled or not, and
    /// returns the index of the route it was counted under.
    mutating func recordStatistics(of snapshot: TraceSnapshot) -> Int? {
        guard !snapshot.outcome.isIncomplete, limits.maxRoutes > 0 else { return nil }
        let route = routeIndex(of: snapshot.routeKey)
        routes[route].state.record(snapshot.outcome)
        return route
    }

    private mutating func routeIndex(of key: RouteKey) -> Int {
        if let index = routeIndices[key] { return index }
        let key = routes.count >= limits.maxRoutes - 1 ? Self.overflowRoute : key
        if let index = routeIndices[key] { return index }
        routeIndices[key] = routes.count
        routes.append((key, RouteState()))
        return routes.count - 1
    }

    /// Retains a sampled trace that is not held (`holds(_:)`, under the same lock) for every
    /// set it qualifies for; returns its reasons, empty when it could not fit in the budget.
    mutating func admit(
        _ snapshot: TraceSnapshot, key: TraceKey, bytes size: Int, route: Int?, now: UInt64
    ) -> KeepReasonSet {
        assert(traces[key] == nil, "a held trace is merged, not admitted")
        let outcome = snapshot.outcome
        let bucket = LatencyBucket(durationNanos: outcome.durationNanos)
        var wanted = KeepReasonSet()
        if limits.recentCapacity > 0 { wanted.insert(KeepReasonSet(.recent)) }
        if outcome.isError, limits.errorCapacity > 0 { wanted.insert(KeepReasonSet(.error)) }
        if let route { wanted.insert(routeReasons(outcome, bucket: bucket, route: route, now: now)) }
        guard let strongest = wanted.strongest, size <= limits.budgetBytes,
            makeRoom(for: size, evictingUpTo: strongest)
        else {
            dropped[.tracesOverMemoryBudget, default: 0] += 1
            return []
        }
        traces[key] = RetainedTrace(snapshot: snapshot, reasons: wanted, bytes: size, route: route, counted: outcome)
        bytes += size
        peakBytes = max(peakBytes, bytes)
        members.add(wanted)
        addMemberships(key, wanted, route: route, bucket: bucket, durationNanos: outcome.durationNanos, now: now)
        return wanted
    }

    /// The sets of its route a trace qualifies for: an exemplar of its latency bucket (successes
    /// only, at most one per interval), and among the route's slowest.
    private func routeReasons(_ outcome: TraceOutcome, bucket: LatencyBucket, route: Int, now: UInt64) -> KeepReasonSet {
        var reasons = KeepReasonSet()
        if !outcome.isError, limits.exemplarsPerBucket > 0,
            routes[route].state.admitsExemplar(in: bucket, now: now, interval: limits.exemplarIntervalNanos)
        {
            reasons.insert(KeepReasonSet(.exemplar))
        }
        if routes[route].state.admitsSlow(outcome.durationNanos, capacity: limits.slowestPerRoute) {
            reasons.insert(KeepReasonSet(.slow))
        }
        return reasons
    }

    private mutating func addMemberships(
        _ key: TraceKey, _ reasons: KeepReasonSet, route: Int?, bucket: LatencyBucket, durationNanos: UInt64,
        now: UInt64
    ) {
        if reasons.contains(KeepReasonSet(.recent)) {
            recent.append(key)
            if recent.count > limits.recentCapacity, let oldest = recent.popFirst() {
                release(.recent, from: oldest, cause: .recentRotated)
            }
        }
        if reasons.contains(KeepReasonSet(.error)) {
            errors.append(key)
            if errors.count > limits.errorCapacity, let oldest = errors.popFirst() {
                release(.error, from: oldest, cause: .errorRotated)
            }
        }
        guard let route else { return }
        if reasons.contains(KeepReasonSet(.exemplar)) {
            exemplarOrder.append(key)
            routes[route].state.lastExemplarAdmission[bucket.rawValue] = now
            routes[route].state.exemplars[bucket.rawValue].append(key)
            if routes[route].state.exemplars[bucket.rawValue].count > limits.exemplarsPerBucket,
                let oldest = routes[route].state.exemplars[bucket.rawValue].first
            {
                release(.exemplar, from: oldest, cause: .exemplarRotated)
            }
        }
        if reasons.contains(KeepReasonSet(.slow)) {
            slowOrder.append(key)
            let displaced = routes[route].state.insertSlow(key, durationNanos: durationNanos, capacity: limits.slowestPerRoute)
            if let displaced { release(.slow, from: displaced, cause: .slowRotated) }
        }
        purgeStaleOrder()
    }

    /// True when the trace is held.
    func holds(_ key: TraceKey) -> Bool {
        traces[key] != nil
    }

    /// Adds spans of one held trace that came after it completed: spans that ended
    /// after its root, or another part of it (a caller's, another process's) that
    /// completed on its own. `size` is their cost together. Returns what subscribers
    /// are to get, the trace with the kept spans as its new ones; nil when none were kept.
    /// `droppedBefore` is what the part lost to the cap while it was pending: the trace
    /// counts those too.
    mutating func appendLate(
        _ spans: some Collection<SpanRecord>, droppedBefore: Int = 0, bytes size: Int, now: () -> UInt64
    ) -> TraceCompletion? {
        guard let first = spans.first else { return nil }
        let key = TraceKey(first.traceID)
        // Hashed once: the entry is read and changed where it lies, through its index.
        guard var index = traces.index(forKey: key), let strongest = traces.values[index].reasons.strongest else {
            dropped[.lateSpansOfDroppedTraces, default: 0] += spans.count
            return nil
        }
        traces.values[index].lateDroppedSpans += droppedBefore
        let room = max(0, limits.maxSpansPerTrace - traces.values[index].snapshot.trace.spans.count)
        if spans.count > room {
            traces.values[index].lateDroppedSpans += spans.count - room
            dropped[.spansOverTraceLimit, default: 0] += spans.count - room
        }
        guard room > 0 else { return nil }
        if bytes + size > limits.budgetBytes {
            // Making room may release this very trace's weaker memberships, even free it, and
            // frees others: the index is found again.
            guard makeRoom(for: size, evictingUpTo: strongest), let moved = traces.index(forKey: key) else {
                dropped[.lateSpansOverMemoryBudget, default: 0] += min(room, spans.count)
                return nil
            }
            index = moved
        }
        let previous = traces.values[index].snapshot
        let kept = spans.prefix(room)
        let current = previous.appending(kept)
        traces.values[index].snapshot = current
        traces.values[index].bytes += size
        bytes += size
        peakBytes = max(peakBytes, bytes)
        // Spans are only appended, so another index is another root: one comparison when nothing
        // moved. A root that is not a local root is a span waiting for its parent, the local root of
        // its part, which ends after it: counting the trace under it would only fill the route
        // table with passing client spans.
        let movedRoot = current.rootIndex != previous.rootIndex
            && current.rootIndex.map { current.trace.spans[$0].isLocalRoot } == true
        let completion = TraceCompletion(
            trace: traces.values[index].trace, previousSpanCount: previous.trace.spans.count, movedRoot: movedRoot
        )
        if kept.contains(where: \.isError) { joinErrorSet(at: index) }
        if movedRoot { recount(key, now: now()) }
        return completion
    }

    /// A later part moved a held trace's root up, so the first part to complete (a callee's)
    /// no longer names it: its route statistics and route sets move to the route its root
    /// names now, with the whole trace's duration and errors, as had it completed whole.
    /// The trace is still counted once among completed traces, and sampled once.
    private mutating func recount(_ key: TraceKey, now: UInt64) {
        guard var entry = traces[key], let old = entry.route else { return }
        routes[old].state.remove(entry.counted, of: key)
        let lost = entry.reasons.intersection([KeepReasonSet(.exemplar), KeepReasonSet(.slow)])
        for reason in lost.reasons {
            entry.reasons.remove(KeepReasonSet(reason))
            members.remove(reason)
        }
        let outcome = entry.snapshot.outcome
        entry.route = recordStatistics(of: entry.snapshot)
        entry.counted = outcome
        let wanted = entry.route.map { routeReasons(outcome, bucket: entry.bucket, route: $0, now: now) } ?? []
        entry.reasons.insert(wanted)
        guard !entry.reasons.isEmpty else {
            // Held only as an exemplar or a slow trace of the old route, and neither of the new one.
            traces[key] = nil
            bytes -= entry.bytes
            evicted[lost.contains(KeepReasonSet(.slow)) ? .slowRotated : .exemplarRotated, default: 0] += 1
            return
        }
        traces[key] = entry
        members.add(wanted)
        addMemberships(
            key, wanted, route: entry.route, bucket: entry.bucket, durationNanos: outcome.durationNanos, now: now
        )
    }

    /// A held trace that a late span shows to have failed joins the error set, as it
    /// would have had the span come in time: errors are what people come looking for.
    private mutating func joinErrorSet(at index: Dictionary<TraceKey, RetainedTrace>.Index) {
        guard limits.errorCapacity > 0, !traces.values[index].reasons.contains(KeepReasonSet(.error)) else { return }
        traces.values[index].reasons.insert(KeepReasonSet(.error))
        members.add(KeepReasonSet(.error))
        // Rotating the error ring may free another trace, and the index with it: this is its last use.
        let key = traces.keys[index]
        let bucket = traces.values[index].bucket
        addMemberships(key, KeepReasonSet(.error), route: nil, bucket: bucket, durationNanos: 0, now: 0)
    }

    mutating func pin(_ key: TraceKey) -> PinResult {
        guard let entry = traces[key] else { return .notFound }
        guard !entry.reasons.contains(KeepReasonSet(.pinned)) else { return .alreadyPinned }
        guard members[.pinned] < limits.maxPinned else { return .limitReached }
        traces[key]?.reasons.insert(KeepReasonSet(.pinned))
        members.add(KeepReasonSet(.pinned))
        return .pinned
    }

    mutating func unpin(_ key: TraceKey) -> Bool {
        guard traces[key]?.reasons.contains(KeepReasonSet(.pinned)) == true else { return false }
        release(.pinned, from: key, cause: .unpinned)
        return true
    }

    /// Releases memberships, weakest first and oldest first, until `size` more
    /// bytes fit; never touches reasons stronger than `limit`, so a flood of
    /// successes cannot push out errors.
    private mutating func makeRoom(for size: Int, evictingUpTo limit: KeepReason) -> Bool {
        while bytes + size > limits.budgetBytes {
            if let key = recent.popFirst() {
                release(.recent, from: key, cause: .memoryBudget)
            } else if limit >= .exemplar, let key = popLive(.exemplar, from: \.exemplarOrder) {
                release(.exemplar, from: key, cause: .memoryBudget)
            } else if limit >= .slow, let key = popLive(.slow, from: \.slowOrder) {
                release(.slow, from: key, cause: .memoryBudget)
            } else if limit >= .error, let key = errors.popFirst() {
                release(.error, from: key, cause: .memoryBudget)
            } else {
                return false
            }
        }
        return true
    }

    private static func holds(_ traces: [TraceKey: RetainedTrace], _ key: TraceKey, for reason: KeepReason) -> Bool {
        traces[key]?.reasons.contains(KeepReasonSet(reason)) == true
    }

    private mutating func popLive(_ reason: KeepReason, from queue: WritableKeyPath<RetentionState, FIFOQueue<TraceKey>>)
        -> TraceKey?
    {
        while let key = self[keyPath: queue].popFirst() {
            if Self.holds(traces, key, for: reason) { return key }
        }
        return nil
    }

    private mutating func purgeStaleOrder() {
        let traces = traces
        if exemplarOrder.count > 2 * members[.exemplar] + 64 {
            exemplarOrder.removeAll { !Self.holds(traces, $0, for: .exemplar) }
        }
        if slowOrder.count > 2 * members[.slow] + 64 {
            slowOrder.removeAll { !Self.holds(traces, $0, for: .slow) }
        }
    }

    /// Drops one membership; frees the trace when it was the last. Queue
    /// memberships (recent, error) are popped by the caller.
    ///
    /// Runs for nearly every admission once the budget is full: one hash lookup, and the
    /// entry is changed where it lies, as a copy would retain its snapshot to release it again.
    private mutating func release(_ reason: KeepReason, from key: TraceKey, cause: EvictionCause) {
        guard let index = traces.index(forKey: key), traces.values[index].reasons.contains(KeepReasonSet(reason))
        else { return }
        traces.values[index].reasons.remove(KeepReasonSet(reason))
        members.remove(reason)
        if let route = traces.values[index].route {
            switch reason {
            case .exemplar:
                routes[route].state.exemplars[traces.values[index].bucket.rawValue].removeAll { $0 == key }
            case .slow: routes[route].state.slowest.removeAll { $0.key == key }
            case .recent, .error, .pinned: break
            }
        }
        guard traces.values[index].reasons.isEmpty else { return }
        bytes -= traces.remove(at: index).value.bytes
        evicted[cause, default: 0] += 1
    }
}

/// Members of each retention set, updated on every completion and eviction: an
/// array indexed by priority, where a dictionary would hash each reason's name.
struct MemberCounts {
    private var counts = [Int](repeating: 0, count: KeepReason.allCases.count)

    subscript(reason: KeepReason) -> Int {
        counts[reason.priority]
    }

    mutating func add(_ reasons: KeepReasonSet) {
        for priority in counts.indices where reasons.rawValue & (1 << priority) != 0 {
            counts[priority] += 1
        }
    }

    mutating func remove(_ reason: KeepReason) {
        counts[reason.priority] -= 1
    }
}
