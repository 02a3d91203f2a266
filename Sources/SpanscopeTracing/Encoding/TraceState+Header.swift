public import W3CTraceContext

extension TraceState {
    /// The `tracestate` header form (`vendor=value,...`), which OTLP's
    /// `traceState` field carries; the package does not make it public.
    ///
    /// ```swift
    /// TraceState([(.simple("vendor"), "v1")]).headerValue // "vendor=v1"
    /// ```
    public var headerValue: String {
        // The header writer, untruncated: OTLP carries the state whole.
        TraceStateHeader.format(self, maxLength: .max) ?? ""
    }
}
