/// The `traceresponse` header (W3C Trace Context Level 3 drafts): tells the caller which
/// trace and server span handled its request, even when the server restarted the trace.
///
/// ```swift
/// response.headers[TraceResponse.headerName] = TraceResponse.headerValue(for: serverSpan.context.spanContext!)
/// // "00-4bf92f3577b34da6a3ce929d0e0e4736-53995c3f42cd8ad8-01"
/// ```
public enum TraceResponse {
    public static let headerName = "traceresponse"

    /// `00-<trace-id>-<span-id>-<flags>`, with only the sampled and random flags kept.
    public static func headerValue(for spanContext: SpanContext) -> String {
        TraceContextHeaderWriter.write(traceID: spanContext.traceID, spanID: spanContext.spanID, flags: spanContext.flags)
    }
}
