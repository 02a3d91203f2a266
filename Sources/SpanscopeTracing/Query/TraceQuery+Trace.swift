extension TraceQuery {
    /// Whether one trace satisfies every condition of the query, as `TraceStore.query`
    /// decides it (`sort` and `limit` play no part): for a live tail of completed traces.
    ///
    /// ```swift
    /// let errors = TraceQuery(status: .error)
    /// store.addCompletionHandler { completion in
    ///     if errors.matches(completion.trace) { alert(completion.trace.traceID) }
    /// }
    /// ```
    public func matches(_ trace: Trace) -> Bool {
        Matcher(self).matches(TraceSnapshot(trace: trace, rootIndex: nil))
    }
}
