/// What the context key stores. A recording span stores its own storage, so that putting
/// it in the context costs no extra allocation; both cases are a single reference, which
/// fits the context's existential inline instead of being boxed.
///
/// Unchecked because `SpanStorage`, a `ManagedBuffer` subclass, cannot declare itself
/// `Sendable`; it is thread-safe: fixed fields, and a state only reached under its lock.
enum SpanContextEntry: @unchecked Sendable {
    case recording(SpanStorage)
    /// A non-recording span, a remote parent, or a context set by hand.
    case plain(SpanContextBox)

    var spanContext: SpanContext {
        switch self {
        case .recording(let storage): storage.spanContext
        case .plain(let box): box.spanContext
        }
    }

    // The flags and IDs are read in place: going through `spanContext` would copy (and
    // retain) the trace state on every span start.

    var isRemote: Bool {
        switch self {
        case .recording(let storage): storage.spanContext.isRemote
        case .plain(let box): box.spanContext.isRemote
        }
    }

    var isSampled: Bool {
        switch self {
        case .recording(let storage): storage.spanContext.isSampled
        case .plain(let box): box.spanContext.isSampled
        }
    }

    /// The `traceparent` and `tracestate` values that `inject` sends.
    var propagationHeaders: (traceParent: String, traceState: String?) {
        switch self {
        case .recording(let storage): storage.spanContext.propagationHeaders
        case .plain(let box): box.spanContext.propagationHeaders
        }
    }

    /// The box of a local span context that is neither sampled nor recording: what a
    /// dropped child shares instead of a span context of its own.
    var localUnsampledBox: SpanContextBox? {
        guard case .plain(let box) = self, !box.spanContext.isRemote, !box.spanContext.isSampled else { return nil }
        return box
    }
}

/// A span context that no recording span stands behind, as one reference.
final class SpanContextBox: Sendable {
    let spanContext: SpanContext

    init(_ spanContext: SpanContext) {
        self.spanContext = spanContext
    }

    /// The parent that `extract` read from a carrier.
    ///
    /// Not inlined: the IDs then go from the parsed `traceparent` into the box as three
    /// words, where inlined code took them apart into 24 bytes around the allocation.
    @inline(never)
    init(remoteParent parent: TraceParent, traceState: TraceStateValue) {
        spanContext = SpanContext(
            traceID: parent.traceID,
            spanID: parent.parentID,
            flags: parent.flags,
            traceStateValue: traceState,
            isRemote: true
        )
    }
}
