/// Follows the parent's decision, and asks `root` only for spans without a parent
/// (`parentbased_*`). Each of the four parent cases can be given its own sampler; the
/// defaults are OpenTelemetry's: follow a sampled parent, drop under an unsampled one.
///
/// ```swift
/// let sampler = ParentBasedSampler(root: TraceIDRatioSampler(ratio: 0.1))
/// ```
public struct ParentBasedSampler: Sampler {
    public let root: any Sampler
    public let remoteParentSampled: any Sampler
    public let remoteParentNotSampled: any Sampler
    public let localParentSampled: any Sampler
    public let localParentNotSampled: any Sampler

    public init(
        root: any Sampler,
        remoteParentSampled: any Sampler = AlwaysOnSampler(),
        remoteParentNotSampled: any Sampler = AlwaysOffSampler(),
        localParentSampled: any Sampler = AlwaysOnSampler(),
        localParentNotSampled: any Sampler = AlwaysOffSampler()
    ) {
        self.root = root
        self.remoteParentSampled = remoteParentSampled
        self.remoteParentNotSampled = remoteParentNotSampled
        self.localParentSampled = localParentSampled
        self.localParentNotSampled = localParentNotSampled
    }

    public var description: String {
        "ParentBased{root=\(root),remoteParentSampled=\(remoteParentSampled),"
            + "remoteParentNotSampled=\(remoteParentNotSampled),localParentSampled=\(localParentSampled),"
            + "localParentNotSampled=\(localParentNotSampled)}"
    }

    public func shouldSample(_ parameters: SamplingParameters) -> SamplingDecision {
        // The parent is read in place: binding it to a local would copy its trace state.
        guard let isRemote = parameters.parent?.isRemote, let isSampled = parameters.parent?.isSampled else {
            return root.shouldSample(parameters)
        }
        // Each case calls its sampler in place: binding the chosen one to a local would copy
        // an existential on every span.
        switch (isRemote, isSampled) {
        case (true, true): return remoteParentSampled.shouldSample(parameters)
        case (true, false): return remoteParentNotSampled.shouldSample(parameters)
        case (false, true): return localParentSampled.shouldSample(parameters)
        case (false, false): return localParentNotSampled.shouldSample(parameters)
        }
    }
}
