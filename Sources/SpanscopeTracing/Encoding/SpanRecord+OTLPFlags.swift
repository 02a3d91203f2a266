import W3CTraceContext

/// OTLP's `SpanFlags`: bits 0-7 are the W3C trace flags; bit 8 says whether bit 9 is
/// known, and bit 9 whether the parent (of a span) or the linked context (of a link) is
/// remote. Bits 10-31 stay zero for spans made here, as the proto asks.
private let hasIsRemoteBit: UInt32 = 0x100
private let isRemoteBit: UInt32 = 0x200

private func otlpFlags(_ flags: TraceFlags, isRemote: Bool?) -> UInt32 {
    guard let isRemote else { return UInt32(flags.rawValue) }
    return UInt32(flags.rawValue) | hasIsRemoteBit | (isRemote ? isRemoteBit : 0)
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
