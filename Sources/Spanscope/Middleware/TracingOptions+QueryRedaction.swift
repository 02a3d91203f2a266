extension TracingOptions {
    /// `query` as `url.query` records it: the value of each parameter named in
    /// `redactedQueryParameters` replaced by `REDACTED`, everything else byte for byte.
    ///
    /// ```swift
    /// TracingOptions().redacting(query: "color=blue&sig=abc") // "color=blue&sig=REDACTED"
    /// ```
    public func redacting(query: Substring) -> String {
        guard !redactedQueryParameters.isEmpty, query.contains("=") else { return String(query) }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { parameter in
            guard let equals = parameter.firstIndex(of: "="),
                redactedQueryParameters.contains(String(parameter[..<equals]))
            else { return String(parameter) }
            return parameter[...equals] + "REDACTED"
        }.joined(separator: "&")
    }
}
