import Tracing

/// An `HTTPClient` that traces: every request is a CLIENT span, and the trace goes on in
/// the service it calls.
///
/// The span is a child of `ServiceContext.current` (inside a handler under the tracing
/// middleware, the request's server span) and follows OpenTelemetry's stable HTTP client
/// conventions: named `{METHOD}`, with `http.request.method`, `url.full` (credentials and
/// sensitive query values redacted), `server.address`, `server.port`,
/// `http.response.status_code`, `network.protocol.version` and `error.type`. A 4xx or 5xx
/// answer sets Error; a request that gets no answer (refused, timed out, cancelled) records
/// the error, sets Error and rethrows it.
///
/// The span's context goes out as `traceparent` and `tracestate`, replacing any the caller
/// set, also when the span is not sampled (same trace-id, sampled flag off). When the
/// callee answers with a `traceresponse` of the same trace, its server span's id is kept
/// as `spanscope.callee.span_id`.
///
/// ```swift
/// let client = TracingHTTPClient(client: HTTPClient(), tracer: tracer)
/// router.get("/checkout") { _, _ in
///     let stock = try await client.get("http://127.0.0.1:8082/stock/42")
///     return Response(status: stock.status, text: stock.text)
/// }
/// ```
public struct TracingHTTPClient: Sendable {
    /// Sends the requests.
    public let client: HTTPClient
    /// Starts the CLIENT spans.
    public let tracer: SpanscopeTracer

    public init(client: HTTPClient, tracer: SpanscopeTracer) {
        self.client = client
        self.tracer = tracer
    }

    /// Sends a request in a CLIENT span and returns the response, or throws what
    /// `HTTPClient.execute` throws once the span has recorded it.
    ///
    /// ```swift
    /// let response = try await client.execute(ClientRequest(method: .delete, url: "http://127.0.0.1:8082/carts/7", timeout: .seconds(2)))
    /// ```
    public func execute(_ request: ClientRequest) async throws -> ClientResponse {
        let method = SemanticMethod(request.method)
        let span = tracer.startSpan(method.spanName, context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        let url = ClientURL(request.url)
        span.recordRequest(method: method, url: url)

        var request = request
        request.headers.remove(TraceParent.headerName)
        request.headers.remove(TraceStateHeader.headerName)
        tracer.inject(span.context, into: &request.headers, using: HTTPHeadersInjector())

        let response: ClientResponse
        do {
            response = try await client.execute(request)
        } catch {
            span.recordFailure(error, requestedURL: request.url, url: url)
            throw error
        }
        span.recordResponse(response)
        return response
    }

    /// Sends a GET request in a CLIENT span.
    ///
    /// ```swift
    /// let user = try await client.get("http://127.0.0.1:8083/users/7").decode(User.self)
    /// ```
    public func get(_ url: String, headers: HTTPHeaders = [:]) async throws -> ClientResponse {
        try await execute(ClientRequest(method: .get, url: url, headers: headers))
    }

    /// Sends a POST request with a body in a CLIENT span.
    ///
    /// ```swift
    /// let paid = try await client.post("http://127.0.0.1:8084/payments", body: Array(json.utf8), headers: ["Content-Type": "application/json"])
    /// ```
    public func post(_ url: String, body: [UInt8], headers: HTTPHeaders = [:]) async throws -> ClientResponse {
        try await execute(ClientRequest(method: .post, url: url, headers: headers, body: body))
    }
}
