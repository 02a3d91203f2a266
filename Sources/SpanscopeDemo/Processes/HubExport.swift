public import Spanscope

/// Sends this process's part of every trace to a hub over OTLP/HTTP protobuf: each part
/// that completes in `store` goes, `holdBack` later, to a `BatchSpanProcessor` that
/// exports every `scheduleDelay`.
///
/// Why hold back: the hub's store completes a trace when the first part with a local root
/// arrives, and files the trace's route statistics (and its latency exemplars and slowest
/// sets) under that part's root. A callee's part completes before its caller's, and would
/// often arrive first: a checkout would then be counted under auth's
/// `GET /sessions/current`. The gateway's part, whose root is the trace's root, is sent
/// at once; the callees hold theirs back long enough for it to arrive first, and they
/// join it as late spans.
///
/// ```swift
/// let export = try HubExport(store: store, endpoint: "http://127.0.0.1:4318/v1/traces", holdBack: .seconds(1))
/// // ... serve ...
/// await export.shutdown()
/// ```
public final class HubExport: Sendable {
    private struct HeldPart: Sendable {
        var due: ContinuousClock.Instant
        var spans: [SpanRecord]
    }

    private let store: TraceStore
    private let processor: BatchSpanProcessor
    private let subscription: TraceStore.CompletionSubscription
    private let held: AsyncStream<HeldPart>.Continuation
    private let releasing: Task<Void, Never>

    /// - Parameters:
    ///   - endpoint: the hub's `/v1/traces` URL.
    ///   - holdBack: how long a completed part waits before it is queued for export.
    ///   - scheduleDelay: the longest a queued part waits for the next export.
    /// - Throws: `OTLPExporterError` when `endpoint` is not `http://`.
    public init(
        store: TraceStore,
        endpoint: String,
        holdBack: Duration,
        scheduleDelay: Duration = .milliseconds(100)
    ) throws(OTLPExporterError) {
        let exporter = try OTLPExporter(configuration: OTLPExporter.Configuration(endpoint: endpoint))
        // The hub is on loopback: one that does not answer within seconds is gone (the demo
        // crashed), and must not keep this process from exiting for the default 30 seconds.
        let configuration = BatchSpanProcessor.Configuration(scheduleDelay: scheduleDelay, exportTimeout: .seconds(3))
        let processor = BatchSpanProcessor(exporter: exporter, configuration: configuration)
        let (parts, held) = AsyncStream.makeStream(of: HeldPart.self)
        self.store = store
        self.processor = processor
        self.held = held
        // Parts are due in the order they completed, as every one waits the same time.
        releasing = Task.detached {
            for await part in parts {
                try? await Task.sleep(until: part.due)
                processor.enqueue(part.spans)
            }
        }
        subscription = store.addCompletionHandler { trace in
            held.yield(HeldPart(due: .now + holdBack, spans: trace.spans))
        }
    }

    /// What the exporter has sent and dropped so far.
    public var statistics: OTLPExportStatistics { processor.statistics }

    /// Exports every part that completed before the call, held back or not, then stops.
    public func shutdown() async {
        store.removeCompletionHandler(subscription)
        held.finish()
        await releasing.value
        await processor.shutdown()
    }
}
