import ArgumentParser
import Spanscope
import TraceFixtures

/// The server the HTTP benchmarks drive: `GET /hello` answers `hello`.
///
/// ```
/// bench-server --port 18080 --tracing on --trace-ui --prefill 10000
/// ```
@main
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-server")

    enum HandlerKind: String, ExpressibleByArgument {
        case sync, async
    }

    /// Whether requests are traced, as a service with the trace UI traces them: the
    /// middleware first, a store, and the in-flight list.
    enum Tracing: ExpressibleByArgument, CustomStringConvertible {
        case off
        /// Every request recorded.
        case on
        /// Head sampling of new traces by trace-id ratio (OpenTelemetry's `parentbased_traceidratio`).
        case ratio(Double)
        /// No tracing, but every answer carries the three headers the middleware adds, with
        /// values of the same length: what those headers alone cost the HTTP layer.
        case headersOnly

        /// The head sampler of new traces; nil when nothing is traced.
        var rootSampler: (any Sampler)? {
            switch self {
            case .off, .headersOnly: nil
            case .on: AlwaysOnSampler()
            case .ratio(let ratio): TraceIDRatioSampler(ratio: ratio)
            }
        }

        init?(argument: String) {
            switch argument {
            case "off": self = .off
            case "on": self = .on
            case "headers-only": self = .headersOnly
            default:
                guard argument.hasPrefix("ratio:"), let ratio = Double(argument.dropFirst(6)), (0...1).contains(ratio) else { return nil }
                self = .ratio(ratio)
            }
        }

        var isHeadersOnly: Bool {
            if case .headersOnly = self { return true }
            return false
        }

        var description: String {
            switch self {
            case .off: "off"
            case .on: "on"
            case .ratio(let ratio): "ratio:\(ratio)"
            case .headersOnly: "headers-only"
            }
        }
    }

    @Option var port: Int = 8080
    @Option var loops: Int = 1
    @Option var handler: HandlerKind = .sync
    @Option(help: "off, on, ratio:R (0 <= R <= 1), or headers-only (no tracing, the middleware's response headers)") var tracing: Tracing = .off
    @Flag(help: "Mount the trace UI (JSON API and pages) at /debug/traces over the tracing store.")
    var traceUI = false
    @Option(help: "Before serving, record N synthetic traces of 3 spans and one of 1,000 spans (pinned); the store then keeps N recent traces.")
    var prefill = 0

    func validate() throws {
        if (traceUI || prefill > 0) && tracing.rootSampler == nil {
            throw ValidationError("--trace-ui and --prefill need a tracing store: --tracing on or ratio:R")
        }
        if prefill < 0 { throw ValidationError("--prefill must not be negative") }
    }

    func run() async throws {
        var router = Router()
        if let root = tracing.rootSampler {
            let store = makeStore()
            let inFlight = InFlightRequests()
            let tracer = SpanscopeTracer(
                serviceName: "bench-server",
                recorder: store,
                sampler: ParentBasedSampler(root: root),
                environment: [:]
            )
            router.add(middleware: TracingMiddleware(tracer: tracer, inFlight: inFlight))
            if traceUI {
                TraceUI(store: store, inFlight: inFlight).register(on: &router)
            }
        }
        switch handler {
        case .sync where tracing.isHeadersOnly:
            router.get("/hello") { _, _ in
                var response = Response(text: "hello")
                for (name, value) in Self.middlewareHeaders { response.headers.add(name, value) }
                return response
            }
        case .sync:
            router.get("/hello") { _, _ in Response(text: "hello") }
        case .async:
            router.get("/hello") { _, _ in
                await Task.yield()
                return Response(text: "hello")
            }
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: port, loopCount: loops), router: router)
        try await server.run()
    }

    /// What `TracingMiddleware` adds to an answer, values of the same length.
    static let middlewareHeaders = [
        ("traceresponse", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
        ("server-timing", "trace;desc=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
        ("Access-Control-Expose-Headers", "traceresponse, server-timing"),
    ]

    /// The default store, or one holding `prefill` recent traces filled before the first request,
    /// its 1,000-span trace pinned so that the traffic's own traces never evict it.
    private func makeStore() -> TraceStore {
        guard prefill > 0 else { return TraceStore() }
        let store = TraceStore(configuration: .holdingRecent(prefill))
        store.recordQueryTraces(prefill)
        let wide = store.recordWideTrace(spanCount: store.configuration.maxSpansPerTrace)
        let pinned = store.pin(wide)
        precondition(pinned == .pinned, "the 1,000-span trace was not kept: \(pinned)")
        return store
    }
}
