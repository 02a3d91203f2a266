public import W3CTraceContext

extension TraceStore {
    /// Keeps a held trace until unpinned, whatever else arrives; at most
    /// `Configuration.maxPinnedTraces` at once.
    ///
    /// ```swift
    /// switch store.pin(traceID) {
    /// case .pinned, .alreadyPinned: print("kept")
    /// case .notFound, .limitReached: print("not pinned")
    /// }
    /// ```
    @discardableResult
    public func pin(_ traceID: TraceID) -> PinResult {
        let key = TraceKey(traceID)
        return retention.withLock { $0.pin(key) }
    }

    /// Releases a pin; the trace stays while another reason holds it. False when it was not pinned.
    ///
    /// ```swift
    /// store.unpin(traceID)
    /// ```
    @discardableResult
    public func unpin(_ traceID: TraceID) -> Bool {
        let key = TraceKey(traceID)
        return retention.withLock { $0.unpin(key) }
    }
}
