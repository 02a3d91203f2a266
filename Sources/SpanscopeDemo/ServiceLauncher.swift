import Logging
import Spanscope
import Synchronization

/// Builds and starts the shop's services, each with its environment, in the order they
/// are called: a service learns its peers' addresses from the peers already listening.
/// Starts the whole shop (`launchShop`), or one service whose peers run elsewhere
/// (`StandaloneService`).
final class ServiceLauncher: Sendable {
    let configuration: DemoShop.Configuration
    /// One connection pool for the whole shop; each service calls through its own tracer.
    let client = HTTPClient()
    /// Every service's requests under way, for the progress line and the trace UI.
    let inFlight = InFlightRequests()
    private let startedServices = Mutex<[RunningService]>([])

    init(configuration: DemoShop.Configuration) {
        self.configuration = configuration
    }

    func launchShop() throws -> DemoShop {
        let queue = OrderEventQueue()
        let traceViewer = TraceViewer.onGateway(
            TraceUI(store: configuration.store, inFlight: inFlight),
            TraceDigest(store: configuration.store)
        )
        var running: [DemoService: RunningService] = [:]
        var notifications: NotificationsService?
        for service in DemoService.startOrder {
            let built = makeService(
                service,
                environment: environment(service.rawValue),
                peers: running.mapValues(\.baseURL),
                publisher: queue,
                traceViewer: traceViewer
            )
            running[service] = try launch(built, for: service)
            notifications = notifications ?? built as? NotificationsService
        }
        let consumer = Task { [notifications] in
            if let notifications { await notifications.consume(queue) }
        }
        return DemoShop(
            store: configuration.store,
            gateway: running[.gateway]!,
            orders: running[.orders]!,
            backends: [.users, .products, .payments, .auth, .notifications].map { running[$0]! },
            queue: queue,
            consumer: consumer,
            client: client,
            inFlight: inFlight
        )
    }

    /// One service built with its peers at `peers`; orders publishes through `publisher`.
    func makeService(
        _ service: DemoService,
        environment: ServiceEnvironment,
        peers: [DemoService: String],
        publisher: any OrderEventPublisher,
        traceViewer: TraceViewer,
        queueEndpoint: OrderEventQueue? = nil
    ) -> any ShopService {
        // The peers start first (`DemoService.startOrder`), so each one's address is known.
        func peer(_ peer: DemoService) -> Peer { environment.peer(peer, at: peers[peer]!) }
        switch service {
        case .users:
            return UsersService(environment: environment, connectionDrops: FaultSchedule(every: configuration.usersDatabaseDropPeriod))
        case .products:
            return ProductsService(environment: environment, cacheTimeToLive: configuration.productCacheTimeToLive)
        case .payments:
            return PaymentsService(
                environment: environment,
                providerStalls: FaultSchedule(every: configuration.providerStallPeriod),
                stallDuration: configuration.providerStall
            )
        case .auth:
            return AuthService(environment: environment)
        case .notifications:
            return NotificationsService(environment: environment, users: peer(.users), queueEndpoint: queueEndpoint)
        case .orders:
            return OrdersService(
                environment: environment,
                products: peer(.products),
                payments: peer(.payments),
                queue: publisher,
                paymentTimeout: configuration.paymentTimeout
            )
        case .gateway:
            return GatewayService(
                environment: environment,
                auth: peer(.auth),
                users: peer(.users),
                orders: peer(.orders),
                products: peer(.products),
                notifications: peer(.notifications),
                traceViewer: traceViewer
            )
        }
    }

    /// Shuts down what `launchShop` started before it failed.
    func stopStarted() async {
        for service in startedServices.withLock({ $0 }) {
            await service.server.shutdown()
        }
        await client.shutdown()
    }

    func environment(_ name: String) -> ServiceEnvironment {
        var logger = configuration.logger
        logger[metadataKey: "service"] = "\(name)"
        let tracer = SpanscopeTracer(serviceName: name, recorder: configuration.store)
        return ServiceEnvironment(
            name: name,
            tracer: tracer,
            client: TracingHTTPClient(client: client, tracer: tracer),
            logger: logger
        )
    }

    /// Starts `service`'s server: the gateway's on the configured address, the others on a free port of 127.0.0.1.
    func launch(_ service: any ShopService, for kind: DemoService) throws -> RunningService {
        let (host, port) = kind == .gateway ? (configuration.host, configuration.gatewayPort) : ("127.0.0.1", 0)
        var router = Router()
        var options = TracingOptions()
        // The text waterfalls, like the trace UI, are for looking at traces, not for making them;
        // the queue's endpoint is the broker's transport, which the message's own spans stand for.
        options.excludedPaths.append(contentsOf: ["/debug", OrderEventQueue.endpointPath])
        router.add(middleware: TracingMiddleware(tracer: service.environment.tracer, options: options, inFlight: inFlight))
        service.routes(into: &router)
        // One loop each: seven services share the machine with the traffic that drives them.
        let server = HTTPServer(
            configuration: ServerConfiguration(host: host, port: port, loopCount: 1, shutdownGracePeriod: .seconds(5)),
            router: router
        )
        try server.start()
        let running = RunningService(name: service.environment.name, server: server)
        startedServices.withLock { $0.append(running) }
        return running
    }
}
