extension TraceStore {
    /// The summary of `trace` with why the store keeps it; a trace it did not keep (the live
    /// tail sees every completed one) has no reasons.
    ///
    /// ```swift
    /// let reasons = store.keptSummary(of: trace).keptReasons   // [.error, .slow]
    /// ```
    func keptSummary(of trace: Trace) -> TraceSummary {
        summary(id: trace.traceID) ?? TraceSummary(trace: trace)
    }
}
