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
            guard let high = iterator.next().flatMap(Hex.valueIgnoringCase), let low = iterator.next().flatMap(Hex.valueIgnoringCase) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
