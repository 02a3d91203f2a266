import SpanscopeHTTP
import SpanscopeTracing

/// A header a server span records, with its attribute key made once, when the middleware is.
struct RecordedHeader: Sendable {
    let name: String
    /// `http.request.header.<lowercased name>` or `http.response.header.<lowercased name>`.
    let attributeKey: String
    /// Recorded as `REDACTED`, one per line, never in clear.
    let isRedacted: Bool

    init(name: String, keyPrefix: String) {
        let lowercased = name.lowercased()
        self.name = lowercased
        attributeKey = keyPrefix + lowercased
        isRedacted = TracingOptions.redactedHeaders.contains(lowercased)
    }

    static func list(_ names: [String], keyPrefix: String) -> [RecordedHeader] {
        var seen = Set<String>()
        return names.map { RecordedHeader(name: $0, keyPrefix: keyPrefix) }.filter { seen.insert($0.name).inserted }
    }

    /// The attribute, when `headers` has the header: every line's value, in order.
    func attribute(from headers: HTTPHeaders) -> Attribute? {
        let values = headers.values(for: name)
        guard !values.isEmpty else { return nil }
        return Attribute(attributeKey, .stringArray(isRedacted ? values.map { _ in "REDACTED" } : values))
    }
}
