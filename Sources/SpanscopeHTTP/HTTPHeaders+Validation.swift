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
}
