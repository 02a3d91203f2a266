import Foundation
import Spanscope
import SpanscopeDemo
import Synchronization

/// The demo shop as separate processes: each service a child process of this binary
/// (`demo-service`, see `DemoServiceProcess`) exporting its spans over OTLP/HTTP to the
/// hub in this process, an OTLP receiver and the trace UI on one server, whose store
/// assembles the parts into whole traces.
///
/// The services start in waves, each service after the ones it calls, and stop in the
/// reverse order: the gateway first, then orders, then notifications once its queue is
/// drained, then the rest; the hub last, once every service has sent its last spans.
///
/// ```swift
/// let shop = try await DemoShopProcesses.start(options, executable: path) { service, status in print(service, status) }
/// print(shop.gatewayURL, shop.hubURL)
/// let failed = await shop.shutdown()
/// ```
final class DemoShopProcesses: Sendable {
    /// What the parent passes on to its services.
    struct Options: Sendable {
        var host: String
        var gatewayPort: Int
        var hubPort: Int
        var logLevel: String
    }

    let store: TraceStore
    let hubURL: String
    private let hub: HTTPServer
    private let waves: [[DemoServiceProcess]]
    private let urls: [DemoService: String]
    private let isStopping = Atomic<Bool>(false)

    private init(store: TraceStore, hub: HTTPServer, hubURL: String, waves: [[DemoServiceProcess]], urls: [DemoService: String]) {
        self.store = store
        self.hub = hub
        self.hubURL = hubURL
        self.waves = waves
        self.urls = urls
    }

    var gatewayURL: String { urls[.gateway]! }

    /// Each service with its address and process id, the gateway first.
    var services: [(service: DemoService, url: String, processIdentifier: pid_t)] {
        waves.reversed().joined().map { ($0.service, urls[$0.service]!, $0.processIdentifier) }
    }

    /// Starts the hub, then the services. `exited` is called when a service ends before
    /// `shutdown()`. Throws when the hub's port cannot be bound or a service does not
    /// start; nothing is left running then.
    static func start(
        _ options: Options,
        executable: String,
        exited: @escaping @Sendable (DemoService, Int32) -> Void
    ) async throws -> DemoShopProcesses {
        let store = TraceStore()
        var router = Router()
        OTLPReceiver(store: store).register(on: &router)
        TraceUI(store: store).register(on: &router)
        TraceDigest(store: store).register(on: &router)
        let hub = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: options.hubPort), router: router)
        try hub.start()
        let hubURL = "http://127.0.0.1:\(hub.port)"
        var waves: [[DemoServiceProcess]] = []
        var urls: [DemoService: String] = [:]
        do {
            for wave in DemoService.startWaves {
                var started: [DemoServiceProcess] = []
                defer { waves.append(started) }
                for service in wave {
                    let arguments = arguments(for: service, options: options, hubURL: hubURL, peers: urls)
                    started.append(try DemoServiceProcess(service, executable: executable, arguments: arguments))
                }
                for child in started {
                    urls[child.service] = try await child.listeningURL(timeout: .seconds(30))
                }
            }
        } catch {
            await stop(waves)
            await hub.shutdown()
            throw error
        }
        let shop = DemoShopProcesses(store: store, hub: hub, hubURL: hubURL, waves: waves, urls: urls)
        for child in waves.joined() {
            Task {
                let status = await child.exitStatus()
                if !shop.isStopping.load(ordering: .relaxed) { exited(child.service, status) }
            }
        }
        return shop
    }

    /// Stops the services, the callers first, then the hub. Returns the services that
    /// did not exit 0 (a service still running 20 seconds after it was asked to stop is
    /// killed), with their exit status.
    func shutdown() async -> [(service: DemoService, status: Int32)] {
        isStopping.store(true, ordering: .relaxed)
        let statuses = await Self.stop(waves)
        await hub.shutdown()
        return statuses.filter { $0.status != 0 }
    }

    /// Stops `waves` in reverse, each wave's services at once.
    @discardableResult
    private static func stop(_ waves: [[DemoServiceProcess]]) async -> [(service: DemoService, status: Int32)] {
        var statuses: [(service: DemoService, status: Int32)] = []
        for wave in waves.reversed() {
            for child in wave { child.stop() }
            for child in wave {
                statuses.append((child.service, await child.exitStatus(timeout: .seconds(20))))
            }
        }
        return statuses
    }

    private static func arguments(
        for service: DemoService,
        options: Options,
        hubURL: String,
        peers: [DemoService: String]
    ) -> [String] {
        var arguments = [
            "demo-service", "--service", service.rawValue,
            "--otlp-endpoint", hubURL, "--hub-url", hubURL,
            "--log-level", options.logLevel,
        ]
        for peer in service.peers {
            arguments += ["--peer", "\(peer.rawValue)=\(peers[peer]!)"]
        }
        if service == .gateway {
            arguments += ["--host", options.host, "--port", String(options.gatewayPort)]
        }
        return arguments
    }
}
