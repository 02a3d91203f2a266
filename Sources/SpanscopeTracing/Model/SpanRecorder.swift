/// Receives every span the tracer ends: the trace store, and through it the exporters.
///
/// Called on the thread that ended the span, often a server's loop thread:
/// an implementation returns quickly and never blocks on I/O.
///
/// ```swift
/// struct PrintingRecorder: SpanRecorder {
///     func record(_ span: consuming SpanRecord) { print(span.name, span.durationNanos) }
/// }
/// ```
public protocol SpanRecorder: Sendable {
    /// The span is handed over (`consuming`): a recorder that keeps it, as the store does,
    /// keeps it without a copy. An implementation may also take it as a plain parameter.
    func record(_ span: consuming SpanRecord)
}
