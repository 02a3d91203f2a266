import ArgumentParser
import Spanscope

/// `spanscope serve`: a trace hub on a developer's machine. Any OpenTelemetry SDK
/// exports to its OTLP receiver; its store merges the processes' spans into whole
/// traces, which the trace UI shows.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a trace hub: an OTLP/HTTP receiver any OpenTelemetry SDK can export to, and the trace UI."
    )

    @Option(help: "The address to listen on; 0.0.0.0 accepts other machines (the UI still answers loopback clients only).")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("otlp-port"), help: "The OTLP/HTTP port (4318 is OTLP's own; 0 picks a free one).")
    var otlpPort: Int = 4318

    @Option(help: "The trace UI's port (16686 is Jaeger's UI port; 0 picks a free one; the OTLP port serves both).")
    var port: Int = 16686

    @Option(help: "Memory for traces (e.g. 256MB, 1GiB).")
    var memory = MemorySize(bytes: 256 << 20)

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var duration: Double?

    func validate() throws {
        for (name, value) in [("--otlp-port", otlpPort), ("--port", port)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be 0...65535")
        }
    }

    func run() async throws {
        let store = TraceStore(configuration: TraceStore.Configuration(memoryBudgetBytes: memory.bytes))
        var receiverRouter = Router()
        OTLPReceiver(store: store).register(on: &receiverRouter)
        let sharesPort = port == otlpPort && port != 0
        var uiRouter = Router()
        if sharesPort {
            TraceUI(store: store).register(on: &receiverRouter)
        } else {
            TraceUI(store: store).register(on: &uiRouter)
        }

        let receiver = HTTPServer(configuration: ServerConfiguration(host: host, port: otlpPort), router: receiverRouter)
        try receiver.start()
        let ui = sharesPort ? receiver : HTTPServer(configuration: ServerConfiguration(host: host, port: port), router: uiRouter)
        if !sharesPort {
            do {
                try ui.start()
            } catch {
                await receiver.shutdown()
                throw error
            }
        }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        Console.line("""
            Spanscope trace hub
              OTLP/HTTP receiver: http://\(shown):\(receiver.port)/v1/traces
              Trace UI:           http://\(shown):\(ui.port)/debug/traces
            Point any OpenTelemetry SDK at it:
              export OTEL_EXPORTER_OTLP_ENDPOINT=http://\(shown):\(receiver.port)
              export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
            Press Ctrl-C to stop.
            """)
        if let duration {
            Task {
                try await Task.sleep(for: .seconds(duration))
                await receiver.shutdown()
            }
        }
        // The receiver's server watches SIGINT and SIGTERM; the UI's stops when it does.
        try await receiver.run()
        if !sharesPort { await ui.shutdown() }
        let received = store.statistics().received
        Console.line("hub stopped: \(received.spans) spans received, \(received.rejectedSpans) rejected")
    }
}
