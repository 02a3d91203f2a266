public import Foundation
import SpanscopeHTTP
import SpanscopeTracing
import Synchronization

/// The traced requests a server is handling right now: `TracingMiddleware` adds each
/// request whose server span records when it starts and removes it once its response
/// has been written; the trace UI's `/debug/traces/active` lists them.
///
/// Cheap on the request path: one lock, and the entry stored in place in a slot that a
/// finished request freed, so a server in its steady state allocates nothing here. The
/// strings of an `Entry` are made only by `snapshot()`.
///
/// ```swift
/// let inFlight = InFlightRequests()
/// router.add(middleware: TracingMiddleware(tracer: tracer, inFlight: inFlight))
/// for entry in inFlight.snapshot() {
///     print(entry.method, entry.route ?? entry.path, entry.elapsed, entry.traceID)
/// }
/// ```
public final class InFlightRequests: Sendable {
    /// One request in flight, as `snapshot()` saw it.
    public struct Entry: Sendable, Hashable {
        public var traceID: String
        /// The server span's id.
        public var spanID: String
        public var serviceName: String
        public var method: String
        /// The matched route template; nil when nothing matched.
        public var route: String?
        /// The path as sent, still percent-encoded.
        public var path: String
        public var startTime: Date
        /// How long the request had been running when the snapshot was taken.
        public var elapsed: Duration
    }

    /// A running request, kept without building any string.
    private struct Running {
        var spanContext: SpanContext
        var serviceName: String
        var method: HTTPMethod
        var route: String?
        var path: Substring
        var start: ContinuousClock.Instant
    }

    private struct Slots {
        var running: [Running?] = []
        var free: [Int] = []
    }

    private let slots = Mutex(Slots())

    public init() {}

    /// The requests in flight now, the longest running first.
    public func snapshot() -> [Entry] {
        let running = slots.withLock { $0.running.compactMap { $0 } }
        let now = ContinuousClock.now
        let wallNow = Date()
        return running.sorted { $0.start < $1.start }.map { request in
            let elapsed = now - request.start
            return Entry(
                traceID: request.spanContext.traceID.description,
                spanID: request.spanContext.spanID.description,
                serviceName: request.serviceName,
                method: request.method.rawValue,
                route: request.route,
                path: String(request.path),
                startTime: wallNow.addingTimeInterval(-elapsed.seconds),
                elapsed: elapsed
            )
        }
    }

    /// The number of requests in flight.
    public var count: Int {
        slots.withLock { $0.running.count - $0.free.count }
    }

    /// Adds a request; `remove(_:)` takes the slot it returns.
    func add(spanContext: SpanContext, serviceName: String, request: Request, route: String?) -> Int {
        let running = Running(
            spanContext: spanContext,
            serviceName: serviceName,
            method: request.method,
            route: route,
            path: request.path,
            start: .now
        )
        return slots.withLock { slots in
            if let slot = slots.free.popLast() {
                slots.running[slot] = running
                return slot
            }
            slots.running.append(running)
            return slots.running.count - 1
        }
    }

    /// Removes the request `add` put in `slot`. Call it once per `add`.
    func remove(_ slot: Int) {
        slots.withLock { slots in
            slots.running[slot] = nil
            slots.free.append(slot)
        }
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
