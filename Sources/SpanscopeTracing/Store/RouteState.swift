/// What the store keeps per route: latency statistics over every completed
/// trace, and which retained traces are its exemplars and its slowest.
struct RouteState {
    var histogram = LatencyHistogram()
    var count = 0
    var errorCount = 0
    var bucketCounts = [Int](repeating: 0, count: LatencyBucket.allCases.count)
    /// Oldest first, at most `exemplarsPerBucket` each.
    var exemplars = [[TraceKey]](repeating: [], count: LatencyBucket.allCases.count)
    var lastExemplarAdmission = [UInt64?](repeating: nil, count: LatencyBucket.allCases.count)
    /// Ascending by duration, at most `slowestPerRoute`.
    var slowest: [(key: TraceKey, durationNanos: UInt64)] = []

    /// Reserved per route in the memory budget when the store is created: the
    /// histogram dominates; exemplar and slowest keys are small and bounded.
    static func estimatedBytes(exemplarsPerBucket: Int, slowestPerRoute: Int) -> Int {
        let keys = (exemplarsPerBucket * LatencyBucket.allCases.count + slowestPerRoute) * 24
        return LatencyHistogram.bucketCount * MemoryLayout<UInt32>.stride + keys + 512
    }

    mutating func record(_ outcome: TraceOutcome) {
        histogram.record(outcome.durationNanos)
        count += 1
        if outcome.status == .error { errorCount += 1 }
        bucketCounts[LatencyBucket(durationNanos: outcome.durationNanos).rawValue] += 1
    }

    /// Takes back what `record` counted for a trace that is counted under another route
    /// now, and its exemplar and slowest places here.
    mutating func remove(_ outcome: TraceOutcome, of key: TraceKey) {
        histogram.remove(outcome.durationNanos)
        count -= 1
        if outcome.status == .error { errorCount -= 1 }
        let bucket = LatencyBucket(durationNanos: outcome.durationNanos).rawValue
        bucketCounts[bucket] -= 1
        exemplars[bucket].removeAll { $0 == key }
        slowest.removeAll { $0.key == key }
    }

    func admitsExemplar(in bucket: LatencyBucket, now: UInt64, interval: UInt64) -> Bool {
        guard let last = lastExemplarAdmission[bucket.rawValue] else { return true }
        return now &- last >= interval
    }

    func admitsSlow(_ durationNanos: UInt64, capacity: Int) -> Bool {
        guard capacity > 0 else { return false }
        guard slowest.count >= capacity else { return true }
        return durationNanos > slowest[0].durationNanos
    }

    /// Inserts in order and returns the displaced fastest member when full.
    mutating func insertSlow(_ key: TraceKey, durationNanos: UInt64, capacity: Int) -> TraceKey? {
        let index = slowest.firstIndex { $0.durationNanos > durationNanos } ?? slowest.endIndex
        slowest.insert((key, durationNanos), at: index)
        return slowest.count > capacity ? slowest.first?.key : nil
    }
}
