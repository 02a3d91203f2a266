extension String {
    /// Calls `body` with the string's UTF-8 bytes, in place: unlike `withUTF8`, it needs no
    /// mutable copy (a retain and a release), which every extract would pay twice. Only a
    /// bridged string, with no contiguous UTF-8, is copied.
    func withContiguousUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
