import Logging
import Spanscope
import Synchronization

/// Builds and starts the shop's services, each with its environment, in the order they
/// are called: a service learns its peers' addresses from the peers already listening.
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
        let users = try launch(UsersService(
            environment: environment("users"),
            connectionDrops: FaultSchedule(every: configuration.usersDatabaseDropPeriod)
        ))
        let products = try launch(ProductsService(
            environment: environment("products"),
            cacheTimeToLive: configuration.productCacheTimeToLive
        ))
        let payments = try launch(PaymentsService(
            environment: environment("payments"),
            providerStalls: FaultSchedule(every: configuration.providerStallPeriod),
            stallDuration: configuration.providerStall
        ))
        let auth = try launch(AuthService(environment: environment("auth")))
        let notificationsEnvironment = environment("notifications")
        let notificationsService = NotificationsService(
            environment: notificationsEnvironment,
            users: notificationsEnvironment.peer(users)
        )
        let notifications = try launch(notificationsService)
        let queue = OrderEventQueue()
        let ordersEnvironment = environment("orders")
        let orders = try launch(OrdersService(
            environment: ordersEnvironment,
            products: ordersEnvironment.peer(products),
            payments: ordersEnvironment.peer(payments),
            queue: queue,
            paymentTimeout: configuration.paymentTimeout
        ))
        let gatewayEnvironment = environment("gateway")
        let gateway = try launch(
            GatewayService(
                environment: gatewayEnvironment,
                auth: gatewayEnvironment.peer(auth),
                users: gatewayEnvironment.peer(users),
                orders: gatewayEnvironment.peer(orders),
                products: gatewayEnvironment.peer(products),
                notifications: gatewayEnvironment.peer(notifications),
                digest: TraceDigest(store: configuration.store),
                traceUI: TraceUI(store: configuration.store, inFlight: inFlight)
            ),
            host: configuration.host,
            port: configuration.gatewayPort
        )
        let consumer = Task { await notificationsService.consume(queue) }
        return DemoShop(
            store: configuration.store,
            gateway: gateway,
            orders: orders,
            backends: [users, products, payments, auth, notifications],
            queue: queue,
            consumer: consumer,
            client: client,
            inFlight: inFlight
        )
    }

    /// Shuts down what `launchShop` started before it failed.
    func stopStarted() async {
        for service in startedServices.withLock({ $0 }) {
            await service.server.shutdown()
        }
        await client.shutdown()
    }

    private func environment(_ name: String) -> ServiceEnvironment {
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

    private func launch(_ service: some ShopService, host: String = "127.0.0.1", port: Int = 0) throws -> RunningService {
        var router = Router()
        var options = TracingOptions()
        // The text waterfalls, like the trace UI, are for looking at traces, not for making them.
        options.excludedPaths.append("/debug")
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
