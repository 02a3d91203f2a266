import Foundation

extension TraceUI {
    /// `GET {prefix}/active`: the requests the tracing middleware is serving now, longest
    /// running first; an empty list when the UI was given no `InFlightRequests`.
    func active(_ request: Request) throws(TraceAPIError) -> Response {
        try Self.refuseParameters(request)
        let entries = inFlight?.snapshot() ?? []
        return Self.json(ActiveJSON(requests: entries.map(ActiveRequestJSON.init), count: entries.count))
    }
}

/// The answer of `GET {prefix}/active` (`docs/trace-api.md`, "Requests in flight").
private struct ActiveJSON: Encodable {
    var requests: [ActiveRequestJSON]
    var count: Int
}

private struct ActiveRequestJSON: Encodable {
    var traceId: String
    var spanId: String
    var serviceName: String
    var method: String
    var route: Nullable<String>
    var path: String
    var startTimeUnixNano: String
    var elapsedNanos: UInt64

    init(_ entry: InFlightRequests.Entry) {
        traceId = entry.traceID
        spanId = entry.spanID
        serviceName = entry.serviceName
        method = entry.method
        route = Nullable(entry.route)
        path = entry.path
        startTimeUnixNano = String(TraceUI.wallClockNanos(entry.startTime))
        let (seconds, attoseconds) = entry.elapsed.components
        elapsedNanos = seconds < 0 ? 0 : UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
