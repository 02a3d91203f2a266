/// Samples no span (`always_off`); contexts still propagate.
///
/// ```swift
/// let tracer = SpanscopeTracer(recorder: store, sampler: AlwaysOffSampler())
/// ```
public struct AlwaysOffSampler: Sampler {
    public init() {}

    public var description: String { "AlwaysOffSampler" }

    public func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision { .drop }
}
