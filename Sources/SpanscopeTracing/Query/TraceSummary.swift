/// One line of a trace search result: made on the first read of a held trace
/// and kept with it, so that queries never walk the spans again for these fields.
///
/// ```swift
/// for summary in store.query(TraceQuery(service: "orders", limit: 10)) {
///     print(summary.traceID, summary.rootName, summary.durationNanos, summary.keptReasons)
/// }
/// ```
public struct TraceSummary: Sendable, Codable, Hashable {
    /// 32 lowercase hex digits.
    public var traceID: String
    public var rootName: String
    public var rootService: String
    /// Every service with a span in the trace, sorted.
    public var services: [String]
    /// Earliest span start, nanoseconds since the Unix epoch.
    public var startNanos: UInt64
    /// Earliest start to latest end, as the OpenTelemetry Collector's latency policy measures it.
    public var durationNanos: UInt64
    public var spanCount: Int
    public var errorCount: Int
    public var droppedSpanCount: Int
    /// Why the store still holds the trace; empty for a trace it no longer holds.
    public var keptReasons: [KeepReason]
    public var isIncomplete: Bool
    /// The root's `http.route`, else its name.
    public var route: String
    /// The root's `http.response.status_code`, if any.
    public var statusCode: Int?
    public var status: TraceStatus

    /// Summarizes a trace; the root is `trace.root`.
    ///
    /// ```swift
    /// let summary = TraceSummary(trace: Trace(traceID: id, spans: spans))
    /// ```
    public init(trace: Trace) {
        self.init(trace: trace, root: trace.root)
    }

    init(trace: Trace, root: SpanRecord?) {
        self.init(trace: trace, root: root, outcome: TraceOutcome(trace: trace, root: root))
    }

    init(trace: Trace, root: SpanRecord?, outcome: TraceOutcome) {
        var services = Set<String>()
        for span in trace.spans { services.insert(span.serviceName) }
        traceID = trace.traceID.description
        rootName = root?.name ?? ""
        rootService = root?.serviceName ?? ""
        self.services = services.sorted()
        startNanos = outcome.startNanos
        durationNanos = outcome.durationNanos
        spanCount = trace.spans.count
        errorCount = outcome.errorCount
        droppedSpanCount = trace.droppedSpanCount
        keptReasons = []
        isIncomplete = outcome.isIncomplete
        route = root.map(Self.route(of:)) ?? ""
        if case .int(let code)? = root?.attributes[key: "http.response.status_code"] {
            statusCode = Int(code)
        }
        status = outcome.status
    }

    /// The route a trace is grouped under: `http.route` as the semantic conventions name it, else the span name.
    static func route(of root: SpanRecord) -> String {
        if case .string(let route)? = root.attributes[key: "http.route"] { return route }
        return root.name
    }
}

/// A trace's outcome: `error` when any span failed, else the root's status.
///
/// ```swift
/// let errors = store.query(TraceQuery(status: .error))
/// ```
public enum TraceStatus: String, Sendable, Codable, CaseIterable {
    case ok, error, unset
}
