import Tracing
import W3CTraceContext

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A recording span: its fixed identity, its clock and its locked state. The context of
/// the span refers to it, which makes a child's parent lookup free.
final class SpanStorage: Sendable {
    let spanContext: SpanContext
    let parentSpanID: SpanID?
    let parentIsRemote: Bool
    let kind: SpanKind
    let timing: SpanTiming
    let tracer: SpanscopeTracer
    let state: Locked<SpanState>

    init(
        spanContext: SpanContext,
        parent: SpanContext?,
        kind: SpanKind,
        operationName: String,
        startNanos: UInt64,
        tracer: SpanscopeTracer
    ) {
        self.spanContext = spanContext
        self.parentSpanID = parent?.spanID
        self.parentIsRemote = parent?.isRemote ?? false
        self.kind = kind
        self.timing = SpanTiming(startNanos: startNanos)
        self.tracer = tracer
        self.state = Locked(SpanState(operationName: operationName))
    }

    var limits: SpanLimits { tracer.limits }

    /// Runs `body` under the lock once the attributes are not lent out. A loan lasts one
    /// in-place change of a dictionary, so waiting means yielding the thread a few times.
    func withReturnedAttributes<Result: Sendable>(_ body: (inout SpanState) -> Result) -> Result {
        while true {
            let result: Result? = state.withLock { state in
                state.attributesOnLoan ? nil : body(&state)
            }
            if let result { return result }
            sched_yield()
        }
    }
}
