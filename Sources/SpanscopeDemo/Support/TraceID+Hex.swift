import W3CTraceContext

extension TraceID {
    /// Parses the 32 lowercase hex digits that `TraceSummary.traceID` holds.
    init?(hexString: String) {
        let digits = Array(hexString.utf8)
        guard digits.count == 32 else { return nil }
        var id = TraceID.null
        let parsed = id.withMutableSpan { bytes in
            for index in 0..<16 {
                guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else {
                    return false
                }
                bytes[index] = high << 4 | low
            }
            return true
        }
        guard parsed else { return nil }
        self = id
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
