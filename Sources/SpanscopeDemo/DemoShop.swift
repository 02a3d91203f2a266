public import Spanscope
import Synchronization

/// The demo shop: seven services, each an `HTTPServer` on its own port with its own
/// tracer (its own service name), all recording into one `TraceStore`, calling each
/// other over loopback through the instrumented client.
///
/// gateway (on `Configuration.gatewayPort`) → auth, users, products (with a cache),
/// orders → products, payments (a provider that stalls), and notifications, fed by
/// orders through an in-process queue.
///
/// ```swift
/// let shop = try await DemoShop.start(DemoShop.Configuration(gatewayPort: 8080))
/// print("shop at", shop.gatewayURL)
/// let traffic = Task { await TrafficGenerator(gatewayURL: shop.gatewayURL).run() }
/// // ...
/// traffic.cancel()
/// await traffic.value
/// await shop.shutdown()
/// ```
public final class DemoShop: Sendable {
    /// A service's name and where it listens.
    public struct Endpoint: Sendable, Hashable {
        public var name: String
        public var url: String
    }

    /// Where every service's spans go: `Configuration.store`.
    public let store: TraceStore
    /// The requests every service of the shop is handling right now.
    public let inFlight: InFlightRequests
    /// The gateway first, then the services behind it.
    public let endpoints: [Endpoint]
    private let gateway: RunningService
    private let orders: RunningService
    /// The services that nothing else in the shop calls once gateway and orders are down.
    private let backends: [RunningService]
    private let queue: OrderEventQueue
    private let consumer: Task<Void, Never>
    private let client: HTTPClient
    private let isShutDown = Mutex(false)

    init(
        store: TraceStore,
        gateway: RunningService,
        orders: RunningService,
        backends: [RunningService],
        queue: OrderEventQueue,
        consumer: Task<Void, Never>,
        client: HTTPClient,
        inFlight: InFlightRequests
    ) {
        self.store = store
        self.gateway = gateway
        self.orders = orders
        self.backends = backends
        self.queue = queue
        self.consumer = consumer
        self.client = client
        self.inFlight = inFlight
        endpoints = ([gateway, orders] + backends).map { Endpoint(name: $0.name, url: $0.baseURL) }
    }

    /// `http://host:port` of the gateway.
    public var gatewayURL: String { gateway.baseURL }

    /// Starts every service, the services called first. Throws `HTTPServerError` when
    /// a port cannot be bound; nothing is left running then.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> DemoShop {
        let launcher = ServiceLauncher(configuration: configuration)
        do {
            return try launcher.launchShop()
        } catch {
            await launcher.stopStarted()
            throw error
        }
    }

    /// Shuts the shop down gracefully: the gateway first, then orders, then the queue once
    /// notifications has processed what it holds, then the rest. Requests under way finish.
    public func shutdown() async {
        let first = isShutDown.withLock { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        await gateway.server.shutdown()
        await orders.server.shutdown()
        queue.close()
        await consumer.value
        await withDiscardingTaskGroup { group in
            for service in backends {
                group.addTask { await service.server.shutdown() }
            }
        }
        await client.shutdown()
    }
}

