/// One rule of tail sampling, decided once per completed trace, as in the
/// OpenTelemetry Collector's `tail_sampling` processor.
///
/// ```swift
/// let policies: [TailSamplingPolicy] = [
///     .keepErrors(),
///     .keepSlowerThan(.milliseconds(500)),
///     .and([.probabilistic(0.5), .rateLimited(tracesPerSecond: 10)], name: "sample"),
/// ]
/// let sampler = TailSampler(policies: policies)
/// ```
public struct TailSamplingPolicy: Sendable {
    /// The name decisions are counted under.
    public let name: String
    let rule: Rule

    indirect enum Rule: Sendable {
        case always
        case keepErrors
        case slowerThan(nanos: UInt64)
        /// Sampled when trace-id bytes 8...15, big-endian, are below the threshold.
        case probabilistic(threshold: UInt64, everything: Bool)
        case rateLimited(TokenBucket)
        case and([TailSamplingPolicy])
    }

    /// Samples every trace (the collector's `always_sample`).
    ///
    /// ```swift
    /// let sampler = TailSampler(policies: [.always()])
    /// ```
    public static func always(name: String = "always") -> TailSamplingPolicy {
        TailSamplingPolicy(name: name, rule: .always)
    }

    /// Samples traces with an error span, and traces that timed out incomplete
    /// (the collector's `status_code` policy with `ERROR`).
    ///
    /// ```swift
    /// let sampler = TailSampler(policies: [.keepErrors()])
    /// ```
    public static func keepErrors(name: String = "keep-errors") -> TailSamplingPolicy {
        TailSamplingPolicy(name: name, rule: .keepErrors)
    }

    /// Samples traces whose duration (earliest start to latest end) is at least
    /// `threshold` (the collector's `latency` policy).
    ///
    /// ```swift
    /// let slow = TailSamplingPolicy.keepSlowerThan(.milliseconds(250))
    /// ```
    public static func keepSlowerThan(_ threshold: Duration, name: String = "keep-slow") -> TailSamplingPolicy {
        TailSamplingPolicy(name: name, rule: .slowerThan(nanos: threshold.saturatingNanoseconds))
    }

    /// Samples a `ratio` (0...1) of traces, decided by the trace-id alone as
    /// the OpenTelemetry SDKs' `traceidratio` sampler does (bytes 8...15 as a
    /// big-endian integer below `ratio` × 2^64), so every process that uses the
    /// same ratio keeps the same traces.
    ///
    /// ```swift
    /// let tenth = TailSamplingPolicy.probabilistic(0.1)
    /// ```
    public static func probabilistic(_ ratio: Double, name: String = "probabilistic") -> TailSamplingPolicy {
        let clamped = min(max(ratio, 0), 1)
        // 2^64 × ratio, kept below the largest Double that converts to a UInt64.
        let threshold = UInt64(min(clamped * 18_446_744_073_709_551_616.0, 18_446_744_073_709_549_568.0))
        return TailSamplingPolicy(name: name, rule: .probabilistic(threshold: threshold, everything: clamped >= 1))
    }

    /// Samples at most about `tracesPerSecond` traces a second: a token bucket
    /// refilled at that rate and holding one second's worth, so below the rate
    /// every trace is sampled and above it about the rate is, with bursts of at
    /// most one second's worth. Time comes from the sampler's clock.
    ///
    /// ```swift
    /// let capped = TailSamplingPolicy.rateLimited(tracesPerSecond: 20)
    /// ```
    public static func rateLimited(tracesPerSecond: Double, name: String = "rate-limited") -> TailSamplingPolicy {
        TailSamplingPolicy(name: name, rule: .rateLimited(TokenBucket(ratePerSecond: tracesPerSecond)))
    }

    /// Samples when every policy of `policies` samples, evaluated in order and
    /// stopping at the first that does not (the collector's `and` policy): put a
    /// rate limit last so that it only spends tokens on traces the others chose.
    ///
    /// ```swift
    /// let slowOrders = TailSamplingPolicy.and([.keepSlowerThan(.seconds(1)), .rateLimited(tracesPerSecond: 5)])
    /// ```
    public static func and(_ policies: [TailSamplingPolicy], name: String = "and") -> TailSamplingPolicy {
        TailSamplingPolicy(name: name, rule: .and(policies))
    }

    func samples(_ key: TraceKey, _ outcome: TraceOutcome, now: UInt64) -> Bool {
        switch rule {
        case .always:
            true
        case .keepErrors:
            outcome.isError
        case .slowerThan(let nanos):
            outcome.durationNanos >= nanos
        case .probabilistic(let threshold, let everything):
            everything || key.low < threshold
        case .rateLimited(let bucket):
            bucket.take(now: now)
        case .and(let policies):
            !policies.isEmpty && policies.allSatisfy { $0.samples(key, outcome, now: now) }
        }
    }
}
