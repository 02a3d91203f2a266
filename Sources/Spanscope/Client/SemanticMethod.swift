/// An HTTP method as OpenTelemetry's HTTP conventions record it: the methods they know
/// (`TracingOptions.defaultKnownMethods`) as they are, any other (including another
/// spelling of them, since methods are case-sensitive) as `_OTHER` with the original kept
/// apart, so that the attribute keeps a low cardinality.
struct SemanticMethod: Sendable, Hashable {
    /// `http.request.method`.
    let attributeValue: String
    /// `http.request.method_original`, for a method the conventions do not know.
    let original: String?

    init(_ method: HTTPMethod) {
        if TracingOptions.defaultKnownMethods.contains(method.rawValue) {
            attributeValue = method.rawValue
            original = nil
        } else {
            attributeValue = "_OTHER"
            original = method.rawValue
        }
    }

    /// The span name: the method, or `HTTP` for an unknown one.
    var spanName: String { original == nil ? attributeValue : "HTTP" }
}
