public import W3CTraceContext

/// The part of a span that crosses process boundaries: what `traceparent` and
/// `tracestate` carry. Read it from any `InstrumentationContext` with `context.spanContext`.
///
/// ```swift
/// if let spanContext = InstrumentationContext.current?.spanContext {
///     print(spanContext.traceID, spanContext.spanID, spanContext.isSampled)
/// }
/// ```
public struct SpanContext: Sendable, Hashable {
    public var traceID: TraceID
    public var spanID: SpanID
    /// Only `.sampled` and `.randomTraceID` are ever propagated.
    public var flags: TraceFlags
    /// The vendors' entries. A context extracted from a well-formed `tracestate` header
    /// keeps the header itself and parses it only when this is read; `inject` sends the
    /// header back unchanged, so a trace state that passes through costs no parsing.
    public var traceState: TraceState {
        get { traceStateValue.state }
        set { traceStateValue = TraceStateValue(newValue) }
    }
    /// True when this context was extracted from a carrier, i.e. its span lives in another process.
    public var isRemote: Bool
    var traceStateValue: TraceStateValue

    public init(
        traceID: TraceID,
        spanID: SpanID,
        flags: TraceFlags = [],
        traceState: TraceState = TraceState(),
        isRemote: Bool = false
    ) {
        self.init(traceID: traceID, spanID: spanID, flags: flags, traceStateValue: TraceStateValue(traceState), isRemote: isRemote)
    }

    init(traceID: TraceID, spanID: SpanID, flags: TraceFlags, traceStateValue: TraceStateValue, isRemote: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.traceStateValue = traceStateValue
        self.isRemote = isRemote
    }

    /// The sampled flag: the span is recorded and handed to the recorder.
    public var isSampled: Bool { flags.contains(.sampledBit) }

    /// `traceparent` (version 00, only the sampled and random flags) and, unless empty,
    /// `tracestate` (at most 512 characters, truncated in the spec's order).
    var propagationHeaders: (traceParent: String, traceState: String?) {
        (TraceContextHeaderWriter.write(traceID: traceID, spanID: spanID, flags: flags), traceStateValue.headerValue)
    }

    // Equal trace states are equal whether kept as a header or parsed.
    public static func == (lhs: SpanContext, rhs: SpanContext) -> Bool {
        lhs.traceID == rhs.traceID && lhs.spanID == rhs.spanID && lhs.flags == rhs.flags
            && lhs.isRemote == rhs.isRemote && lhs.traceStateValue == rhs.traceStateValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(traceID)
        hasher.combine(spanID)
        hasher.combine(flags)
        hasher.combine(traceState)
        hasher.combine(isRemote)
    }
}
