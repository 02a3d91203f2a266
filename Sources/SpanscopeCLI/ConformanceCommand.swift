import ArgumentParser
import Spanscope

struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Serve POST /test for the W3C Trace Context test suite (w3c/trace-context test/test.py).",
        discussion: """
            For each {"url": ..., "arguments": [...]} of the posted JSON array, in order, the service \
            POSTs the arguments as JSON to the url through the traced HTTP client, then answers 200. \
            Sampling follows OTEL_TRACES_SAMPLER (parent-based, always on by default).
            """
    )

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 5000

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    func run() async throws {
        let tracer = SpanscopeTracer(serviceName: "spanscope-conformance", recorder: TraceStore())
        let client = HTTPClient()
        let service = TraceContextTestService(client: TracingHTTPClient(client: client, tracer: tracer))
        let server = HTTPServer(configuration: ServerConfiguration(host: host, port: port), router: service.router())
        try server.start()
        Console.line("""
            Trace Context test service on http://\(host):\(server.port)/test
              python test/test.py http://\(host):\(server.port)/test
            Press Ctrl-C to stop.
            """)
        try await server.run()
        await client.shutdown()
    }
}
