import Instrumentation

/// Writes a tracer's propagation fields into request headers, one line per field; a
/// field injected again replaces the earlier lines of its name.
///
/// ```swift
/// var headers: HTTPHeaders = [:]
/// tracer.inject(span.context, into: &headers, using: HTTPHeadersInjector())
/// ```
struct HTTPHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.set(key, value)
    }
}
