/// What the server knows about a request beyond the request itself.
///
/// Routing runs before the middleware chain, so a middleware sees the matched
/// route template (`/api/orders/:id`) — never the raw path — and can name things by it.
///
/// ```swift
/// struct Log: Middleware {
///     func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
///         print(request.method, context.route ?? "(no route)")
///         return try await next(request, context)
///     }
/// }
/// ```
public struct RequestContext: Sendable {
    /// The template of the matched route; nil when nothing matched (404 or 405).
    public var route: String?
    public var parameters: Parameters
    /// The host the server was configured with, and the port it is bound to.
    public var serverHost: String
    public var serverPort: Int
    /// Which event loop owns the connection.
    public var loopIndex: Int

    public init(route: String? = nil, parameters: Parameters = Parameters(), serverHost: String = "", serverPort: Int = 0, loopIndex: Int = 0) {
        self.route = route
        self.parameters = parameters
        self.serverHost = serverHost
        self.serverPort = serverPort
        self.loopIndex = loopIndex
    }
}

/// Named route parameters, percent-decoded (`:id` in `/api/orders/:id`; `*` or `*name` for a tail).
///
/// ```swift
/// let id = context.parameters["id"]
/// ```
public struct Parameters: Sendable, Hashable {
    public private(set) var pairs: [(name: String, value: String)]

    public init() { pairs = [] }

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    mutating func truncate(to count: Int) {
        pairs.removeLast(pairs.count - count)
    }

    public static func == (a: Parameters, b: Parameters) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}
