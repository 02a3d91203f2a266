import Foundation
import Spanscope
import Testing
import W3CTraceContext

/// A real server on a loopback port with `TracingMiddleware` first in its chain, the
/// `TraceStore` its spans go to, and a client, for one test.
///
/// ```swift
/// try await TracedServer.with(routes: { $0.get("/hello") { _, _ in Response(text: "hi") } }) { server in
///     let response = try await server.client.get(server.url("/hello"))
///     let span = try await server.serverSpan(answering: response)
/// }
/// ```
struct TracedServer: Sendable {
    let store: TraceStore
    let tracer: SpanscopeTracer
    let server: HTTPServer
    let client: HTTPClient

    /// - Parameters:
    ///   - store, tracer: a tracer of the test's own must record into `store`; by default
    ///     one named `serviceName`, sampling with `sampler` (parent-based, always on).
    static func with<T>(
        serviceName: String = "test-service",
        sampler: (any Sampler)? = nil,
        store: TraceStore = TraceStore(),
        tracer: SpanscopeTracer? = nil,
        options: TracingOptions = TracingOptions(),
        inFlight: InFlightRequests? = nil,
        middlewaresBefore: [any Middleware] = [],
        middlewaresAfter: [any Middleware] = [],
        routes: (inout Router) -> Void,
        _ body: (TracedServer) async throws -> T
    ) async throws -> T {
        let tracer =
            tracer
            ?? SpanscopeTracer(
                serviceName: serviceName,
                recorder: store,
                sampler: sampler ?? ParentBasedSampler(root: AlwaysOnSampler()),
                environment: [:]
            )
        var router = Router()
        for middleware in middlewaresBefore { router.add(middleware: middleware) }
        router.add(middleware: TracingMiddleware(tracer: tracer, options: options, inFlight: inFlight))
        for middleware in middlewaresAfter { router.add(middleware: middleware) }
        routes(&router)
        let server = HTTPServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, shutdownGracePeriod: .seconds(2)),
            router: router
        )
        try server.start()
        let traced = TracedServer(store: store, tracer: tracer, server: server, client: HTTPClient())
        do {
            let result = try await body(traced)
            await traced.client.shutdown()
            await server.shutdown()
            return result
        } catch {
            await traced.client.shutdown()
            await server.shutdown()
            throw error
        }
    }

    var port: Int { server.port }

    func url(_ target: String) -> String { "http://127.0.0.1:\(port)\(target)" }

    /// Sends a request with the given header lines, in order, repeated names included.
    func send(_ method: HTTPMethod = .get, _ target: String, headers: [(String, String)] = [], body: String = "") async throws -> ClientResponse {
        try await client.execute(ClientRequest(method: method, url: url(target), headers: HTTPHeaders(headers), body: Array(body.utf8)))
    }

    /// The completed trace `traceID` once the store holds it; fails after a generous wait.
    func trace(_ traceID: TraceID) async throws -> Trace {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let trace = store.trace(id: traceID) { return trace }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("trace \(traceID) never reached the store")
        throw TraceNotStored()
    }

    /// The span the response's `traceresponse` names, from the store.
    func serverSpan(answering response: ClientResponse) async throws -> SpanRecord {
        let named = try #require(response.traceResponse, "no traceresponse in \(response.headers)")
        let trace = try await trace(named.traceID)
        return try #require(trace.spans.first { $0.spanID == named.parentID }, "no span \(named.parentID) in the trace")
    }

    struct TraceNotStored: Error {}
}

extension ClientResponse {
    /// The `traceresponse` header, parsed (its format is `traceparent`'s).
    var traceResponse: TraceParent? {
        headers["traceresponse"].flatMap { try? TraceParent($0) }
    }
}

extension SpanRecord {
    /// The value of an attribute, for `#expect`s.
    subscript(_ key: String) -> AttributeValue? { attributes[key: key] }
}

/// A caller's `traceparent` for tests: fixed IDs, as the spec's own examples have them.
enum Caller {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let spanID = "00f067aa0ba902b7"
    static let sampled = "00-\(traceID)-\(spanID)-01"
    static let unsampled = "00-\(traceID)-\(spanID)-00"
}
