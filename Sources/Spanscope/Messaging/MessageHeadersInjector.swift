public import Instrumentation

/// Writes a tracer's propagation fields into a message's `[String: String]` headers.
/// A field replaces any entry whose key differs from it only in case, so a message
/// never carries two `traceparent`s.
///
/// ```swift
/// var headers: [String: String] = ["content-type": "application/json"]
/// InstrumentationSystem.tracer.inject(.current ?? .topLevel, into: &headers, using: MessageHeadersInjector())
/// ```
public struct MessageHeadersInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into headers: inout [String: String]) {
        for existing in headers.keys where existing != key && existing.lowercased() == key.lowercased() {
            headers[existing] = nil
        }
        headers[key] = value
    }
}
