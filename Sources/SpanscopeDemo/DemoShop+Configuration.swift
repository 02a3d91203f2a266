public import Logging
public import Spanscope

extension DemoShop {
    /// Where the shop listens, where its spans go, and how often its dependencies fail.
    ///
    /// ```swift
    /// var configuration = DemoShop.Configuration(gatewayPort: 0)
    /// configuration.paymentTimeout = .milliseconds(200)
    /// let shop = try await DemoShop.start(configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The gateway's address; the other services listen on 127.0.0.1.
        public var host: String
        /// The gateway's port; 0 picks a free one. The other services always take free ports.
        public var gatewayPort: Int
        /// Where every service's tracer records.
        public var store: TraceStore
        /// The services' logger; each adds its `service` name, and a metadata provider such
        /// as `Logger.MetadataProvider.spanscope` adds `trace_id` and `span_id`.
        public var logger: Logger
        /// How long orders waits for payments before giving up and retrying once.
        public var paymentTimeout: Duration
        /// Every this many charges, the payment provider stalls for `providerStall`.
        public var providerStallPeriod: Int
        /// Longer than `paymentTimeout`, so that a stalled charge times out.
        public var providerStall: Duration
        /// Every this many queries, the users database drops its connection (a 503).
        public var usersDatabaseDropPeriod: Int
        /// How long the products service caches a catalog row.
        public var productCacheTimeToLive: Duration

        public init(
            host: String = "127.0.0.1",
            gatewayPort: Int = 8080,
            store: TraceStore = TraceStore(),
            logger: Logger = Logger(label: "spanscope.demo"),
            paymentTimeout: Duration = .milliseconds(300),
            providerStallPeriod: Int = 5,
            providerStall: Duration = .milliseconds(900),
            usersDatabaseDropPeriod: Int = 12,
            productCacheTimeToLive: Duration = .seconds(10)
        ) {
            self.host = host
            self.gatewayPort = gatewayPort
            self.store = store
            self.logger = logger
            self.paymentTimeout = paymentTimeout
            self.providerStallPeriod = providerStallPeriod
            self.providerStall = providerStall
            self.usersDatabaseDropPeriod = usersDatabaseDropPeriod
            self.productCacheTimeToLive = productCacheTimeToLive
        }
    }
}
