extension TraceUI {
    /// `GET {prefix}/stream`: server-sent events of completed traces that match the same
    /// filters as the search (without `sort` and `limit`), until the client leaves.
    func stream(_ request: Request) throws(TraceAPIError) -> Response {
        let search = try TraceSearch(request.queryItems, allowed: TraceSearch.filterParameters, now: Self.wallClockNanos())
        let tail = LiveTail(store: store, query: search.query, capacity: liveTailBuffer, heartbeat: heartbeatInterval)
        var headers = Self.apiHeaders
        headers.set("Content-Type", "text/event-stream; charset=utf-8")
        // Proxies that buffer responses (nginx) would hold events back.
        headers.set("X-Accel-Buffering", "no")
        return Response(headers: headers) { writer in try await tail.run(writer) }
    }
}
