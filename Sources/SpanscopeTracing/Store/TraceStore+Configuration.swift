extension TraceStore {
    /// The store's limits. One memory budget bounds everything; the counts
    /// bound each retention set within it.
    ///
    /// ```swift
    /// var configuration = TraceStore.Configuration()
    /// configuration.memoryBudgetBytes = 16 << 20
    /// configuration.sampler = TailSampler(policies: [.keepErrors(), .rateLimited(tracesPerSecond: 20)])
    /// let store = TraceStore(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// Bytes for everything the store holds (span sizes are estimated). A
        /// fixed part is reserved for route statistics and remembered trace-ids,
        /// a quarter of the rest holds traces whose root has not ended, and the
        /// remainder holds completed traces.
        public var memoryBudgetBytes: Int
        /// The ring of the most recent completed traces.
        public var recentTraces: Int
        /// The ring of traces with an error (or that timed out incomplete).
        public var errorTraces: Int
        /// Exemplars per route and latency decade.
        public var exemplarsPerBucket: Int
        /// At most one exemplar is admitted per route and bucket in this interval, as zPages does.
        public var exemplarAdmissionInterval: Duration
        public var slowestPerRoute: Int
        public var maxPinnedTraces: Int
        /// Spans kept per trace, root included; the rest are counted in `Trace.droppedSpanCount`.
        public var maxSpansPerTrace: Int
        /// A trace whose local root has not ended after this long is kept as incomplete.
        public var pendingTimeout: Duration
        /// Routes with their own statistics; the rest share one overflow route.
        public var maxRoutes: Int
        /// Completed trace-ids remembered so that their late spans join them (or are dropped with them).
        public var rememberedCompletedTraces: Int
        /// Pending traces are spread over this many locks (rounded up to a power of two).
        public var shardCount: Int
        public var sampler: TailSampler
        public var clock: NanosecondClock

        public init(
            memoryBudgetBytes: Int = 64 << 20,
            recentTraces: Int = 1000,
            errorTraces: Int = 500,
            exemplarsPerBucket: Int = 10,
            exemplarAdmissionInterval: Duration = .seconds(1),
            slowestPerRoute: Int = 10,
            maxPinnedTraces: Int = 100,
            maxSpansPerTrace: Int = 1000,
            pendingTimeout: Duration = .seconds(300),
            maxRoutes: Int = 256,
            rememberedCompletedTraces: Int = 4096,
            shardCount: Int = 16,
            sampler: TailSampler = TailSampler(),
            clock: NanosecondClock = .monotonic
        ) {
            self.memoryBudgetBytes = memoryBudgetBytes
            self.recentTraces = recentTraces
            self.errorTraces = errorTraces
            self.exemplarsPerBucket = exemplarsPerBucket
            self.exemplarAdmissionInterval = exemplarAdmissionInterval
            self.slowestPerRoute = slowestPerRoute
            self.maxPinnedTraces = maxPinnedTraces
            self.maxSpansPerTrace = maxSpansPerTrace
            self.pendingTimeout = pendingTimeout
            self.maxRoutes = maxRoutes
            self.rememberedCompletedTraces = rememberedCompletedTraces
            self.shardCount = shardCount
            self.sampler = sampler
            self.clock = clock
        }

        /// Bytes set aside before traces: route statistics and remembered trace-ids.
        var reservedBytes: Int {
            maxRoutes * RouteState.estimatedBytes(exemplarsPerBucket: exemplarsPerBucket, slowestPerRoute: slowestPerRoute)
                + rememberedCompletedTraces * Self.rememberedTraceBytes
        }

        var pendingBudgetBytes: Int {
            max(0, memoryBudgetBytes - reservedBytes) / 4
        }

        var retainedBudgetBytes: Int {
            max(0, memoryBudgetBytes - reservedBytes - pendingBudgetBytes)
        }

        var roundedShardCount: Int {
            var count = 1
            while count < max(1, shardCount) { count <<= 1 }
            return count
        }

        /// A dictionary entry and a queue slot per remembered trace-id.
        private static let rememberedTraceBytes = 96
    }
}
