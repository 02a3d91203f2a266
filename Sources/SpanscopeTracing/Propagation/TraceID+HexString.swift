public import W3CTraceContext

extension TraceID {
    /// The trace-id that 32 hex digits write, in either case, as `TraceSummary.traceID` and
    /// the trace API's paths hold it; nil for anything else. The all-zero id parses: whether
    /// it is acceptable is the caller's rule.
    ///
    /// ```swift
    /// let trace = TraceID(hexString: summary.traceID).flatMap { store.trace(id: $0) }
    /// ```
    public init?(hexString text: some StringProtocol) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            guard count < 32, let nibble = Hex.valueIgnoringCase(byte) else { return nil }
            if count < 16 { high = high << 4 | UInt64(nibble) } else { low = low << 4 | UInt64(nibble) }
            count += 1
        }
        guard count == 32 else { return nil }
        self.init(high: high, low: low)
    }
}
