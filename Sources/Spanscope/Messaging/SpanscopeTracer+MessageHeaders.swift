public import Tracing

extension SpanscopeTracer {
    /// Writes `context`'s trace (`traceparent`, and `tracestate` when there is one) into a
    /// message's headers, replacing the fields of an earlier trace.
    ///
    /// ```swift
    /// var headers: [String: String] = [:]
    /// tracer.inject(span.context, into: &headers)
    /// queue.send(Message(body: body, headers: headers))
    /// ```
    public func inject(_ context: ServiceContext, into headers: inout [String: String]) {
        for key in [TraceParent.headerName, TraceStateHeader.headerName] {
            for existing in headers.keys where existing.lowercased() == key {
                headers[existing] = nil
            }
        }
        inject(context, into: &headers, using: MessageHeadersInjector())
    }

    /// A context continuing the trace a message's headers carry: a span started from it
    /// is a child of the span that sent the message. Headers without `traceparent` leave
    /// `context` as is; an invalid one clears its span context (the trace restarts).
    ///
    /// ```swift
    /// let context = tracer.extract(message.headers)
    /// let span = tracer.startSpan("process orders", context: context, ofKind: .consumer)
    /// ```
    public func extract(_ headers: [String: String], into context: ServiceContext = .topLevel) -> ServiceContext {
        var context = context
        extract(headers, into: &context, using: MessageHeadersExtractor())
        return context
    }
}
