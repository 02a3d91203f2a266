public import SpanscopeHTTP
public import Tracing

/// Reads trace context from request headers for `Tracer.extract`: names match in any
/// case, and a header sent in several lines comes back as its values joined with `,` in
/// order (RFC 9110's combination of field lines), as `SpanscopeTracer.extract` expects.
///
/// ```swift
/// var context = ServiceContext.topLevel
/// tracer.extract(request.headers, into: &context, using: HTTPHeadersExtractor())
/// ```
public struct HTTPHeadersExtractor: Extractor {
    public init() {}

    public func extract(key: String, from carrier: HTTPHeaders) -> String? {
        carrier.combinedValue(for: key)
    }
}
