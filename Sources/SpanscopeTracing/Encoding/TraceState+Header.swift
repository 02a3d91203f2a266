public import W3CTraceContext

extension TraceState {
    /// The `tracestate` header form (`vendor=value,...`), which OTLP's
    /// `traceState` field carries; the package does not make it public.
    ///
    /// ```swift
    /// TraceState([(.simple("vendor"), "v1")]).headerValue // "vendor=v1"
    /// ```
    public var headerValue: String {
        map { "\($0.vendor.rawValue)=\($0.value)" }.joined(separator: ",")
    }
}
