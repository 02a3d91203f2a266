import W3CTraceContext

/// OTLP's `SpanFlags`: bits 0-7 are the W3C trace flags, bits 8 and 9 the remote bits the
/// decoders read back (`OTLPDecoding.isRemote(flags:)`). Bits 10-31 stay zero for spans
/// made here, as the proto asks.
private func otlpFlags(_ flags: TraceFlags, isRemote: Bool?) -> UInt32 {
    guard let isRemote else { return UInt32(flags.rawValue) }
    return UInt32(flags.rawValue) | OTLPDecoding.hasIsRemoteFlag | (isRemote ? OTLPDecoding.isRemoteFlag : 0)
}

extension SpanRecord {
    /// The span's `flags` field in OTLP, protobuf and JSON alike. A root has no remote parent.
    ///
    /// ```swift
    /// span.otlpFlags // 0x301: sampled, parent known to be remote
    /// ```
    public var otlpFlags: UInt32 {
        SpanscopeTracing.otlpFlags(flags, isRemote: parentIsRemote)
    }
}

extension SpanRecord.Link {
    /// The link's `flags` field in OTLP; without bits 8 and 9 when remoteness is unknown.
    ///
    /// ```swift
    /// link.otlpFlags // 0x101: sampled, linked context known to be local
    /// ```
    public var otlpFlags: UInt32 {
        SpanscopeTracing.otlpFlags(flags, isRemote: isRemote)
    }
}
