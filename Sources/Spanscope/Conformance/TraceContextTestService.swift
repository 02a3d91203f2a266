import Foundation

/// The service the W3C Trace Context test suite (`w3c/trace-context`, `test/test.py`) drives:
/// `POST /test` with a JSON array of `{"url": ..., "arguments": [...]}`. For each element,
/// in order, it POSTs `arguments` as JSON to `url` through the instrumented client, then
/// answers 200; the suite checks the trace context each call carries.
///
/// The route only calls out: it is the tracing middleware in front of it that continues
/// (or restarts) the caller's trace, and the client that passes it on.
///
/// ```swift
/// let service = TraceContextTestService(client: TracingHTTPClient(client: HTTPClient(), tracer: tracer))
/// try await HTTPServer(configuration: ServerConfiguration(port: 5000), router: service.router()).run()
/// // python test/test.py http://127.0.0.1:5000/test
/// ```
public struct TraceContextTestService: Sendable {
    public let client: TracingHTTPClient

    public init(client: TracingHTTPClient) {
        self.client = client
    }

    /// A router with `TracingMiddleware` (of the client's tracer) in front of `POST /test`:
    /// the whole service that `spanscope conformance` serves.
    ///
    /// ```swift
    /// let server = HTTPServer(configuration: ServerConfiguration(port: 0), router: service.router())
    /// ```
    public func router() -> Router {
        var router = Router()
        router.add(middleware: TracingMiddleware(tracer: client.tracer))
        register(on: &router)
        return router
    }

    /// Registers `POST path` on a router that already traces. A body that is not such an
    /// array, or a `url` the client cannot call, is a 400 with the reason; a call that
    /// fails is a 502.
    ///
    /// ```swift
    /// var router = Router()
    /// router.add(middleware: TracingMiddleware(tracer: tracer, options: options))
    /// service.register(on: &router, at: "/conformance/test")
    /// ```
    public func register(on router: inout Router, at path: String = "/test") {
        router.post(path) { request, _ in
            try await run(try Self.calls(in: request.body))
            return Response(text: "ok\n")
        }
    }

    /// One element of the request body.
    struct Call {
        var url: String
        /// `arguments`, encoded again as the JSON body of the call.
        var body: [UInt8]
    }

    func run(_ calls: [Call]) async throws {
        for (index, call) in calls.enumerated() {
            do {
                _ = try await client.post(call.url, body: call.body, headers: ["Content-Type": "application/json"])
            } catch let error as HTTPClientError {
                if case .invalidURL = error { throw HTTPError(.badRequest, "element \(index): \(error)") }
                throw HTTPError(.badGateway, "element \(index): POST \(call.url) failed: \(error)")
            }
        }
    }

    static func calls(in body: [UInt8]) throws(HTTPError) -> [Call] {
        let shape = #"the body must be a JSON array of {"url": "http://...", "arguments": [...]}"#
        guard let elements = (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [Any] else {
            throw HTTPError(.badRequest, shape)
        }
        var calls: [Call] = []
        for (index, element) in elements.enumerated() {
            guard let object = element as? [String: Any], let url = object["url"] as? String,
                let arguments = object["arguments"] as? [Any],
                let encoded = try? JSONSerialization.data(withJSONObject: arguments)
            else { throw HTTPError(.badRequest, "element \(index): \(shape)") }
            calls.append(Call(url: url, body: Array(encoded)))
        }
        return calls
    }
}
