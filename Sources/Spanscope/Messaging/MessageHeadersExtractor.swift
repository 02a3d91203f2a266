public import Instrumentation

/// Reads a tracer's propagation fields from a message's `[String: String]` headers,
/// matching keys in any case (brokers and client libraries differ in how they spell them).
///
/// ```swift
/// var context = ServiceContext.topLevel
/// InstrumentationSystem.tracer.extract(message.headers, into: &context, using: MessageHeadersExtractor())
/// ```
public struct MessageHeadersExtractor: Extractor {
    public init() {}

    public func extract(key: String, from headers: [String: String]) -> String? {
        if let value = headers[key] { return value }
        let lowercased = key.lowercased()
        return headers.first { $0.key.lowercased() == lowercased }?.value
    }
}
