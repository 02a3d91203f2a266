/// Decoded query items in order; a name may repeat.
///
/// ```swift
/// let items = QueryItems(parsing: "tag=a&tag=b&q=hello+world")
/// items["q"]             // "hello world"
/// items.values(for: "tag") // ["a", "b"]
/// ```
public struct QueryItems: Sendable, Hashable, Sequence {
    public struct Item: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    public private(set) var items: [Item]

    public init(parsing query: Substring) {
        items = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let eq = pair.firstIndex(of: "=") {
                return Item(
                    name: PercentDecoding.decode(pair[..<eq], plusIsSpace: true),
                    value: PercentDecoding.decode(pair[pair.index(after: eq)...], plusIsSpace: true)
                )
            }
            return Item(name: PercentDecoding.decode(pair, plusIsSpace: true), value: "")
        }
    }

    /// The first value of a name.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    public func values(for name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[Item]> { items.makeIterator() }
}

/// RFC 3986 percent-decoding. Invalid escapes are kept as written rather than rejected:
/// a query is the client's business, and a path with them simply matches no route.
enum PercentDecoding {
    static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"),
               let h = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), h != utf8.endIndex,
               let l = utf8.index(h, offsetBy: 1, limitedBy: utf8.endIndex), l != utf8.endIndex,
               let high = hexValue(utf8[h]), let low = hexValue(utf8[l]) {
                bytes.append(high << 4 | low)
                index = utf8.index(after: l)
                continue
            }
            bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes, or returns nil when the result has invalid UTF-8 or a NUL: for file paths.
    static func decodeStrict(_ text: Substring) -> String? {
        let decoded = decode(text, plusIsSpace: false)
        if decoded.utf8.contains(0) || decoded.unicodeScalars.contains("\u{FFFD}") { return nil }
        return decoded
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
