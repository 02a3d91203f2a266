public import Foundation

/// What a `BatchSpanProcessor` has done since it started: the figures a trace UI's
/// statistics page shows, and that say whether spans reach the collector.
///
/// ```swift
/// let statistics = processor.statistics
/// print(statistics.exportedSpans, statistics.droppedSpans.total, statistics.lastError ?? "-")
/// let json = try JSONEncoder().encode(statistics)
/// ```
public struct OTLPExportStatistics: Sendable, Hashable, Codable {
    /// Spans waiting for an export now (the batch being sent is not among them).
    public var queuedSpans: Int
    /// The most spans the queue holds; more are dropped (`droppedSpans.queueFull`).
    public var maxQueueSize: Int
    /// Spans the collector took (a partial success's rejected spans not included).
    public var exportedSpans: Int
    /// Requests the collector took (2xx).
    public var successfulExports: Int
    /// Requests that ended refused or failed; their spans are in `droppedSpans`.
    public var failedExports: Int
    /// Attempts beyond the first, over all exports.
    public var retries: Int
    /// Successful requests whose answer rejected spans or carried a warning (`partialSuccess`).
    public var partialSuccesses: Int
    public var droppedSpans: DroppedSpans
    /// Why the latest export failed or was partial, and when.
    public var lastError: String?
    public var lastErrorTime: Date?

    public init(maxQueueSize: Int) {
        self.queuedSpans = 0
        self.maxQueueSize = maxQueueSize
        self.exportedSpans = 0
        self.successfulExports = 0
        self.failedExports = 0
        self.retries = 0
        self.partialSuccesses = 0
        self.droppedSpans = DroppedSpans()
    }

    /// Spans that never reached the collector, by reason.
    public struct DroppedSpans: Sendable, Hashable, Codable {
        /// The queue was full when their trace completed: the collector is slower than the service.
        public var queueFull: Int = 0
        /// The collector refused their request with a status that is not retried (400...).
        public var refused: Int = 0
        /// Their request failed: connection failures, timeouts, retries past the deadline.
        public var failed: Int = 0
        /// The collector took their request but rejected them (`partialSuccess.rejectedSpans`).
        public var rejectedByCollector: Int = 0
        /// Their trace completed after `shutdown()`.
        public var afterShutdown: Int = 0

        public init() {}

        public var total: Int { queueFull + refused + failed + rejectedByCollector + afterShutdown }
    }
}
