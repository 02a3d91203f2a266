extension TraceUI {
    /// `GET {prefix}/routes`: latency statistics per route, with decade buckets and the
    /// trace-ids of their exemplars, as zPages shows them.
    func routes(_ request: Request) throws(TraceAPIError) -> Response {
        try Self.refuseParameters(request)
        return Self.json(
            RoutesJSON(
                percentileRelativeError: RouteStatistics.percentileRelativeError,
                routes: store.routeStatistics().map(RouteJSON.init)
            )
        )
    }
}

/// The answer of `GET {prefix}/routes` (`docs/trace-api.md`, "Routes").
private struct RoutesJSON: Encodable {
    var percentileRelativeError: Double
    var routes: [RouteJSON]
}

private struct RouteJSON: Encodable {
    var service: String
    var route: String
    var count: Int
    var errorCount: Int
    var p50Nanos: Nullable<UInt64>
    var p90Nanos: Nullable<UInt64>
    var p99Nanos: Nullable<UInt64>
    var buckets: [BucketJSON]
    var slowestTraceIds: [String]

    init(_ statistics: RouteStatistics) {
        service = statistics.service
        route = statistics.route
        count = statistics.count
        errorCount = statistics.errorCount
        p50Nanos = Nullable(statistics.p50Nanos)
        p90Nanos = Nullable(statistics.p90Nanos)
        p99Nanos = Nullable(statistics.p99Nanos)
        buckets = statistics.buckets.map(BucketJSON.init)
        slowestTraceIds = statistics.slowestTraceIDs
    }
}

private struct BucketJSON: Encodable {
    var label: String
    var lowerBoundNanos: UInt64
    var upperBoundNanos: Nullable<UInt64>
    var count: Int
    var exemplarTraceIds: [String]

    init(_ bucket: RouteStatistics.Bucket) {
        label = bucket.label
        lowerBoundNanos = bucket.lowerBoundNanos
        upperBoundNanos = Nullable(bucket.upperBoundNanos)
        count = bucket.count
        exemplarTraceIds = bucket.exemplarTraceIDs
    }
}
