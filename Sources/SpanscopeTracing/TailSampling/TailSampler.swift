import Synchronization
public import W3CTraceContext

/// Decides, when a trace completes and before the store or any exporter sees
/// it, whether to keep it: sampled when any policy samples, as the
/// OpenTelemetry Collector's `tail_sampling` processor decides.
///
/// Every top-level policy is evaluated for every trace (as the collector
/// does), so a top-level rate limit also spends tokens on traces another
/// policy keeps; nest it in `.and` to limit only the rest. An empty policy
/// list samples nothing. The default samples everything.
///
/// ```swift
/// let sampler = TailSampler(policies: [.keepErrors(), .rateLimited(tracesPerSecond: 50)])
/// let store = TraceStore(configuration: .init(sampler: sampler))
/// print(sampler.counts) // decisions per policy name
/// ```
public final class TailSampler: Sendable {
    public let policies: [TailSamplingPolicy]
    private let clock: NanosecondClock
    private let counters: [DecisionCounter]

    public init(policies: [TailSamplingPolicy] = [.always()], clock: NanosecondClock = .monotonic) {
        self.policies = policies
        self.clock = clock
        counters = policies.map { _ in DecisionCounter() }
    }

    /// Decides for one completed trace, and counts the decision of each policy.
    ///
    /// ```swift
    /// let keep = sampler.shouldSample(traceID: trace.traceID, summary: TraceSummary(trace: trace))
    /// ```
    public func shouldSample(traceID: TraceID, summary: TraceSummary) -> Bool {
        shouldSample(TraceKey(traceID), TraceOutcome(summary))
    }

    func shouldSample(_ key: TraceKey, _ outcome: TraceOutcome) -> Bool {
        let now = clock.now()
        var sampled = false
        for (policy, counter) in zip(policies, counters) {
            let decision = policy.samples(key, outcome, now: now)
            if decision {
                counter.sampled.add(1, ordering: .relaxed)
            } else {
                counter.notSampled.add(1, ordering: .relaxed)
            }
            sampled = sampled || decision
        }
        return sampled
    }

    /// Decisions so far, per top-level policy, in policy order.
    ///
    /// ```swift
    /// for count in sampler.counts { print(count.policy, count.sampled, count.notSampled) }
    /// ```
    public var counts: [TailSamplingCounts] {
        zip(policies, counters).map { policy, counter in
            TailSamplingCounts(
                policy: policy.name,
                sampled: counter.sampled.load(ordering: .relaxed),
                notSampled: counter.notSampled.load(ordering: .relaxed)
            )
        }
    }
}

/// Decisions of one policy.
///
/// ```swift
/// let errorsKept = sampler.counts.first { $0.policy == "keep-errors" }?.sampled ?? 0
/// ```
public struct TailSamplingCounts: Sendable, Codable, Hashable {
    public var policy: String
    public var sampled: Int
    public var notSampled: Int
}

private final class DecisionCounter: Sendable {
    let sampled = Atomic<Int>(0)
    let notSampled = Atomic<Int>(0)
}
