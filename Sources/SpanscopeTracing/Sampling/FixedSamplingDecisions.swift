/// The decisions a sampler makes without looking at the span, learned once from its
/// type: `AlwaysOnSampler` and `AlwaysOffSampler` always answer the same, and so does a
/// `ParentBasedSampler` in each parent case it delegates to one of them.
///
/// The tracer asks these first, so that a span whose decision is fixed (with the default
/// sampler: every span under a local parent) builds no `SamplingParameters` (a copy of the
/// parent's span context) and makes no existential calls. Any other sampler is asked as usual.
struct FixedSamplingDecisions: Sendable {
    private let root: SamplingDecision?
    private let remoteParentSampled: SamplingDecision?
    private let remoteParentNotSampled: SamplingDecision?
    private let localParentSampled: SamplingDecision?
    private let localParentNotSampled: SamplingDecision?

    init(of sampler: any Sampler) {
        if let parentBased = sampler as? ParentBasedSampler {
            root = Self.fixedDecision(of: parentBased.root)
            remoteParentSampled = Self.fixedDecision(of: parentBased.remoteParentSampled)
            remoteParentNotSampled = Self.fixedDecision(of: parentBased.remoteParentNotSampled)
            localParentSampled = Self.fixedDecision(of: parentBased.localParentSampled)
            localParentNotSampled = Self.fixedDecision(of: parentBased.localParentNotSampled)
        } else {
            let decision = Self.fixedDecision(of: sampler)
            (root, remoteParentSampled, remoteParentNotSampled) = (decision, decision, decision)
            (localParentSampled, localParentNotSampled) = (decision, decision)
        }
    }

    /// The decision for a span under `parent` (nil for a root), when it does not depend on the span.
    @inline(__always)
    func decision(parent: SpanContextEntry?) -> SamplingDecision? {
        guard let parent else { return root }
        return switch (parent.isRemote, parent.isSampled) {
        case (true, true): remoteParentSampled
        case (true, false): remoteParentNotSampled
        case (false, true): localParentSampled
        case (false, false): localParentNotSampled
        }
    }

    private static func fixedDecision(of sampler: any Sampler) -> SamplingDecision? {
        switch sampler {
        case is AlwaysOnSampler: .recordAndSample
        case is AlwaysOffSampler: .drop
        default: nil
        }
    }
}
