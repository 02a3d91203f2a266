import W3CTraceContext

/// Writes `00-<trace-id>-<span-id>-<flags>`, the shape shared by `traceparent` and
/// `traceresponse`, straight into a 55-byte string: one allocation, no interpolation.
enum TraceContextHeaderWriter {
    static let length = 55

    static func write(traceID: TraceID, spanID: SpanID, flags: TraceFlags) -> String {
        let high = traceID.high
        let low = traceID.low
        let span = spanID.integer
        let flagBits = flags.intersection(.defined).rawValue
        return String(unsafeUninitializedCapacity: length) { buffer in
            let dash = UInt8(ascii: "-")
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "0")
            buffer[2] = dash
            Hex.write(high, into: buffer, at: 3)
            Hex.write(low, into: buffer, at: 19)
            buffer[35] = dash
            Hex.write(span, into: buffer, at: 36)
            buffer[52] = dash
            Hex.write(flagBits, into: buffer, at: 53)
            return length
        }
    }
}
