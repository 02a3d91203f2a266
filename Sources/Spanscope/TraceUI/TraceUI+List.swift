import Foundation

extension TraceUI {
    /// `GET {prefix}`: summaries of the held traces that match every filter, sorted and limited.
    func list(_ request: Request) throws(TraceAPIError) -> Response {
        let search = try TraceSearch(request.queryItems, allowed: TraceSearch.listParameters, now: Self.wallClockNanos())
        let traces = store.query(search.query)
        return Self.json(
            TraceListJSON(
                traces: traces.map(TraceSummaryJSON.init),
                count: traces.count,
                sort: search.query.sort.rawValue,
                limit: search.query.limit,
                requestedLimit: search.requestedLimit,
                limitCapped: search.requestedLimit > search.query.limit,
                maxLimit: TraceQuery.maxLimit
            )
        )
    }

    /// `date` (now unless given) in nanoseconds since the Unix epoch, the time base of span records.
    static func wallClockNanos(_ date: Date = Date()) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970 * 1e9))
    }
}

/// The answer of `GET {prefix}` (`docs/trace-api.md`, "Search").
private struct TraceListJSON: Encodable {
    var traces: [TraceSummaryJSON]
    var count: Int
    var sort: String
    /// The limit applied: the one asked for, capped at `maxLimit`.
    var limit: Int
    var requestedLimit: Int
    var limitCapped: Bool
    var maxLimit: Int
}
