
/// One shard of the traces whose local root has not ended, and of the
/// trace-ids that completed recently (so that late spans find their trace).
///
/// The record path takes one shard's lock for a hash lookup and an append;
/// shards are chosen by trace-id, so threads recording different traces
/// rarely meet.
final class PendingShard: Sendable {
    let state: Locked<ShardState>

    init(limits: ShardLimits) {
        state = Locked(ShardState(limits: limits))
    }
}

struct ShardLimits: Sendable {
    var maxSpansPerTrace: Int
    /// This shard's part of the pending share of the memory budget.
    var pendingBytes: Int
    /// How many completed trace-ids this shard remembers for late spans.
    var rememberedTraces: Int
}

struct PendingTrace {
    var spans: [SpanRecord]
    var bytes: Int
    var droppedSpanCount: Int
    let firstSeenNanos: UInt64

    /// The dictionary entry and the array header, counted once per trace.
    static let overheadBytes = 128
}

/// What became of a trace that left the pending set.
enum CompletionMarker {
    /// Its root ended and the tail decision is being made: late spans wait here.
    case deciding(gap: [SpanRecord], gapBytes: Int, spanCount: Int)
    case decided(kept: Bool)
}

/// A trace taken out of the pending set to be completed.
struct CompletingTrace {
    var spans: [SpanRecord]
    var droppedSpanCount: Int
    var bytes: Int
}

enum RecordOutcome {
    case absorbed
    /// The trace completed and was kept: the span goes to the retention sets.
    case late(SpanRecord)
    case complete(CompletingTrace)
}

struct ShardState {
    let limits: ShardLimits
    private(set) var pending: [TraceKey: PendingTrace] = [:]
    private var completed: [TraceKey: CompletionMarker] = [:]
    private var completedOrder = FIFOQueue<TraceKey>()
    private(set) var pendingBytes = 0
    private(set) var spansRecorded = 0
    private(set) var dropped: [DropCause: Int] = [:]

    init(limits: ShardLimits) {
        self.limits = limits
    }

    /// Files a span; a local root takes its trace out for completion.
    mutating func record(
        _ span: consuming SpanRecord, key: TraceKey, bytes: Int, isRoot: Bool, now: () -> UInt64
    ) -> RecordOutcome {
        spansRecorded += 1
        if let index = pending.index(forKey: key) {
            guard isRoot else {
                appendPending(span, at: index, bytes: bytes)
                return .absorbed
            }
            var trace = pending.remove(at: index).value
            pendingBytes -= trace.bytes
            // The removed array is uniquely referenced: appending moves nothing.
            trace.spans.append(span)
            remember(key, spanCount: trace.spans.count)
            return .complete(
                CompletingTrace(spans: trace.spans, droppedSpanCount: trace.droppedSpanCount, bytes: trace.bytes + bytes)
            )
        }
        if let index = completed.index(forKey: key) {
            return recordLate(span, at: index, bytes: bytes)
        }
        if isRoot {
            remember(key, spanCount: 1)
            return .complete(
                CompletingTrace(spans: [span], droppedSpanCount: 0, bytes: bytes + PendingTrace.overheadBytes)
            )
        }
        let cost = bytes + PendingTrace.overheadBytes
        guard pendingBytes + cost <= limits.pendingBytes else {
            dropped[.spansOverPendingMemory, default: 0] += 1
            return .absorbed
        }
        // A trace is pending only because a span ended before its local root, which will join
        // it: room for both up front spares the array a reallocation when the root comes.
        var spans = [SpanRecord]()
        spans.reserveCapacity(2)
        spans.append(span)
        pending[key] = PendingTrace(spans: spans, bytes: cost, droppedSpanCount: 0, firstSeenNanos: now())
        pendingBytes += cost
        return .absorbed
    }

    private mutating func appendPending(
        _ span: consuming SpanRecord, at index: Dictionary<TraceKey, PendingTrace>.Index, bytes: Int
    ) {
        // One slot stays free for the root, so a capped trace can still complete.
        guard pending.values[index].spans.count < limits.maxSpansPerTrace - 1 else {
            pending.values[index].droppedSpanCount += 1
            dropped[.spansOverTraceLimit, default: 0] += 1
            return
        }
        guard pendingBytes + bytes <= limits.pendingBytes else {
            pending.values[index].droppedSpanCount += 1
            dropped[.spansOverPendingMemory, default: 0] += 1
            return
        }
        pending.values[index].spans.append(span)
        pending.values[index].bytes += bytes
        pendingBytes += bytes
    }

    private mutating func recordLate(
        _ span: consuming SpanRecord, at index: Dictionary<TraceKey, CompletionMarker>.Index, bytes: Int
    ) -> RecordOutcome {
        switch completed.values[index] {
        case .decided(let kept):
            if !kept { dropped[.lateSpansOfDroppedTraces, default: 0] += 1 }
            return kept ? .late(span) : .absorbed
        case .deciding(var gap, let gapBytes, let spanCount):
            guard spanCount + gap.count < limits.maxSpansPerTrace else {
                dropped[.spansOverTraceLimit, default: 0] += 1
                return .absorbed
            }
            guard pendingBytes + bytes <= limits.pendingBytes else {
                dropped[.spansOverPendingMemory, default: 0] += 1
                return .absorbed
            }
            // Replacing the payload first leaves `gap` uniquely referenced, so the append does not copy.
            completed.values[index] = .decided(kept: false)
            gap.append(span)
            completed.values[index] = .deciding(gap: gap, gapBytes: gapBytes + bytes, spanCount: spanCount)
            pendingBytes += bytes
            return .absorbed
        }
    }

    private mutating func remember(_ key: TraceKey, spanCount: Int) {
        completed[key] = .deciding(gap: [], gapBytes: 0, spanCount: spanCount)
        completedOrder.append(key)
        if completedOrder.count > limits.rememberedTraces, let oldest = completedOrder.popFirst() {
            if case .deciding(_, let gapBytes, _)? = completed.removeValue(forKey: oldest) {
                pendingBytes -= gapBytes
            }
        }
    }

    /// Records the tail decision and hands back the spans that arrived meanwhile.
    mutating func decide(_ key: TraceKey, kept: Bool) -> [SpanRecord] {
        guard let index = completed.index(forKey: key),
            case .deciding(let gap, let gapBytes, _) = completed.values[index]
        else { return [] }
        completed.values[index] = .decided(kept: kept)
        pendingBytes -= gapBytes
        return gap
    }

    /// Takes out the traces whose root has not ended within `timeout`.
    mutating func takeTimedOut(now: UInt64, timeout: UInt64) -> [(TraceKey, CompletingTrace)] {
        let expired = pending.filter { now &- $0.value.firstSeenNanos >= timeout && now >= $0.value.firstSeenNanos }
        return expired.map { key, trace in
            pending[key] = nil
            pendingBytes -= trace.bytes
            remember(key, spanCount: trace.spans.count)
            return (key, CompletingTrace(spans: trace.spans, droppedSpanCount: trace.droppedSpanCount, bytes: trace.bytes))
        }
    }
}
