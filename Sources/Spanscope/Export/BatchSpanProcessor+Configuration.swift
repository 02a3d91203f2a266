public import Logging

extension BatchSpanProcessor {
    /// OpenTelemetry's batch span processor settings, with its defaults.
    ///
    /// ```swift
    /// let configuration = BatchSpanProcessor.Configuration(scheduleDelay: .seconds(1), maxQueueSize: 8192)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// The longest spans wait in the queue before an export (`OTEL_BSP_SCHEDULE_DELAY`).
        public var scheduleDelay: Duration
        /// The longest one export may take, retries included (`OTEL_BSP_EXPORT_TIMEOUT`).
        public var exportTimeout: Duration
        /// Spans queued beyond this are dropped and counted (`OTEL_BSP_MAX_QUEUE_SIZE`).
        public var maxQueueSize: Int
        /// The most spans in one request, and the queue length that starts an export without
        /// waiting for the delay (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`). At most `maxQueueSize`.
        public var maxExportBatchSize: Int

        /// Sizes below 1 count as 1, and a batch size above the queue size as the queue size.
        public init(
            scheduleDelay: Duration = .milliseconds(5000),
            exportTimeout: Duration = .milliseconds(30000),
            maxQueueSize: Int = 2048,
            maxExportBatchSize: Int = 512
        ) {
            self.scheduleDelay = scheduleDelay
            self.exportTimeout = exportTimeout
            self.maxQueueSize = max(1, maxQueueSize)
            self.maxExportBatchSize = min(max(1, maxExportBatchSize), self.maxQueueSize)
        }

        /// The settings the `OTEL_BSP_*` variables give (milliseconds and counts); a value
        /// that is not a non-negative (for sizes: positive) integer is a warning and the
        /// default applies. A batch size above the queue size is the queue size, with a warning.
        ///
        /// ```swift
        /// let configuration = BatchSpanProcessor.Configuration(environment: SpanscopeTracer.processEnvironment)
        /// ```
        public init(environment: [String: String], logger: Logger = OTLPExporter.defaultLogger) {
            let reader = ExportEnvironment(environment: environment, logger: logger)
            func milliseconds(_ name: String) -> Duration? {
                reader.string(name).flatMap { reader.milliseconds(name, $0) }
            }
            let defaults = Configuration()
            let queueSize = reader.count("OTEL_BSP_MAX_QUEUE_SIZE") ?? defaults.maxQueueSize
            let batchSize = reader.count("OTEL_BSP_MAX_EXPORT_BATCH_SIZE") ?? min(defaults.maxExportBatchSize, queueSize)
            if batchSize > queueSize {
                reader.warn("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", String(batchSize), "exceeds the queue size \(queueSize), which applies instead")
            }
            self.init(
                scheduleDelay: milliseconds("OTEL_BSP_SCHEDULE_DELAY") ?? defaults.scheduleDelay,
                exportTimeout: milliseconds("OTEL_BSP_EXPORT_TIMEOUT") ?? defaults.exportTimeout,
                maxQueueSize: queueSize,
                maxExportBatchSize: batchSize
            )
        }
    }
}
