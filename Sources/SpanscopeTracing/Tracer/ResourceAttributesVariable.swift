/// `OTEL_RESOURCE_ATTRIBUTES`: `key1=value1,key2=value2`, W3C Baggage syntax without
/// properties; `,` and `=` inside keys and values are percent-encoded, and every value is
/// a string. "In case of any error … the entire environment variable value SHOULD be
/// discarded", hence nil for the whole value.
enum ResourceAttributesVariable {
    static func parse(_ text: String) -> [Attribute]? {
        var attributes: [Attribute] = []
        for member in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = member.trimmingWhitespace
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "="),
                let key = percentDecoded(trimmed[..<equals].trimmingWhitespace),
                !key.isEmpty,
                let value = percentDecoded(trimmed[trimmed.index(after: equals)...].trimmingWhitespace)
            else { return nil }
            attributes.append(Attribute(key, .string(value)))
        }
        return attributes
    }

    /// Decodes `%XX` escapes (either hex case) as UTF-8; nil on a broken escape or bytes
    /// that are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ascii - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): ascii - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): ascii - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
