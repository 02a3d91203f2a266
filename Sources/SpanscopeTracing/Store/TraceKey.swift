import W3CTraceContext

/// A trace-id as two big-endian words: hashing two integers is several times
/// cheaper than hashing the sixteen bytes one by one as `TraceID` does, and the
/// record path hashes on every span.
struct TraceKey: Hashable, Sendable {
    /// Bytes 0..7, big-endian.
    let high: UInt64
    /// Bytes 8..15, big-endian: the part W3C Level 2 requires to be random.
    let low: UInt64

    init(_ traceID: TraceID) {
        (high, low) = withUnsafeBytes(of: traceID.bytes) { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }

    var traceID: TraceID {
        var bytes = TraceID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return TraceID(bytes: bytes)
    }

    /// Mixes both words so that ids which are not random in their low bytes
    /// (some propagators zero-pad 64-bit ids) still spread over the shards.
    func shardIndex(shardCount: Int) -> Int {
        let mixed = (high ^ low) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & (shardCount - 1)
    }
}
