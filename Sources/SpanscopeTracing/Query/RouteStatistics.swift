/// Latency statistics of one route of one service, over every trace that
/// completed on it (sampled or not), with exemplars of the held ones.
///
/// Percentiles come from a `LatencyHistogram`: relative error at most
/// `RouteStatistics.percentileRelativeError`.
///
/// ```swift
/// for route in store.routeStatistics() {
///     print(route.service, route.route, route.count, route.p99Nanos ?? 0)
///     for bucket in route.buckets where bucket.count > 0 { print(bucket.label, bucket.exemplarTraceIDs) }
/// }
/// ```
public struct RouteStatistics: Sendable, Codable, Hashable {
    public var service: String
    public var route: String
    public var count: Int
    public var errorCount: Int
    public var p50Nanos: UInt64?
    public var p90Nanos: UInt64?
    public var p99Nanos: UInt64?
    /// One per `LatencyBucket`, in order.
    public var buckets: [Bucket]
    /// The route's slowest held traces, slowest first.
    public var slowestTraceIDs: [String]

    /// 1/32: a percentile is the midpoint of a bucket at most 1/16 of its lower bound wide.
    public static let percentileRelativeError = 1.0 / 32

    /// Traces of one latency decade.
    ///
    /// ```swift
    /// let slowBucket = route.buckets[LatencyBucket.below10s.rawValue]
    /// ```
    public struct Bucket: Sendable, Codable, Hashable {
        public var bucket: LatencyBucket
        public var label: String
        public var lowerBoundNanos: UInt64
        public var upperBoundNanos: UInt64?
        public var count: Int
        /// Held exemplar traces, oldest first.
        public var exemplarTraceIDs: [String]
    }
}

extension TraceStore {
    /// Statistics of every route, sorted by service then route. Routes beyond
    /// `Configuration.maxRoutes` are counted together under service `*`. A route
    /// whose every trace moved to its caller's route (a callee's, when the caller's
    /// part completed later) is left out, though it keeps its place among `maxRoutes`.
    ///
    /// ```swift
    /// let orders = store.routeStatistics().filter { $0.service == "orders" }
    /// ```
    public func routeStatistics() -> [RouteStatistics] {
        let routes = retention.withLock { $0.routes }
        return routes.filter { $0.state.count > 0 }.map { key, state in
            RouteStatistics(
                service: key.service,
                route: key.route,
                count: state.count,
                errorCount: state.errorCount,
                p50Nanos: state.histogram.percentile(0.5),
                p90Nanos: state.histogram.percentile(0.9),
                p99Nanos: state.histogram.percentile(0.99),
                buckets: LatencyBucket.allCases.map { bucket in
                    RouteStatistics.Bucket(
                        bucket: bucket,
                        label: bucket.label,
                        lowerBoundNanos: bucket.lowerBoundNanos,
                        upperBoundNanos: bucket.upperBoundNanos,
                        count: state.bucketCounts[bucket.rawValue],
                        exemplarTraceIDs: state.exemplars[bucket.rawValue].map(\.traceID.description)
                    )
                },
                slowestTraceIDs: state.slowest.reversed().map(\.key.traceID.description)
            )
        }
        .sorted { ($0.service, $0.route) < ($1.service, $1.route) }
    }
}
