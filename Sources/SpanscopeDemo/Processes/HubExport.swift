public import Spanscope

/// Sends this process's part of every trace to a hub over OTLP/HTTP protobuf: each part
/// that completes in `store` goes to a `BatchSpanProcessor` that exports every `scheduleDelay`.
///
/// Parts go as they complete, in whatever order the processes finish them: a callee's part
/// usually reaches the hub before its caller's, and the hub's store then moves the trace,
/// its route statistics and its exemplars to the caller's route when that part arrives.
///
/// ```swift
/// let export = try HubExport(store: store, endpoint: "http://127.0.0.1:4318/v1/traces")
/// // ... serve ...
/// await export.shutdown()
/// ```
public final class HubExport: Sendable {
    private let processor: BatchSpanProcessor

    /// - Parameters:
    ///   - endpoint: the hub's `/v1/traces` URL.
    ///   - scheduleDelay: the longest a completed part waits for the next export.
    /// - Throws: `OTLPExporterError` when `endpoint` is not `http://`.
    public init(store: TraceStore, endpoint: String, scheduleDelay: Duration = .milliseconds(100)) throws(OTLPExporterError) {
        let exporter = try OTLPExporter(configuration: OTLPExporter.Configuration(endpoint: endpoint))
        // The hub is on loopback: one that does not answer within seconds is gone (the demo
        // crashed), and must not keep this process from exiting for the default 30 seconds.
        let configuration = BatchSpanProcessor.Configuration(scheduleDelay: scheduleDelay, exportTimeout: .seconds(3))
        processor = BatchSpanProcessor(exporter: exporter, configuration: configuration)
        processor.attach(to: store)
    }

    /// What the exporter has sent and dropped so far.
    public var statistics: OTLPExportStatistics { processor.statistics }

    /// Exports every part that completed before the call, then stops.
    public func shutdown() async {
        await processor.shutdown()
    }
}
