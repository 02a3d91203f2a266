/// One trace of a search result as the API writes it (`docs/trace-api.md`, "Trace summary").
///
/// Names and conventions follow the trace JSON (`TraceJSONEncoder`): `traceId`, absolute
/// times as decimal strings of nanoseconds since the Unix epoch (they exceed JavaScript's
/// exact integers), durations as numbers of nanoseconds.
struct TraceSummaryJSON: Encodable {
    var traceId: String
    var rootName: String
    var rootService: String
    var services: [String]
    var route: String
    var startTimeUnixNano: String
    var durationNanos: UInt64
    var spanCount: Int
    var errorCount: Int
    var droppedSpanCount: Int
    var status: String
    /// The root's `http.response.status_code`, null when it has none.
    var statusCode: Nullable<Int>
    var incomplete: Bool
    var keptReasons: [String]

    init(_ summary: TraceSummary) {
        traceId = summary.traceID
        rootName = summary.rootName
        rootService = summary.rootService
        services = summary.services
        route = summary.route
        startTimeUnixNano = String(summary.startNanos)
        durationNanos = summary.durationNanos
        spanCount = summary.spanCount
        errorCount = summary.errorCount
        droppedSpanCount = summary.droppedSpanCount
        status = summary.status.rawValue
        statusCode = Nullable(summary.statusCode)
        incomplete = summary.isIncomplete
        keptReasons = summary.keptReasons.map(\.rawValue)
    }
}
