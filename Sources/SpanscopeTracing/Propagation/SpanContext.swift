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
    public var traceState: TraceState
    /// True when this context was extracted from a carrier, i.e. its span lives in another process.
    public var isRemote: Bool

    public init(
        traceID: TraceID,
        spanID: SpanID,
        flags: TraceFlags = [],
        traceState: TraceState = TraceState(),
        isRemote: Bool = false
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// The sampled flag: the span is recorded and handed to the recorder.
    public var isSampled: Bool { flags.contains(.sampled) }
}
