import Spanscope
import Testing

/// Three services on loopback, each a server with its own service name and tracing
/// middleware, calling the next through `TracingHTTPClient`: gateway → orders → stock.
/// Their spans go to one store, as the demo's do.
///
/// Each answer's body tells what crossed each hop, one line per fact, from the far end:
/// `stock received <traceparent>`, then `orders received <traceparent>` and
/// `stock answered <traceresponse>`, then the same for the gateway. `GET /checkout/<item>`
/// goes down the chain; stock answers item `missing` with 404 and throws for `broken`.
///
/// ```swift
/// try await ServiceChain.with { chain in
///     let response = try await chain.checkout("tea", traceparent: Caller.sampled)
///     let trace = try await chain.trace(of: response)
/// }
/// ```
struct ServiceChain: Sendable {
    let store: TraceStore
    let gateway: HTTPServer
    let orders: HTTPServer
    let stock: HTTPServer
    let caller: HTTPClient

    struct StockBroken: Error {}

    /// The spans one checkout leaves: a server and a client span in gateway and orders,
    /// a server span in stock.
    static let spansPerCheckout = 5

    static func with<T>(_ body: (ServiceChain) async throws -> T) async throws -> T {
        let store = TraceStore()
        func tracer(_ name: String) -> SpanscopeTracer {
            SpanscopeTracer(serviceName: name, recorder: store, sampler: ParentBasedSampler(root: AlwaysOnSampler()), environment: [:])
        }
        func start(_ name: String, routes: (inout Router, SpanscopeTracer) -> Void) throws -> HTTPServer {
            let tracer = tracer(name)
            var router = Router()
            router.add(middleware: TracingMiddleware(tracer: tracer))
            routes(&router, tracer)
            let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 1), router: router)
            try server.start()
            return server
        }
        let clients = (HTTPClient(), HTTPClient())

        let stock = try start("stock") { router, _ in
            router.get("/stock/:item") { request, context in
                switch context.parameters["item"] {
                case "broken": throw StockBroken()
                case "missing": return Response(status: .notFound, text: "stock received \(request.headers["traceparent"] ?? "-")")
                default: return Response(text: "stock received \(request.headers["traceparent"] ?? "-")")
                }
            }
        }
        let orders = try start("orders") { router, tracer in
            let client = TracingHTTPClient(client: clients.0, tracer: tracer)
            router.get("/orders/:item") { request, context in
                let upstream = try await client.get("http://127.0.0.1:\(stock.port)/stock/\(context.parameters["item"]!)")
                return forward(upstream, service: "orders", upstream: "stock", received: request)
            }
        }
        let gateway = try start("gateway") { router, tracer in
            let client = TracingHTTPClient(client: clients.1, tracer: tracer)
            router.get("/checkout/:item") { request, context in
                let upstream = try await client.get("http://127.0.0.1:\(orders.port)/orders/\(context.parameters["item"]!)")
                return forward(upstream, service: "gateway", upstream: "orders", received: request)
            }
        }

        let chain = ServiceChain(store: store, gateway: gateway, orders: orders, stock: stock, caller: HTTPClient())
        let result: Result<T, any Error>
        do { result = .success(try await body(chain)) } catch { result = .failure(error) }
        await chain.caller.shutdown()
        for server in [gateway, orders, stock] { await server.shutdown() }
        await clients.0.shutdown()
        await clients.1.shutdown()
        return try result.get()
    }

    /// The upstream's status and body, with what this hop received and what the upstream answered.
    private static func forward(_ response: ClientResponse, service: String, upstream: String, received request: Request) -> Response {
        Response(
            status: response.status,
            text: response.text + "\n\(service) received \(request.headers["traceparent"] ?? "-")\n\(upstream) answered \(response.headers["traceresponse"] ?? "-")"
        )
    }

    /// `GET /checkout/<item>` at the gateway, with a `traceparent` when given.
    func checkout(_ item: String, traceparent: String? = nil) async throws -> ClientResponse {
        let headers: HTTPHeaders = traceparent.map { ["traceparent": $0] } ?? [:]
        return try await caller.get("http://127.0.0.1:\(gateway.port)/checkout/\(item)", headers: headers)
    }

    /// The trace the gateway's `traceresponse` names, once all of a checkout's spans are in the store.
    func trace(of response: ClientResponse) async throws -> Trace {
        let named = try TraceParent(try #require(response.headers["traceresponse"]))
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let trace = store.trace(id: named.traceID), trace.spans.count >= Self.spansPerCheckout { return trace }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the spans of trace \(named.traceID) never all reached the store: \(store.trace(id: named.traceID)?.spans.map(\.name) ?? [])")
        throw TraceIncomplete()
    }

    struct TraceIncomplete: Error {}
}

/// The facts one hop's line states: `<service> received|answered <traceparent or traceresponse>`.
struct HopReport {
    var values: [String: String] = [:]

    init(_ body: String) {
        for line in body.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2)
            if words.count == 3 { values["\(words[0]) \(words[1])"] = String(words[2]) }
        }
    }

    /// E.g. `report["orders received"]`, parsed.
    subscript(fact: String) -> TraceParent? { values[fact].flatMap { try? TraceParent($0) } }
}
