extension HTTPHeaders {
    /// Whether `name` is an RFC 9110 token, the only form a header name may take.
    ///
    /// ```swift
    /// HTTPHeaders.isValidName("X-Tenant") // true
    /// HTTPHeaders.isValidName("X Tenant") // false
    /// ```
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// Whether `value` may go on a header line: no CR, LF or NUL, each of which would let it
    /// forge lines of its own.
    ///
    /// ```swift
    /// HTTPHeaders.isValidValue("tenant-7") // true
    /// HTTPHeaders.isValidValue("a\r\nInjected: 1") // false
    /// ```
    public static func isValidValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
