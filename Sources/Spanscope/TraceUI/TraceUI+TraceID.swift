import W3CTraceContext

extension TraceUI {
    /// The trace-id of a path: 32 hex digits (either case) that are not all zero, as W3C
    /// Trace Context defines a valid one; anything else is a 400.
    static func traceID(_ text: String?) throws(TraceAPIError) -> TraceID {
        guard let id = TraceID(hexString: text ?? "") else {
            throw TraceAPIError(.badRequest, "a trace-id is 32 hex digits", parameter: "traceId")
        }
        guard id != TraceID.null else {
            throw TraceAPIError(.badRequest, "the all-zero trace-id is invalid", parameter: "traceId")
        }
        return id
    }

    static func traceNotFound(_ id: TraceID) -> TraceAPIError {
        TraceAPIError(
            .notFound, "no trace \(id) is held: unknown, not yet complete, or evicted", parameter: "traceId"
        )
    }
}
