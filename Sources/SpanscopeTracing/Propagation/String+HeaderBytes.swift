extension String {
    /// Runs `body` with the string's UTF-8 bytes: a native string's own storage, borrowed
    /// in place (no copy, not even a retain, as `withUTF8` on a `var` copy would take);
    /// any other string is made contiguous first. The header parsers read values this way.
    func withHeaderBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var contiguous = self
        return contiguous.withUTF8(body)
    }
}
