extension TraceUI {
    /// `GET {prefix}/stats`: the store's counters and memory (`TraceStoreStatistics`).
    func statistics(_ request: Request) throws(TraceAPIError) -> Response {
        try Self.refuseParameters(request)
        return Self.json(store.statistics())
    }
}
