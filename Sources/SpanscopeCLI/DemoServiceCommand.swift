import ArgumentParser
import Spanscope
import SpanscopeDemo

/// `spanscope demo-service`: one service of the demo shop, a child process of
/// `spanscope demo --processes`, exporting its spans to the demo's hub. Hidden: the demo
/// starts it, with its peers' addresses, and stops it by closing its standard input.
struct DemoServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-service",
        abstract: "Run one service of the demo shop, exporting its spans to a hub (started by `demo --processes`).",
        discussion: """
            Prints `listening on <url>` once it listens. Stops gracefully on SIGINT, SIGTERM, \
            or when its standard input closes, and exits 0.
            """,
        shouldDisplay: false
    )

    @Option(help: "The service: \(DemoService.allCases.map(\.rawValue).joined(separator: ", ")).")
    var service: String

    @Option(help: "The gateway's port (0 picks a free one); the other services always take free ports.")
    var port: Int = 0

    @Option(help: "The gateway's address; the other services listen on 127.0.0.1.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("peer"), help: "A service it calls, as name=url; one for each.")
    var peers: [String] = []

    @Option(help: "The hub's OTLP/HTTP base URL; spans go to its /v1/traces.")
    var otlpEndpoint: String

    @Option(help: "Where the trace UI is, for the gateway's guide at /.")
    var hubURL: String

    @OptionGroup var logging: DemoLogging

    func validate() throws {
        guard DemoService(rawValue: service) != nil else {
            throw ValidationError("--service must be one of \(DemoService.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        // A missing peer is `StandaloneService.start`'s to refuse (`MissingPeers`): one rule, one place.
        _ = try parsedPeers()
    }

    func run() async throws {
        logging.bootstrap()
        let stop = DemoStopSignal(duration: nil, watchesStandardInput: true)
        let store = TraceStore()
        let export = try HubExport(store: store, endpoint: otlpEndpoint + "/v1/traces")
        let running: StandaloneService
        do {
            running = try await StandaloneService.start(
                DemoService(rawValue: service)!,
                peers: try parsedPeers(),
                hubURL: hubURL,
                configuration: DemoShop.Configuration(host: host, gatewayPort: port, store: store)
            )
        } catch {
            await export.shutdown()
            throw error
        }
        Console.line("listening on \(running.url) (exporting spans to \(otlpEndpoint))")
        let reason = await stop.wait()
        await running.shutdown()
        await export.shutdown()
        let statistics = export.statistics
        Console.line("stopped (\(reason.rawValue)): \(statistics.exportedSpans) spans exported, \(statistics.droppedSpans.total) dropped")
    }

    private func parsedPeers() throws -> [DemoService: String] {
        var peers: [DemoService: String] = [:]
        for entry in self.peers {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let peer = DemoService(rawValue: parts[0]), parts[1].hasPrefix("http://") else {
                throw ValidationError("--peer \(entry): expected name=http://host:port")
            }
            peers[peer] = parts[1]
        }
        return peers
    }
}
