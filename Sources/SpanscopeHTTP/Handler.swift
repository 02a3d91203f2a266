/// What answers a routed request: inline on the loop thread, or in Swift concurrency.
///
/// A synchronous handler is the fast path: no task, no thread hop. An async handler
/// runs in a task and its response is handed back to the loop that owns the connection.
public enum Handler: Sendable {
    case synchronous(@Sendable (Request, RequestContext) throws -> Response)
    case asynchronous(@Sendable (Request, RequestContext) async throws -> Response)
}
