/// Samples every span (`always_on`).
///
/// ```swift
/// let tracer = SpanscopeTracer(recorder: store, sampler: AlwaysOnSampler())
/// ```
public struct AlwaysOnSampler: Sampler {
    public init() {}

    public var description: String { "AlwaysOnSampler" }

    public func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision { .recordAndSample }
}
