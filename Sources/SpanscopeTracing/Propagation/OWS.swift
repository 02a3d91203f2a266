/// RFC 9110 optional whitespace and comma-separated lists, over raw header bytes.
enum OWS {
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The trimmed, non-empty elements of a comma-separated list: several header lines
    /// joined with `,` read as one list, and empty elements are allowed and ignored.
    static func listElements(_ bytes: UnsafeBufferPointer<UInt8>) -> ListElements {
        ListElements(bytes: bytes)
    }

    struct ListElements: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func next() -> UnsafeBufferPointer<UInt8>? {
            while position <= bytes.count {
                var end = position
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                let element = trim(UnsafeBufferPointer(rebasing: bytes[position..<end]))
                position = end + 1
                if !element.isEmpty { return element }
            }
            return nil
        }
    }
}
