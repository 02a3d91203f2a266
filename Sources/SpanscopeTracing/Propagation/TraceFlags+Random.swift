public import W3CTraceContext

extension TraceFlags {
    /// W3C Trace Context Level 2 "random-trace-id" flag (0x02): the right 7 bytes of the
    /// trace-id were generated at random. Set on the traces this tracer starts and copied
    /// unchanged when it continues a trace.
    ///
    /// ```swift
    /// if spanContext.flags.contains(.randomTraceID) { /* trace-id is safe to sample on */ }
    /// ```
    public static let randomTraceID = TraceFlags(rawValue: 0x02)

    /// The same bit as `.sampled`. That one is a lazily initialized global of another
    /// module, which costs a call to its accessor at every use; this one is a constant, for
    /// the paths every span takes.
    static let sampledBit = TraceFlags(rawValue: 0x01)

    /// The only bits Level 2 defines (sampled and random); the others must be sent as zero.
    static let defined = TraceFlags(rawValue: 0x03)
}
