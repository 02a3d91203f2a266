import Tracing
import W3CTraceContext

/// A recording span: its fixed identity, its clock and its state, with the state's lock in
/// the same allocation (the one tail element of the buffer). The context of the span refers
/// to it, which makes a child's parent lookup free.
///
/// Only `state` changes after `make`, and only under the lock; the other fields are read
/// without it.
final class SpanStorage: LockedBuffer<SpanStorageFields> {
    static func make(
        spanContext: SpanContext,
        parent: SpanContext?,
        kind: SpanKind,
        operationName: String,
        startNanos: UInt64,
        tracer: SpanscopeTracer
    ) -> SpanStorage {
        make {
            SpanStorageFields(
                spanContext: spanContext,
                parentSpanID: parent?.spanID,
                parentIsRemote: parent?.isRemote ?? false,
                kind: kind,
                timing: SpanTiming(startNanos: startNanos),
                tracer: tracer,
                state: SpanState(operationName: operationName, countLimit: tracer.limits.attributeCountLimit)
            )
        }
    }

    // The fixed fields are read through the header's address, not `header`: that is a
    // class's stored `var`, and each access to one is an exclusivity check in the runtime,
    // which every span start, attribute and end would pay.

    var spanContext: SpanContext { fields.pointee.spanContext }
    var parentSpanID: SpanID? { fields.pointee.parentSpanID }
    var parentIsRemote: Bool { fields.pointee.parentIsRemote }
    var kind: SpanKind { fields.pointee.kind }
    var timing: SpanTiming { fields.pointee.timing }
    var tracer: SpanscopeTracer { fields.pointee.tracer }
    var limits: SpanLimits { fields.pointee.tracer.limits }

    /// Stable for the storage's lifetime, like the lock's address.
    var fields: UnsafeMutablePointer<SpanStorageFields> {
        withUnsafeMutablePointerToHeader { $0 }
    }

    /// Runs `body` with the state while holding the span's lock; `body` must not take it again.
    func withLock<Result>(_ body: (inout SpanState) -> Result) -> Result {
        body(&value.state)
    }
}

/// What `SpanStorage` holds ahead of its lock.
struct SpanStorageFields {
    let spanContext: SpanContext
    let parentSpanID: SpanID?
    let parentIsRemote: Bool
    let kind: SpanKind
    let timing: SpanTiming
    let tracer: SpanscopeTracer
    var state: SpanState
}
