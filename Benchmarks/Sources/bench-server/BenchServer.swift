import ArgumentParser
import Spanscope

/// The server the HTTP benchmarks drive: `GET /hello` answers `hello`.
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

        init?(argument: String) {
            switch argument {
            case "off": self = .off
            case "on": self = .on
            default:
                guard argument.hasPrefix("ratio:"), let ratio = Double(argument.dropFirst(6)), (0...1).contains(ratio) else { return nil }
                self = .ratio(ratio)
            }
        }

        var description: String {
            switch self {
            case .off: "off"
            case .on: "on"
            case .ratio(let ratio): "ratio:\(ratio)"
            }
        }
    }

    @Option var port: Int = 8080
    @Option var loops: Int = 1
    @Option var handler: HandlerKind = .sync
    @Option(help: "off, on, or ratio:R (0 <= R <= 1)") var tracing: Tracing = .off

    func run() async throws {
        var router = Router()
        if let middleware = tracingMiddleware() {
            router.add(middleware: middleware)
        }
        switch handler {
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

    private func tracingMiddleware() -> TracingMiddleware? {
        let root: any Sampler
        switch tracing {
        case .off: return nil
        case .on: root = AlwaysOnSampler()
        case .ratio(let ratio): root = TraceIDRatioSampler(ratio: ratio)
        }
        let tracer = SpanscopeTracer(
            serviceName: "bench-server",
            recorder: TraceStore(),
            sampler: ParentBasedSampler(root: root),
            environment: [:]
        )
        return TracingMiddleware(tracer: tracer, inFlight: InFlightRequests())
    }
}
