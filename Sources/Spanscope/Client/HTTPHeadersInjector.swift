public import Instrumentation
public import SpanscopeHTTP

/// Writes a tracer's propagation fields into request headers for `Tracer.inject`, one
/// line per field: a field replaces every earlier line of its name, in any case.
///
/// ```swift
/// var headers: HTTPHeaders = [:]
/// tracer.inject(span.context, into: &headers, using: HTTPHeadersInjector())
/// ```
public struct HTTPHeadersInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.set(key, value)
    }
}
