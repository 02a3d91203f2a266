import Foundation
public import Logging
import Synchronization

/// Queues the spans of completed traces and sends them in batches through an
/// `OTLPExporter`, as OpenTelemetry's batch span processor does: an export starts when
/// `maxExportBatchSize` spans wait or `scheduleDelay` has passed, one at a time.
///
/// Threading: `enqueue` is called on the threads that complete traces (request threads,
/// through the store's completion handler) and never waits: it takes one lock for an
/// append, and when the queue is full it drops the spans and counts them. Exports run in
/// one task of the processor's own; a slow or absent collector delays only that task.
/// The queue never holds more than `maxQueueSize` spans, and one batch is in flight.
///
/// The processor runs until `shutdown()`, which exports what is queued; call it when the
/// server's `run()` returns, so a graceful shutdown loses no spans.
///
/// ```swift
/// let store = TraceStore()
/// let tracer = SpanscopeTracer(serviceName: "orders", recorder: store)
/// let processor = BatchSpanProcessor(exporter: try OTLPExporter())
/// processor.attach(to: store)
/// try await server.run()
/// await processor.shutdown()
/// ```
public final class BatchSpanProcessor: Sendable {
    public let configuration: Configuration
    private let exporter: OTLPExporter
    private let logger: Logger
    private let state: Mutex<State>
    private let tasks = Mutex<(worker: Task<Void, Never>, ticker: Task<Void, Never>)?>(nil)

    /// Starts the export task.
    ///
    /// - Parameters:
    ///   - configuration: nil reads the `OTEL_BSP_*` variables of the process.
    ///   - logger: warns about failed and partial exports and unusable environment values.
    public init(exporter: OTLPExporter, configuration: Configuration? = nil, logger: Logger = OTLPExporter.defaultLogger) {
        let configuration = configuration ?? Configuration(environment: SpanscopeTracer.processEnvironment, logger: logger)
        self.configuration = configuration
        self.exporter = exporter
        self.logger = logger
        state = Mutex(State(maxQueueSize: configuration.maxQueueSize))
        // Detached: the export task belongs to no request, and inherits none's context.
        let worker = Task.detached { [self] in await run() }
        let ticker = Task.detached { [self] in await tick() }
        tasks.withLock { $0 = (worker, ticker) }
    }

    /// Exports every trace `store` completes (after tail sampling), until `shutdown()`.
    ///
    /// A trace is exported as it stands when it completes, spans an `OTLPReceiver` filed into
    /// the store included: a hub that receives and exports forwards what it received, as a
    /// collector does, because its senders sent those spans here and not to the collector.
    /// Spans that join the trace later while the store holds it (a part that arrives after
    /// another part completed the trace, a span ending after its local root) are exported
    /// then, each span once (`TraceCompletion.newSpans`); late spans of a trace the store
    /// sampled out or no longer holds are not.
    ///
    /// A service whose senders export to the same collector themselves must not share this
    /// store with its receiver: their spans would go out twice. Give the receiver a store of
    /// its own.
    ///
    /// ```swift
    /// processor.attach(to: store)
    /// ```
    public func attach(to store: TraceStore) {
        // A whole trace's slice is its array, which `Array` takes over without copying.
        let subscription = store.addCompletionHandler { [self] completion in enqueue(Array(completion.newSpans)) }
        let attached = state.withLock { state in
            guard !state.isShutDown else { return false }
            state.attachments.append((store, subscription))
            return true
        }
        if !attached { store.removeCompletionHandler(subscription) }
    }

    /// Queues spans for export without waiting: spans beyond `maxQueueSize` (or after
    /// `shutdown()`) are dropped and counted in `statistics.droppedSpans`.
    ///
    /// ```swift
    /// processor.enqueue(trace.spans)
    /// ```
    public func enqueue(_ spans: [SpanRecord]) {
        guard !spans.isEmpty else { return }
        let batchSize = configuration.maxExportBatchSize
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.isShutDown else {
                state.statistics.droppedSpans.afterShutdown += spans.count
                return nil
            }
            let taken = min(spans.count, state.statistics.maxQueueSize - state.queue.count)
            state.queue.append(contentsOf: spans.prefix(taken))
            state.enqueuedCount += UInt64(taken)
            state.statistics.droppedSpans.queueFull += spans.count - taken
            return state.queue.count >= batchSize ? state.takeWaiter() : nil
        }
        waiter?.resume()
    }

    /// Returns once every span queued before the call has been exported, or its export
    /// has failed (each export ends within `exportTimeout`).
    ///
    /// ```swift
    /// await processor.forceFlush()
    /// ```
    public func forceFlush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (isSettled, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                guard state.settledCount < state.enqueuedCount else { return (true, nil) }
                state.flushWaiters.append((state.enqueuedCount, continuation))
                return (false, state.takeWaiter())
            }
            if isSettled { continuation.resume() }
            waiter?.resume()
        }
    }

    /// Stops taking spans (later ones are counted as dropped), detaches from the stores,
    /// exports everything queued, stops the export task and shuts the exporter down.
    /// Calling it again waits for the first call's work.
    ///
    /// ```swift
    /// try await server.run()
    /// await processor.shutdown()
    /// ```
    public func shutdown() async {
        let (waiter, attachments) = state.withLock { state in
            state.isShutDown = true
            defer { state.attachments = [] }
            return (state.takeWaiter(), state.attachments)
        }
        for (store, subscription) in attachments { store.removeCompletionHandler(subscription) }
        waiter?.resume()
        guard let (worker, ticker) = tasks.withLock({ $0 }) else { return }
        await worker.value
        ticker.cancel()
        await ticker.value
        await exporter.shutdown()
    }

    /// A snapshot of the counters, for `/debug/traces/stats` or a health check.
    public var statistics: OTLPExportStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.queuedSpans = state.queue.count
            return statistics
        }
    }

    // MARK: - The export task

    private func run() async {
        while true {
            await waitForWork()
            let step = state.withLock { $0.nextStep(batchSize: configuration.maxExportBatchSize) }
            switch step {
            case .export(let batch):
                let result = await exporter.export(batch, deadline: .now + configuration.exportTimeout)
                record(result)
            case .idle:
                continue
            case .finished:
                return
            }
        }
    }

    private func waitForWork() async {
        let batchSize = configuration.maxExportBatchSize
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard !state.hasWork(batchSize: batchSize) else { return true }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Marks the delay as passed every `scheduleDelay`, waking the export task when spans wait.
    private func tick() async {
        while true {
            do {
                try await Task.sleep(for: configuration.scheduleDelay)
            } catch {
                return
            }
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.queue.isEmpty else { return nil }
                state.isDelayPassed = true
                return state.takeWaiter()
            }
            waiter?.resume()
        }
    }

    private func record(_ result: OTLPExportResult) {
        let now = Date()
        var warning: String?
        let flushed = state.withLock { state in
            state.settledCount += UInt64(result.spanCount)
            state.statistics.retries += result.retries
            switch result.outcome {
            case .accepted(let rejected, let message):
                state.statistics.successfulExports += 1
                state.statistics.exportedSpans += result.spanCount - min(rejected, result.spanCount)
                if rejected > 0 || !message.isEmpty {
                    state.statistics.partialSuccesses += 1
                    state.statistics.droppedSpans.rejectedByCollector += rejected
                    warning = "the collector rejected \(rejected) of \(result.spanCount) spans: \(message.isEmpty ? "no reason given" : message)"
                }
            case .refused(let status, let message):
                state.statistics.failedExports += 1
                state.statistics.droppedSpans.refused += result.spanCount
                warning = "the collector refused \(result.spanCount) spans with \(status)\(message.isEmpty ? "" : ": \(message)")"
            case .failed(let reason):
                state.statistics.failedExports += 1
                state.statistics.droppedSpans.failed += result.spanCount
                warning = "exporting \(result.spanCount) spans failed: \(reason)"
            }
            if let warning {
                state.statistics.lastError = warning
                state.statistics.lastErrorTime = now
            }
            return state.takeFlushed()
        }
        if let warning {
            logger.warning("\(warning)", metadata: ["otlp.endpoint": .string(exporter.configuration.endpoint)])
        }
        for continuation in flushed { continuation.resume() }
    }
}

extension BatchSpanProcessor {
    /// Everything the processor's lock guards.
    private struct State {
        var queue: [SpanRecord] = []
        var statistics: OTLPExportStatistics
        /// The export task, when it waits for work.
        var waiter: CheckedContinuation<Void, Never>?
        /// The schedule delay passed while spans waited: export them even if fewer than a batch.
        var isDelayPassed = false
        var isShutDown = false
        /// Spans ever queued, and spans whose export has ended: a flush waits for the second
        /// to reach what the first was when it was called.
        var enqueuedCount: UInt64 = 0
        var settledCount: UInt64 = 0
        /// Spans ever taken out of the queue for export; partial batches go out while a
        /// flush's target is ahead of it.
        var takenCount: UInt64 = 0
        /// In the order of their calls, so by target: `enqueuedCount` only grows.
        var flushWaiters: [(target: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var attachments: [(store: TraceStore, subscription: TraceStore.CompletionSubscription)] = []

        init(maxQueueSize: Int) {
            statistics = OTLPExportStatistics(maxQueueSize: maxQueueSize)
            queue.reserveCapacity(maxQueueSize)
        }

        enum Step {
            case export([SpanRecord])
            case idle
            case finished
        }

        /// A flush waits while spans queued before it are still in the queue: the last waiter's
        /// target is the furthest, and with no waiter left none is ahead of `takenCount`.
        private var mayExportPartialBatch: Bool {
            isDelayPassed || isShutDown || takenCount < (flushWaiters.last?.target ?? 0)
        }

        private func isBatchReady(batchSize: Int) -> Bool {
            queue.count >= batchSize || (!queue.isEmpty && mayExportPartialBatch)
        }

        /// Shut down, the task has work either way: the queue's rest, or finishing.
        func hasWork(batchSize: Int) -> Bool {
            isShutDown || isBatchReady(batchSize: batchSize)
        }

        mutating func nextStep(batchSize: Int) -> Step {
            guard isBatchReady(batchSize: batchSize) else {
                isDelayPassed = false
                return isShutDown ? .finished : .idle
            }
            let count = min(batchSize, queue.count)
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            takenCount += UInt64(count)
            if queue.isEmpty { isDelayPassed = false }
            return .export(batch)
        }

        mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }

        mutating func takeFlushed() -> [CheckedContinuation<Void, Never>] {
            var flushed: [CheckedContinuation<Void, Never>] = []
            flushWaiters.removeAll { waiter in
                guard waiter.target <= settledCount else { return false }
                flushed.append(waiter.continuation)
                return true
            }
            return flushed
        }
    }
}
