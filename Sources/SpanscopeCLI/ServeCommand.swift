import ArgumentParser
import Spanscope

/// `spanscope serve`: a trace hub on a developer's machine. Any OpenTelemetry
/// SDK exports to its OTLP receiver; its store merges the processes' spans into
/// whole traces.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a trace hub: an OTLP/HTTP receiver that any OpenTelemetry SDK can export to."
    )

    @Option(help: "The address to listen on; 0.0.0.0 accepts other machines.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("otlp-port"), help: "The OTLP/HTTP port (4318 is OTLP's own; 0 picks a free one).")
    var otlpPort: Int = 4318

    @Option(help: "Memory for traces (e.g. 256MB, 1GiB).")
    var memory = MemorySize(bytes: 256 << 20)

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var duration: Double?

    func validate() throws {
        guard (0...65535).contains(otlpPort) else { throw ValidationError("--otlp-port must be 0...65535") }
    }

    func run() async throws {
        let store = TraceStore(configuration: TraceStore.Configuration(memoryBudgetBytes: memory.bytes))
        var router = Router()
        OTLPReceiver(store: store).register(on: &router)
        let receiver = HTTPServer(configuration: ServerConfiguration(host: host, port: otlpPort), router: router)
        try receiver.start()
        let base = "http://\(host):\(receiver.port)"
        Console.line("""
            Spanscope trace hub
              OTLP/HTTP receiver: \(base)/v1/traces
              Point any OpenTelemetry SDK at it:
                export OTEL_EXPORTER_OTLP_ENDPOINT=\(base)
                export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
            Press Ctrl-C to stop.
            """)
        if let duration {
            Task {
                try await Task.sleep(for: .seconds(duration))
                await receiver.shutdown()
            }
        }
        try await receiver.run()
        let received = store.statistics().received
        Console.line("hub stopped: \(received.spans) spans received, \(received.rejectedSpans) rejected")
    }
}
