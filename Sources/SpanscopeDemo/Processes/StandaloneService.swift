import Spanscope

/// One service of the demo shop alone in this process, calling its peers in other
/// processes over loopback: what each child of `spanscope demo --processes` runs. Its
/// spans go to `configuration.store`; each part of a trace that completes there is this
/// process's share, for a `HubExport` to send to the hub that assembles whole traces.
///
/// orders publishes `order-placed` to notifications' queue over HTTP
/// (`RemoteOrderEventQueue`), with the trace in the message's headers; notifications
/// consumes it in a PRODUCER → CONSUMER link, as in one process.
///
/// ```swift
/// var configuration = DemoShop.Configuration(gatewayPort: 0)
/// let orders = try await StandaloneService.start(
///     .orders,
///     peers: [.products: productsURL, .payments: paymentsURL, .notifications: notificationsURL],
///     hubURL: "http://127.0.0.1:4318",
///     configuration: configuration
/// )
/// print(orders.url)
/// await orders.shutdown()
/// ```
public final class StandaloneService: Sendable {
    /// `service.peers` that `start` was not given an address for.
    public struct MissingPeers: Error, CustomStringConvertible {
        public var peers: [DemoService]
        public var description: String { "no address for \(peers.map(\.rawValue).joined(separator: ", "))" }
    }

    public let service: DemoService
    private let running: RunningService
    /// notifications' queue and the task consuming it.
    private let consumer: (queue: OrderEventQueue, task: Task<Void, Never>)?
    private let client: HTTPClient

    private init(service: DemoService, running: RunningService, consumer: (OrderEventQueue, Task<Void, Never>)?, client: HTTPClient) {
        self.service = service
        self.running = running
        self.consumer = consumer
        self.client = client
    }

    /// `http://host:port`, where its peers reach it.
    public var url: String { running.baseURL }

    /// Starts the service: the gateway on `configuration.host` and `gatewayPort`, any
    /// other on a free port of 127.0.0.1.
    ///
    /// - Parameters:
    ///   - peers: the address of every service in `service.peers`.
    ///   - hubURL: where the gateway's guide (at `/`) sends people to look at traces.
    /// - Throws: `MissingPeers`, or `HTTPServerError` when the port cannot be bound.
    public static func start(
        _ service: DemoService,
        peers: [DemoService: String],
        hubURL: String,
        configuration: DemoShop.Configuration
    ) async throws -> StandaloneService {
        let missing = service.peers.filter { peers[$0] == nil }
        guard missing.isEmpty else { throw MissingPeers(peers: missing) }
        let launcher = ServiceLauncher(configuration: configuration)
        // Its callers are in other processes: each request's span has a remote parent indeed.
        let environment = launcher.environment(service.rawValue)
        let queue = service == .notifications ? OrderEventQueue() : nil
        let built = launcher.makeService(
            service,
            environment: environment,
            peers: peers,
            // Only orders publishes, and notifications is among its peers.
            publisher: RemoteOrderEventQueue(baseURL: peers[.notifications] ?? "", client: launcher.client),
            traceViewer: .hub(url: hubURL),
            queueEndpoint: queue
        )
        let running: RunningService
        do {
            running = try launcher.launch(built, for: service)
        } catch {
            await launcher.stopStarted()
            throw error
        }
        let consumer = (built as? NotificationsService).flatMap { notifications in
            queue.map { queue in (queue, Task { await notifications.consume(queue) }) }
        }
        return StandaloneService(service: service, running: running, consumer: consumer, client: launcher.client)
    }

    /// Stops taking requests and lets those under way finish; notifications then
    /// processes the messages its queue holds. Afterwards no span of it is still open.
    public func shutdown() async {
        await running.server.shutdown()
        if let (queue, task) = consumer {
            queue.close()
            await task.value
        }
        await client.shutdown()
    }
}
