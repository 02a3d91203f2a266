/// The rest of the chain, as a middleware calls it.
public typealias Next = @Sendable (Request, RequestContext) async throws -> Response

/// The rest of the chain on the synchronous fast path.
public typealias SynchronousNext = (Request, RequestContext) throws -> Response

/// A step in the request chain that acts before and after the rest, or answers alone.
///
/// ```swift
/// struct RequireKey: Middleware {
///     func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
///         guard request.headers["X-Api-Key"] == "secret" else { return Response(status: .unauthorized, text: "no key") }
///         var response = try await next(request, context)
///         response.headers.add("X-Checked", "1")
///         return response
///     }
/// }
/// ```
public protocol Middleware: Sendable {
    func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response
}

/// A middleware that can also run without suspending.
///
/// When every middleware of a server conforms and the route's handler is synchronous, the
/// whole chain runs inline on the loop thread, without a hop through Swift concurrency.
/// Both methods must behave the same; share the logic, not the code paths.
///
/// ```swift
/// struct ServerHeader: SynchronousMiddleware {
///     func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response {
///         decorate(try next(request, context))
///     }
///     func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
///         decorate(try await next(request, context))
///     }
///     func decorate(_ response: Response) -> Response {
///         var response = response
///         response.headers.set("Server", "spanscope")
///         return response
///     }
/// }
/// ```
public protocol SynchronousMiddleware: Middleware {
    func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response
}
