import W3CTraceContext

extension TraceResponse {
    /// The server span id in the `traceresponse` of a response to a request of trace
    /// `traceID`, or nil unless there is exactly one header line, it parses as the
    /// `traceparent` grammar it shares, and it names that same trace (a callee that
    /// restarted the trace answers with another trace-id, and its span is not this trace's).
    static func calleeSpanID(in headers: HTTPHeaders, traceID: TraceID) -> SpanID? {
        let values = headers.values(for: headerName)
        guard values.count == 1, !values[0].contains(","),
            let response = try? TraceParent(values[0]), response.traceID == traceID
        else { return nil }
        return response.parentID
    }
}
