/// An HTTP method as OpenTelemetry's HTTP conventions record it, for server and client
/// spans alike: a known method as it is, any other (including another spelling of a known
/// one, since methods are case-sensitive) as `_OTHER` with the original kept apart, so that
/// the attribute keeps a low cardinality.
struct SemanticMethod: Sendable, Hashable {
    /// `http.request.method`.
    let attributeValue: String
    /// `http.request.method_original`, for a method the conventions do not know.
    let original: String?

    /// `isKnown` says whether `method` is one of the known methods: the caller decides how
    /// to look it up (the middleware in a list prepared once, the client in the default set).
    init(_ method: HTTPMethod, isKnown: Bool) {
        if isKnown {
            attributeValue = method.rawValue
            original = nil
        } else {
            attributeValue = "_OTHER"
            original = method.rawValue
        }
    }

    /// The conventions' methods, `TracingOptions.defaultKnownMethods`.
    init(_ method: HTTPMethod) {
        self.init(method, isKnown: TracingOptions.defaultKnownMethods.contains(method.rawValue))
    }

    /// The span name: the method, or `HTTP` for an unknown one.
    var spanName: String { original == nil ? attributeValue : "HTTP" }

    /// `{method} {route}`, as a server span is named. One `+` already writes the result
    /// into one allocation of its final size (the method and its space are a small string).
    func spanName(route: String?) -> String {
        route.map { spanName + " " + $0 } ?? spanName
    }

    /// `http.request.method`, and `http.request.method_original` for an unknown method.
    func forEachAttribute(_ body: (Attribute) -> Void) {
        body(Attribute("http.request.method", .string(attributeValue)))
        if let original {
            body(Attribute("http.request.method_original", .string(original)))
        }
    }
}

extension SpanscopeSpan {
    /// The method's attributes, for a span whose other attributes are set one by one.
    func recordMethod(_ method: SemanticMethod) {
        method.forEachAttribute { setAttribute($0.key, $0.value) }
    }
}
