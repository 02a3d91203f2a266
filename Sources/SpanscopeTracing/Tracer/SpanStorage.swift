import Tracing
import W3CTraceContext

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
}
