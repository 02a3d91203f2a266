import W3CTraceContext

extension TraceUI {
    /// The trace-id of a path: 32 hex digits (either case) that are not all zero, as W3C
    /// Trace Context defines a valid one; anything else is a 400.
    static func traceID(_ text: String?) throws(TraceAPIError) -> TraceID {
        let text = text ?? ""
        let digits = Array(text.utf8)
        guard digits.count == 32, digits.allSatisfy(\.isHexDigit),
              let high = UInt64(String(decoding: digits[..<16], as: UTF8.self), radix: 16),
              let low = UInt64(String(decoding: digits[16...], as: UTF8.self), radix: 16)
        else {
            throw TraceAPIError(.badRequest, "a trace-id is 32 hex digits", parameter: "traceId")
        }
        guard high != 0 || low != 0 else {
            throw TraceAPIError(.badRequest, "the all-zero trace-id is invalid", parameter: "traceId")
        }
        var bytes = TraceID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return TraceID(bytes: bytes)
    }

    static func traceNotFound(_ id: TraceID) -> TraceAPIError {
        TraceAPIError(
            .notFound, "no trace \(id) is held: unknown, not yet complete, or evicted", parameter: "traceId"
        )
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
