/// Samples a fixed share of traces by their trace-id (`traceidratio`), so that every
/// process of a trace using the same ratio makes the same decision.
///
/// Decides as the Python SDK's `TraceIdRatioBased` does: trace-id bytes 8...15 read as a
/// big-endian integer, sampled when below `round(ratio × 2^64)` (the Go SDK agrees but
/// for the lowest bit). Those are the bytes the W3C random flag says are random.
///
/// ```swift
/// let sampler = TraceIDRatioSampler(ratio: 0.25) // about one trace in four
/// ```
public struct TraceIDRatioSampler: Sampler {
    /// The ratio, clamped to 0...1.
    public let ratio: Double
    /// Sampled below this bound; nil samples everything (a ratio whose bound is 2^64).
    private let bound: UInt64?

    public init(ratio: Double) {
        let ratio = ratio.isNaN ? 0 : min(max(ratio, 0), 1)
        self.ratio = ratio
        // Scaling by a power of two is exact, so rounding here matches Python's round().
        let scaled = (ratio * 0x1p64).rounded(.toNearestOrEven)
        self.bound = scaled >= 0x1p64 ? nil : UInt64(scaled)
    }

    public var description: String {
        "TraceIdRatioBased{" + String(ratio) + "}"
    }

    public func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision {
        guard let bound else { return .recordAndSample }
        return parameters.traceID.low < bound ? .recordAndSample : .drop
    }
}
