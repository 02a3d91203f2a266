public import Tracing
import W3CTraceContext

extension SpanscopeTracer {
    /// Reads W3C `traceparent` and `tracestate` from `carrier` into `context.spanContext`,
    /// as a remote parent.
    ///
    /// The extractor is asked for the lowercase names; it should match header names in any
    /// case, and join the values of a header sent in several lines with `,` in their order.
    /// Without `traceparent` the context is left as is. An invalid `traceparent` clears the
    /// span context and sets `context.traceRestartReason`: the next span restarts the trace.
    /// An invalid `tracestate` is dropped alone; it is never read after a bad `traceparent`.
    ///
    /// ```swift
    /// var context = InstrumentationContext.topLevel
    /// tracer.extract(request.headers, into: &context, using: headersExtractor) // your carrier's Extractor
    /// ```
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier,
        into context: inout InstrumentationContext,
        using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let traceParentValue = extractor.extract(key: TraceParent.headerName, from: carrier) else { return }
        let traceParent: TraceParent
        do {
            traceParent = try TraceParent(traceParentValue)
        } catch {
            context.spanContext = nil
            context.traceRestartReason = error
            return
        }
        let traceState =
            extractor.extract(key: TraceStateHeader.headerName, from: carrier)
            .flatMap(TraceStateHeader.value(of:)) ?? .empty
        // One box, one dictionary insert: the value is a single reference, stored unboxed.
        context.spanContextEntry = .plain(SpanContextBox(remoteParent: traceParent, traceState: traceState))
    }

    /// Writes `context.spanContext` as `traceparent` (version 00, only the sampled and
    /// random flags) and, when not empty, `tracestate` (at most 512 characters, truncated
    /// in the spec's order). A context without a span context writes nothing.
    ///
    /// ```swift
    /// var headers: [String: String] = [:]
    /// tracer.inject(span.context, into: &headers, using: headersInjector) // your carrier's Injector
    /// ```
    public func inject<Carrier, Inject: Injector>(
        _ context: InstrumentationContext,
        into carrier: inout Carrier,
        using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let headers = context.spanContextEntry?.propagationHeaders else { return }
        injector.inject(headers.traceParent, forKey: TraceParent.headerName, into: &carrier)
        if let traceState = headers.traceState {
            injector.inject(traceState, forKey: TraceStateHeader.headerName, into: &carrier)
        }
    }
}
