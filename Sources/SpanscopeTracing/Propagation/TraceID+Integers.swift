import W3CTraceContext

// IDs are generated and compared as integers; these views convert without
// going through the packages' per-byte `Span` accessors.

extension TraceID {
    /// Bytes 0...7 and 8...15, each read big-endian as the W3C hex text reads.
    init(high: UInt64, low: UInt64) {
        self.init(bytes: unsafeBitCast((high.bigEndian, low.bigEndian), to: TraceID.Bytes.self))
    }

    var high: UInt64 { UInt64(bigEndian: unsafeBitCast(bytes, to: (UInt64, UInt64).self).0) }

    /// The bytes 8...15 that ratio sampling and the random flag are about.
    var low: UInt64 { UInt64(bigEndian: unsafeBitCast(bytes, to: (UInt64, UInt64).self).1) }

    var hexString: String { Hex.string(high: high, low: low) }
}

extension SpanID {
    init(integer: UInt64) {
        self.init(bytes: unsafeBitCast(integer.bigEndian, to: SpanID.Bytes.self))
    }

    var integer: UInt64 { UInt64(bigEndian: unsafeBitCast(bytes, to: UInt64.self)) }

    var hexString: String { Hex.string(integer) }
}
