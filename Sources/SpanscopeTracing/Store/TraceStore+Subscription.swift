import Synchronization

extension TraceStore {
    /// Identifies a completion handler for removal.
    public struct CompletionSubscription: Hashable, Sendable {
        let id: UInt64
    }

    /// Calls `handler` with every trace that completes and passes tail
    /// sampling (or times out incomplete), on the thread that completed it.
    /// The handler must return quickly and never block: hand the trace to a
    /// queue or a stream of your own (exporters batch this way).
    ///
    /// ```swift
    /// let subscription = store.addCompletionHandler { trace in exporter.enqueue(trace) }
    /// store.removeCompletionHandler(subscription)
    /// ```
    @discardableResult
    public func addCompletionHandler(_ handler: @escaping @Sendable (Trace) -> Void) -> CompletionSubscription {
        subscribers.add(handler)
    }

    /// Stops calling a handler added with `addCompletionHandler(_:)`.
    ///
    /// ```swift
    /// store.removeCompletionHandler(subscription)
    /// ```
    public func removeCompletionHandler(_ subscription: CompletionSubscription) {
        subscribers.remove(subscription)
    }

    /// Completed traces (after tail sampling) as an async sequence, for a live
    /// tail. A slow reader loses the oldest traces beyond `bufferingNewest`
    /// rather than slowing the recording threads; the subscription ends when
    /// the stream is dropped or its task is cancelled.
    ///
    /// ```swift
    /// for await trace in store.completedTraces() {
    ///     print(trace.traceID, trace.spans.count)
    /// }
    /// ```
    public func completedTraces(bufferingNewest limit: Int = 1024) -> AsyncStream<Trace> {
        let (stream, continuation) = AsyncStream<Trace>.makeStream(bufferingPolicy: .bufferingNewest(max(1, limit)))
        let subscription = subscribers.add { trace in continuation.yield(trace) }
        continuation.onTermination = { [subscribers] _ in subscribers.remove(subscription) }
        return stream
    }
}

/// The completion handlers; a count read without the lock skips it entirely
/// when nobody listens, the usual case.
final class Subscribers: Sendable {
    private let handlers = Locked<(nextID: UInt64, byID: [UInt64: @Sendable (Trace) -> Void])>((0, [:]))
    private let count = Atomic<Int>(0)

    func add(_ handler: @escaping @Sendable (Trace) -> Void) -> TraceStore.CompletionSubscription {
        let id = handlers.withLock { handlers in
            handlers.nextID += 1
            handlers.byID[handlers.nextID] = handler
            count.store(handlers.byID.count, ordering: .relaxed)
            return handlers.nextID
        }
        return TraceStore.CompletionSubscription(id: id)
    }

    func remove(_ subscription: TraceStore.CompletionSubscription) {
        handlers.withLock { handlers in
            handlers.byID[subscription.id] = nil
            count.store(handlers.byID.count, ordering: .relaxed)
        }
    }

    /// Calls the handlers outside the lock, so that a handler may unsubscribe.
    func publish(_ trace: Trace) {
        guard count.load(ordering: .relaxed) > 0 else { return }
        let current = handlers.withLock { Array($0.byID.values) }
        for handler in current { handler(trace) }
    }
}
