public import SpanscopeHTTP
public import SpanscopeTracing
import Tracing

/// Makes every request a SERVER span that continues the caller's trace, and tells the
/// caller which trace and span handled it.
///
/// For each request it extracts W3C `traceparent` and `tracestate` (every line of them), starts
/// a server span named `{METHOD} {route}` with the stable HTTP semantic conventions'
/// attributes, and runs the rest of the chain with the span's context bound, so that
/// `withSpan` in handlers and calls through the instrumented client nest under it. A 5xx,
/// returned or thrown, makes the span an error; a 4xx leaves its status unset; a thrown
/// error is recorded as an `exception` event and answered as the server would answer it.
/// The span ends once the response has been written, so it covers a streamed body.
///
/// Every answer, errors and 404s included, carries `traceresponse: 00-<trace-id>-<span-id>-<flags>`
/// and `server-timing: trace;desc=<the same>`, named in `Access-Control-Expose-Headers`
/// so that a page's scripts can read them. A request the sampler leaves out records
/// nothing but still gets both, sampled flag 0.
///
/// Add it first, so that it sees every answer of the middlewares after it. It runs
/// synchronous routes inline on the loop thread.
///
/// ```swift
/// let store = TraceStore()
/// var router = Router()
/// router.add(middleware: TracingMiddleware(serviceName: "orders", store: store))
/// router.get("/orders/:id") { _, context in
///     // A child of the request's server span.
///     let order = try await withSpan("load order") { _ in try await orders.load(context.parameters["id"]) }
///     return try .json(order)
/// }
/// ```
public struct TracingMiddleware: SynchronousMiddleware {
    public let tracer: SpanscopeTracer
    public let options: TracingOptions
    public let inFlight: InFlightRequests?
    /// `options` and the service name, prepared once so that a request builds no key,
    /// hashes no method and looks nothing up.
    let serviceName: String
    /// The bytes of each excluded path, without a trailing `/`.
    let excludedPaths: [[UInt8]]
    let knownMethods: [String]
    let recordedRequestHeaders: [RecordedHeader]
    let recordedResponseHeaders: [RecordedHeader]
    /// Room for every attribute the middleware sets on a span, taken once per request.
    let attributeCapacity: Int

    /// - Parameters:
    ///   - tracer: makes the spans; its `service.name` names this server.
    ///   - options: excluded paths, recorded headers, query redaction, custom attributes.
    ///   - inFlight: where requests are listed while they run, for the trace UI.
    public init(tracer: SpanscopeTracer, options: TracingOptions = TracingOptions(), inFlight: InFlightRequests? = nil) {
        self.tracer = tracer
        self.options = options
        self.inFlight = inFlight
        serviceName = tracer.resource.serviceName
        // "/api/" excludes what "/api" does; only the segment boundary matters.
        excludedPaths = options.excludedPaths.map { path in
            var bytes = Array(path.utf8)
            while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
            return bytes
        }
        // The usual methods first: most requests are decided by the first comparison.
        let usual = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
        knownMethods = usual.filter(options.knownMethods.contains) + options.knownMethods.subtracting(usual).sorted()
        recordedRequestHeaders = RecordedHeader.list(options.recordedRequestHeaders, keyPrefix: "http.request.header.")
        recordedResponseHeaders = RecordedHeader.list(options.recordedResponseHeaders, keyPrefix: "http.response.header.")
        attributeCapacity = Self.standardAttributeCount + recordedRequestHeaders.count + recordedResponseHeaders.count
    }

    /// A middleware with a tracer of its own for one server (one service) that records
    /// into `store`; several servers of one process can share a store this way.
    ///
    /// ```swift
    /// let store = TraceStore()
    /// gatewayRouter.add(middleware: TracingMiddleware(serviceName: "gateway", store: store))
    /// ordersRouter.add(middleware: TracingMiddleware(serviceName: "orders", store: store))
    /// ```
    public init(serviceName: String, store: TraceStore, options: TracingOptions = TracingOptions(), inFlight: InFlightRequests? = nil) {
        self.init(tracer: SpanscopeTracer(serviceName: serviceName, recorder: store), options: options, inFlight: inFlight)
    }

    public func handle(_ request: Request, context: RequestContext, next: SynchronousNext) throws -> Response {
        let path = request.path
        guard !isExcluded(path) else { return try next(request, context) }
        let (span, recording) = startSpan(for: request, path: path, context: context)
        let response: Response
        do {
            response = try ServiceContext.$current.withValue(span.context) { try next(request, context) }
        } catch {
            return finish(span, recording, Response(error: error), thrown: error)
        }
        return finish(span, recording, response, thrown: nil)
    }

    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        let path = request.path
        guard !isExcluded(path) else { return try await next(request, context) }
        let (span, recording) = startSpan(for: request, path: path, context: context)
        let response: Response
        do {
            response = try await ServiceContext.$current.withValue(span.context) { try await next(request, context) }
        } catch {
            return finish(span, recording, Response(error: error), thrown: error)
        }
        return finish(span, recording, response, thrown: nil)
    }

    /// A path equal to an excluded one, or continuing it after a `/`.
    func isExcluded(_ path: Substring) -> Bool {
        var path = path
        return path.withUTF8 { path in
            excludedPaths.contains { excluded in
                guard path.count >= excluded.count, path.starts(with: excluded) else { return false }
                return path.count == excluded.count || path[excluded.count] == UInt8(ascii: "/")
            }
        }
    }

    /// The server span of `request`, child of the caller's span when its `traceparent` is
    /// valid, else the root of a new trace; and, when it records, what ends it.
    private func startSpan(
        for request: Request,
        path: Substring,
        context: RequestContext
    ) -> (SpanscopeSpan, RecordingServerSpan?) {
        var parent = ServiceContext.topLevel
        tracer.extract(request.headers, into: &parent, using: HTTPHeadersExtractor())
        let method = SemanticMethod(request.method, isKnown: knownMethods.contains(request.method.rawValue))
        let span = tracer.startSpan(method.spanName(route: context.route), context: parent, ofKind: .server)
        guard span.isRecording else { return (span, nil) }
        setRequestAttributes(of: request, path: path, context: context, method: method, on: span)
        let slot = inFlight?.add(spanContext: span.spanContext, serviceName: serviceName, request: request, route: context.route)
        return (span, RecordingServerSpan(span: span, inFlight: inFlight, slot: slot))
    }

    /// Adds the trace headers to the response; a recording span gets the response's
    /// attributes and ends once the response has been written. A streamed body is written
    /// after the chain returned, in a task of the server's: it runs with the span bound too.
    private func finish(
        _ span: SpanscopeSpan,
        _ recording: RecordingServerSpan?,
        _ response: Response,
        thrown error: (any Error)?
    ) -> Response {
        var response = response
        TraceResponseHeaders.add(for: span.spanContext, to: &response.headers)
        if case .stream(let produce) = response.body {
            let context = span.context
            response.body = .stream { writer in
                try await ServiceContext.$current.withValue(context) { try await produce(writer) }
            }
        }
        guard let recording else { return response }
        setResponseAttributes(of: response, thrown: error, on: span)
        response.onWritten { bytes in recording.responseWritten(bodyBytes: bytes) }
        return response
    }
}
