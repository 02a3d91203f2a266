public import Tracing

extension InstrumentationContext {
    /// The span context of the current span, or of the remote parent `extract` found.
    ///
    /// Setting it makes the next span started from this context its child, which is how a
    /// context from elsewhere (a queue message, a test) is continued.
    ///
    /// ```swift
    /// var context = InstrumentationContext.topLevel
    /// context.spanContext = SpanContext(traceID: traceID, spanID: spanID, flags: .sampled, isRemote: true)
    /// let span = tracer.startSpan("consume", context: context)
    /// ```
    public var spanContext: SpanContext? {
        get { spanContextEntry?.spanContext }
        set { spanContextEntry = newValue.map { .plain(SpanContextBox($0)) } }
    }

    /// Set by `SpanscopeTracer.extract` when the carrier had a `traceparent` that the spec
    /// says to reject. The next span then starts a new trace (a "restart"), and a server
    /// middleware can say so, e.g. with an attribute, instead of silently breaking the trace.
    ///
    /// ```swift
    /// tracer.extract(headers, into: &context, using: headersExtractor)
    /// if let reason = context.traceRestartReason { logger.debug("restarted trace: \(reason)") }
    /// ```
    public internal(set) var traceRestartReason: TraceParentError? {
        get { self[TraceRestartKey.self] }
        set { self[TraceRestartKey.self] = newValue }
    }

    /// The entry as stored, so the tracer can reach a recording span without a lookup.
    var spanContextEntry: SpanContextEntry? {
        get { self[SpanContextKey.self] }
        set { self[SpanContextKey.self] = newValue }
    }
}

private enum SpanContextKey: InstrumentationContextKey {
    typealias Value = SpanContextEntry
    static var nameOverride: String? { "spanscope.span-context" }
}

private enum TraceRestartKey: InstrumentationContextKey {
    typealias Value = TraceParentError
    static var nameOverride: String? { "spanscope.trace-restart" }
}
