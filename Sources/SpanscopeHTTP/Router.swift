/// Maps a method and a path to a handler through route templates.
///
/// Templates have static segments, named parameters (`:id`) and an optional wildcard
/// tail as the last segment (`*` or `*name`). A static segment wins over a parameter,
/// a parameter over the tail. `HEAD` falls back to `GET`. A path that matches a
/// template but not its methods is a 405 with `Allow`; no match is a 404.
///
/// ```swift
/// var router = Router()
/// router.get("/api/orders/:id") { request, context in
///     Response(text: "order \(context.parameters["id"]!)")
/// }
/// router.get("/slow") { request, context in
///     try await Task.sleep(for: .milliseconds(50))
///     return Response(text: "done")
/// }
/// router.add(middleware: RequestLogger())
/// let server = HTTPServer(configuration: .init(port: 8080), router: router)
/// ```
public struct Router: Sendable {
    var root = RouteNode()
    public private(set) var middlewares: [any Middleware] = []

    public init() {}

    /// Adds a middleware; they run in the order added, the first outermost.
    public mutating func add(middleware: some Middleware) {
        middlewares.append(middleware)
    }

    /// Registers a handler for a method and a template. A later registration of the
    /// same method and template replaces the earlier one.
    public mutating func on(_ method: HTTPMethod, _ template: String, handler: Handler) {
        root.insert(segments: RouteTemplate.segments(of: template), method: method, route: RouteNode.Route(template: template, handler: handler))
    }

    public mutating func on(
        _ method: HTTPMethod, _ template: String,
        _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response
    ) {
        on(method, template, handler: .synchronous(handler))
    }

    public mutating func on(
        _ method: HTTPMethod, _ template: String,
        _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response
    ) {
        on(method, template, handler: .asynchronous(handler))
    }

    /// The outcome of routing a request.
    public enum Match: Sendable {
        case found(Handler, template: String, parameters: Parameters)
        /// The path exists with other methods (sorted, for `Allow`).
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    /// Routes a percent-encoded path.
    public func match(_ method: HTTPMethod, path: Substring) -> Match {
        var parameters = Parameters()
        guard let node = root.find(path: path, parameters: &parameters) else { return .notFound }
        if let route = node.routes[method] ?? (method == .head ? node.routes[.get] : nil) {
            return .found(route.handler, template: route.template, parameters: parameters)
        }
        if node.routes.isEmpty { return .notFound }
        var allowed = Set(node.routes.keys)
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }
}

extension Router {
    public mutating func get(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) { on(.get, template, handler) }
    public mutating func get(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response) { on(.get, template, handler) }
    public mutating func post(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) { on(.post, template, handler) }
    public mutating func post(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response) { on(.post, template, handler) }
    public mutating func put(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) { on(.put, template, handler) }
    public mutating func put(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response) { on(.put, template, handler) }
    public mutating func patch(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) { on(.patch, template, handler) }
    public mutating func patch(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response) { on(.patch, template, handler) }
    public mutating func delete(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) throws -> Response) { on(.delete, template, handler) }
    public mutating func delete(_ template: String, _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Response) { on(.delete, template, handler) }
}
