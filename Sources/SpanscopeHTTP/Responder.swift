/// Routes a request and runs it through the middleware chain to its handler.
///
/// Routing comes first so that every middleware sees the route template. When every
/// middleware is synchronous and the handler is too, the chain runs inline; otherwise
/// it runs in a task. Either way every error becomes a response here: an `HTTPError`
/// its own, anything else a 500 that says nothing of its cause.
struct Responder: Sendable {
    let router: Router
    /// The middlewares as synchronous ones, or nil when any of them can only run async.
    let synchronousChain: [any SynchronousMiddleware]?

    init(router: Router) {
        self.router = router
        let synchronous = router.middlewares.compactMap { $0 as? any SynchronousMiddleware }
        synchronousChain = synchronous.count == router.middlewares.count ? synchronous : nil
    }

    enum Outcome {
        case immediate(Response)
        case deferred(@Sendable () async -> Response)
    }

    func respond(to request: Request, context: inout RequestContext) -> Outcome {
        let handler = route(request, context: &context)
        if case .synchronous(let body) = handler, let chain = synchronousChain {
            do {
                return .immediate(try Self.run(chain, from: 0, request, context, body))
            } catch {
                return .immediate(Response(error: error))
            }
        }
        let middlewares = router.middlewares
        let context = context
        return .deferred {
            do {
                return try await Self.run(middlewares, from: 0, request, context, handler)
            } catch {
                return Response(error: error)
            }
        }
    }

    private func route(_ request: Request, context: inout RequestContext) -> Handler {
        switch router.match(request.method, path: request.path) {
        case .found(let handler, let template, let parameters):
            context.route = template
            context.parameters = parameters
            return handler
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            if request.method == .options {
                return .synchronous { _, _ in Response(status: .noContent, headers: ["Allow": allow]) }
            }
            return .synchronous { _, _ in
                Response(status: .methodNotAllowed, headers: ["Allow": allow], text: "method not allowed\n")
            }
        case .notFound:
            return .synchronous { _, _ in Response(status: .notFound, text: "not found\n") }
        }
    }

    private static func run(
        _ chain: [any SynchronousMiddleware], from index: Int,
        _ request: Request, _ context: RequestContext,
        _ handler: (Request, RequestContext) throws -> Response
    ) throws -> Response {
        guard index < chain.count else { return try handler(request, context) }
        return try chain[index].handle(request, context: context) { request, context in
            try run(chain, from: index + 1, request, context, handler)
        }
    }

    private static func run(
        _ chain: [any Middleware], from index: Int,
        _ request: Request, _ context: RequestContext,
        _ handler: Handler
    ) async throws -> Response {
        guard index < chain.count else {
            switch handler {
            case .synchronous(let body): return try body(request, context)
            case .asynchronous(let body): return try await body(request, context)
            }
        }
        return try await chain[index].handle(request, context: context) { request, context in
            try await run(chain, from: index + 1, request, context, handler)
        }
    }
}
