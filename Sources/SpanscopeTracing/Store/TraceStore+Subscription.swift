import Synchronization

extension TraceStore {
    /// Identifies a completion handler for removal.
    public struct CompletionSubscription: Hashable, Sendable {
        let id: UInt64
    }

    /// Calls `handler` with every trace that completes and passes tail
    /// sampling (or times out incomplete), then with each later part that joins
    /// it while the store holds it (`TraceCompletion`): each kept span comes in
    /// one call's `newSpans`. Calls are on the thread that completed the trace or
    /// filed the part, so parts of one trace may race each other there. The
    /// handler must return quickly and never block: hand the spans to a queue or
    /// a stream of your own (exporters batch this way).
    ///
    /// ```swift
    /// let subscription = store.addCompletionHandler { completion in exporter.enqueue(Array(completion.newSpans)) }
    /// store.removeCompletionHandler(subscription)
    /// ```
    @discardableResult
    public func addCompletionHandler(
        _ handler: @escaping @Sendable (TraceCompletion) -> Void
    ) -> CompletionSubscription {
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

    /// Completed traces (after tail sampling) and their later parts, as
    /// `addCompletionHandler(_:)` gets them, as an async sequence. A slow reader
    /// loses the oldest beyond `bufferingNewest` rather than slowing the recording
    /// threads; the subscription ends when the stream is dropped or its task is cancelled.
    ///
    /// ```swift
    /// for await completion in store.completedTraces() where !completion.isLatePart {
    ///     print(completion.trace.traceID, completion.trace.spans.count)
    /// }
    /// ```
    public func completedTraces(bufferingNewest limit: Int = 1024) -> AsyncStream<TraceCompletion> {
        let (stream, continuation) = AsyncStream<TraceCompletion>.makeStream(
            bufferingPolicy: .bufferingNewest(max(1, limit))
        )
        let subscription = subscribers.add { completion in continuation.yield(completion) }
        continuation.onTermination = { [subscribers] _ in subscribers.remove(subscription) }
        return stream
    }
}

/// The completion handlers, in the order they were added; a count read without the lock
/// skips it entirely when nobody listens, the usual case.
final class Subscribers: Sendable {
    private typealias Handler = @Sendable (TraceCompletion) -> Void
    /// An array, not a dictionary by id: publishing copies it out of the lock on every
    /// completion, which for an array is one retain and for a dictionary's values a new array.
    private let handlers = Locked<(nextID: UInt64, list: [(id: UInt64, handler: Handler)])>((0, []))
    private let count = Atomic<Int>(0)

    func add(_ handler: @escaping @Sendable (TraceCompletion) -> Void) -> TraceStore.CompletionSubscription {
        let id = handlers.withLock { handlers in
            handlers.nextID += 1
            handlers.list.append((handlers.nextID, handler))
            count.store(handlers.list.count, ordering: .relaxed)
            return handlers.nextID
        }
        return TraceStore.CompletionSubscription(id: id)
    }

    func remove(_ subscription: TraceStore.CompletionSubscription) {
        handlers.withLock { handlers in
            handlers.list.removeAll { $0.id == subscription.id }
            count.store(handlers.list.count, ordering: .relaxed)
        }
    }

    /// Calls the handlers outside the lock, so that a handler may unsubscribe.
    func publish(_ completion: TraceCompletion) {
        guard count.load(ordering: .relaxed) > 0 else { return }
        let current = handlers.withLock { $0.list }
        for entry in current { entry.handler(completion) }
    }
}
