/// HTTP header fields in arrival order, with case-insensitive names and repeated names kept.
///
/// A name may appear on several lines (`tracestate` often does); `values(for:)` returns them
/// all in order, while the subscript joins nothing and returns the first.
///
/// ```swift
/// var headers: HTTPHeaders = ["Content-Type": "text/plain"]
/// headers.add("Set-Cookie", "a=1")
/// headers.add("set-cookie", "b=2")
/// headers.values(for: "SET-COOKIE") // ["a=1", "b=2"]
/// ```
public struct HTTPHeaders: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init() { fields = [] }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any earlier ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field of this name with one, in the place of the first (at the end
    /// when there is none).
    ///
    /// In place, because a traced client sets `traceparent` on every request it sends,
    /// and a retried request already carries the line it replaces.
    public mutating func set(_ name: String, _ value: String) {
        guard let first = index(of: name) else {
            fields.append(Field(name: name, value: value))
            return
        }
        fields[first] = Field(name: name, value: value)
        var next = first + 1
        while let later = index(of: name, from: next) {
            fields.remove(at: later)
            next = later
        }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The first value of a name, or nil.
    public subscript(name: String) -> String? {
        guard let index = index(of: name) else { return nil }
        return fields.withUnsafeBufferPointer { $0[index].value }
    }

    /// The values of a name joined with `,` in arrival order, as RFC 9110 combines the
    /// lines of one field; nil when there is none. A single line comes back as it is.
    ///
    /// ```swift
    /// let headers: HTTPHeaders = ["tracestate": "rojo=1", "TraceState": "congo=2"]
    /// headers.combinedValue(for: "tracestate") // "rojo=1,congo=2"
    /// ```
    public func combinedValue(for name: String) -> String? {
        guard let first = index(of: name) else { return nil }
        return fields.withUnsafeBufferPointer { fields in
            var combined = fields[first].value
            for index in first + 1..<fields.count where Self.namesEqual(fields[index].name, name) {
                combined.append(",")
                combined.append(fields[index].value)
            }
            return combined
        }
    }

    /// The index of the first field of a name at or after `start`.
    ///
    /// Through the array's buffer, because reading a field out of the array copies it, at
    /// two retains and two releases, and every extract and inject of a traced request
    /// compares the names of all its header fields.
    private func index(of name: String, from start: Int = 0) -> Int? {
        fields.withUnsafeBufferPointer { fields in
            fields[start...].firstIndex { Self.namesEqual($0.name, name) }
        }
    }

    /// Every value of a name, in arrival order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Makes room for `count` fields in all, so that adding several costs one allocation.
    ///
    /// ```swift
    /// response.headers.reserveCapacity(response.headers.count + 2)
    /// ```
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    public var count: Int { fields.count }

    /// ASCII case-insensitive comparison without allocating: header names are tokens.
    ///
    /// ```swift
    /// HTTPHeaders.namesEqual("TraceParent", "traceparent") // true
    /// ```
    @inlinable
    public static func namesEqual(_ a: String, _ b: String) -> Bool {
        // Most compared names differ in length, or are equal as written (for small
        // strings, one compare of their bits): both are decided inline.
        a.utf8.count == b.utf8.count && (a == b || sameLengthNamesEqual(a, b))
    }

    @usableFromInline
    static func sameLengthNamesEqual(_ a: String, _ b: String) -> Bool {
        let equal = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in bytesEqualIgnoringCase(x, y) }
        }
        if let equal = equal ?? nil { return equal }
        // Only a bridged string has no contiguous UTF-8; these copies have.
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in bytesEqualIgnoringCase(x, y) } }
    }

    private static func bytesEqualIgnoringCase(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<x.count where x[i] != y[i] {
            let lower = x[i] | 0x20
            if lower != y[i] | 0x20 || lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
        }
        return true
    }
}

extension HTTPHeaders: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}

extension HTTPHeaders: Sequence {
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}
